import type { Reader } from '../../../kernel/database';
import { MessengerDeliveryEntity } from './messenger.entity';

/** What the messenger accepted is billed: a failed or pending reply costs nothing. */
const BILLED = ['SENT', 'DELIVERED', 'READ'];

/**
 * Seed 002's dialog cost, by conversation: the messages sent to the client through a priced
 * channel, and their price in cents as the channel's was when each was queued. The one rule for
 * Conversation.dialogCostCents and the billing report.
 */
export async function dialogCostsOf(db: Reader, conversationIds: readonly string[]): Promise<Map<string, { paidMessages: number; cents: number }>> {
  if (conversationIds.length === 0) return new Map();
  const rows = await db.manager
    .createQueryBuilder(MessengerDeliveryEntity, 'd')
    .select('d.stream_id', 'conversationId')
    .addSelect('COUNT(*)', 'paidMessages')
    .addSelect('SUM(d.price_cents)', 'cents')
    .where('d.stream_id IN (:...ids) AND d.status IN (:...billed) AND d.price_cents > 0', { ids: [...conversationIds], billed: BILLED })
    .groupBy('d.stream_id')
    .getRawMany<{ conversationId: string; paidMessages: unknown; cents: unknown }>();
  return new Map(rows.map((row) => [row.conversationId, { paidMessages: Number(row.paidMessages), cents: Number(row.cents) }]));
}
