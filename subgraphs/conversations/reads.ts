import { Between, In } from 'typeorm';
import type { Database } from '../../kernel/database';
import { ConversationEventEntity, ConversationEventKind } from './conversations/conversation.entity';
import { OperatorPresenceEntity } from './presence/presence.entity';

/** The conversations subgraph's exported read functions (see ARCHITECTURE.md, Data). */

/** Operators of the company who are online now. */
export function countAvailableOperators(db: Database, companyId: string): Promise<number> {
  return db.manager.countBy(OperatorPresenceEntity, { companyId, online: true });
}

export interface ConversationEventRecord {
  conversationId: string;
  kind: ConversationEventKind;
  createdAt: Date;
}

/** The access log of a company's conversations between two instants, oldest first. */
export async function conversationEventsBetween(
  db: Database,
  companyId: string,
  kinds: ConversationEventKind[],
  from: Date,
  to: Date,
): Promise<ConversationEventRecord[]> {
  return db.manager.find(ConversationEventEntity, {
    select: { conversationId: true, kind: true, createdAt: true },
    where: { companyId, kind: In(kinds), createdAt: Between(from, to) },
    order: { createdAt: 'ASC' },
  });
}

/** When each conversation was opened, for conversations whose first response is in the list. */
export async function openedAtOf(db: Database, conversationIds: string[]): Promise<Map<string, Date>> {
  if (conversationIds.length === 0) return new Map();
  const rows = await db.manager.find(ConversationEventEntity, {
    select: { conversationId: true, createdAt: true },
    where: { conversationId: In(conversationIds), kind: 'OPENED' },
  });
  return new Map(rows.map((row) => [row.conversationId, row.createdAt]));
}
