import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { insertRows } from '../../../kernel/hot-writes';
import { appendDurable } from '../../events';
import { ConversationEntity, ConversationEventEntity, ConversationEventKind } from './conversation.entity';

export interface Actor {
  kind: 'CLIENT' | 'OPERATOR' | 'SYSTEM';
  id: string | null;
}

/** Writes one line of the access log, and its durable event, in the same transaction as the change it records. */
export async function recordConversationEvent(
  m: EntityManager,
  conversation: Pick<ConversationEntity, 'id' | 'companyId' | 'operatorId' | 'groupId'>,
  kind: ConversationEventKind,
  actor: Actor,
  at = new Date(),
): Promise<void> {
  const line = {
    conversationId: conversation.id,
    companyId: conversation.companyId,
    kind,
    actorKind: actor.kind,
    actorId: actor.id,
    operatorId: conversation.operatorId,
    groupId: conversation.groupId,
  };
  await insertRows(m, ConversationEventEntity, [{ id: randomUUID(), ...line, createdAt: at }]);
  // The same line goes to the durable log, for consumers that follow conversations (routing, reports).
  await appendDurable(m, [{ event: { type: 'conversation.logged', ...line, at: at.toISOString() }, companyId: conversation.companyId, streamId: conversation.id }], at);
}
