import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { ConversationEntity, ConversationEventEntity, ConversationEventKind } from './conversation.entity';

export interface Actor {
  kind: 'CLIENT' | 'OPERATOR' | 'SYSTEM';
  id: string | null;
}

/** Writes one line of the access log, in the same transaction as the change it records. */
export async function recordConversationEvent(
  m: EntityManager,
  conversation: Pick<ConversationEntity, 'id' | 'companyId' | 'operatorId' | 'groupId'>,
  kind: ConversationEventKind,
  actor: Actor,
  at = new Date(),
): Promise<void> {
  await m.insert(ConversationEventEntity, {
    id: randomUUID(),
    conversationId: conversation.id,
    companyId: conversation.companyId,
    kind,
    actorKind: actor.kind,
    actorId: actor.id,
    operatorId: conversation.operatorId,
    groupId: conversation.groupId,
    createdAt: at,
  });
}
