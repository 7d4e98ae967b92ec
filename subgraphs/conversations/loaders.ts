import DataLoader from 'dataloader';
import { In } from 'typeorm';
import type { Identity } from '../../kernel/auth';
import type { Database } from '../../kernel/database';
import { findWhereIn } from '../../kernel/hot-reads';
import { loaderById, loaderByUniqueKey, loaderGroupedBy } from '../../kernel/loaders';
import { AttachmentEntity } from './attachments/attachment.entity';
import { ClientEntity, ClientNoteEntity } from './clients/client.entity';
import { ConversationEntity, ConversationEventEntity, ConversationReadEntity } from './conversations/conversation.entity';
import { MessageEntity } from './messages/message.entity';
import { MessengerDeliveryEntity } from './messengers/messenger.entity';
import { dialogCostsOf } from './messengers/dialog-cost';
import { displayNamesOf } from '../accounts/reads';
import { existingSuccessCodeIds, surveysOf } from '../campaigns/reads';
import { ConversationSuccessCodeEntity } from './success-codes/conversation-success-code.entity';
import { MessageTagEntity, TagEntity } from './tags/tag.entity';

export function createConversationsLoaders(db: Database, identity: Identity) {
  const m = db.manager;
  const viewerId = identity.kind === 'operator' ? identity.userId : null;
  return {
    /** The viewing operator's read marks (client messages read), by conversation id. */
    viewerReadCount: new DataLoader<string, number>(async (ids) => {
      const rows = viewerId ? await m.findBy(ConversationReadEntity, { userId: viewerId, conversationId: In([...ids]) }) : [];
      const byConversation = new Map(rows.map((row) => [row.conversationId, row.readCount]));
      return ids.map((id) => byConversation.get(id) ?? 0);
    }),
    clientById: loaderById((ids) => findWhereIn(m, ClientEntity, 'id', ids)),
    conversationById: loaderById((ids) => findWhereIn(m, ConversationEntity, 'id', ids)),
    messageById: loaderById((ids) => findWhereIn(m, MessageEntity, 'id', ids)),
    successCodesByConversation: loaderGroupedBy(
      async (ids) => {
        const rows = await m.find(ConversationSuccessCodeEntity, { where: { conversationId: In([...ids]) }, order: { createdAt: 'ASC', successCodeId: 'ASC' } });
        const existing = await existingSuccessCodeIds(db, [...new Set(rows.map((row) => row.successCodeId))]);
        return rows.filter((row) => existing.has(row.successCodeId));
      },
      (row) => row.conversationId,
    ),
    /** Operators' names (accounts subgraph); users are never deleted, so a missing one is an error. */
    displayNameByUser: new DataLoader<string, string>(async (ids) => {
      const names = await displayNamesOf(db, ids);
      return ids.map((id) => names.get(id) ?? new Error(`User ${id} not found`));
    }),
    /** Campaigns' customer surveys (campaigns subgraph). */
    surveyByCampaign: loaderById((ids) => surveysOf(db, ids)),
    notesByClient: loaderGroupedBy(
      (ids) => m.find(ClientNoteEntity, { where: { clientId: In([...ids]) }, order: { createdAt: 'ASC' } }),
      (row) => row.clientId,
    ),
    messengerDeliveryByMessage: loaderByUniqueKey(
      (messageIds) => findWhereIn(m, MessengerDeliveryEntity, 'messageId', messageIds),
      (row) => row.messageId,
    ),
    /** Seed 002's dialog cost in cents, by conversation. */
    dialogCostByConversation: new DataLoader<string, number>(async (ids) => {
      const costs = await dialogCostsOf(db, ids);
      return ids.map((id) => costs.get(id)?.cents ?? 0);
    }),
    attachmentByMessage: loaderByUniqueKey(
      (messageIds) => findWhereIn(m, AttachmentEntity, 'messageId', messageIds),
      (row) => row.messageId!,
    ),
    tagsByMessage: loaderGroupedBy(
      (messageIds) =>
        m
          .createQueryBuilder(MessageTagEntity, 'mt')
          .innerJoin(TagEntity, 't', 't.id = mt.tag_id')
          .select(['mt.message_id AS messageId', 't.id AS id', 't.name AS name', 't.created_at AS createdAt'])
          .where('mt.message_id IN (:...messageIds)', { messageIds })
          .orderBy('t.name', 'ASC')
          .getRawMany<{ messageId: string; id: string; name: string; createdAt: Date | string }>()
          .then((rows) => rows.map((row) => ({ ...row, createdAt: new Date(row.createdAt) }))),
      (row) => row.messageId,
    ),
    eventsByConversation: loaderGroupedBy(
      (ids) => m.find(ConversationEventEntity, { where: { conversationId: In([...ids]) }, order: { createdAt: 'ASC' } }),
      (row) => row.conversationId,
    ),
  };
}

export type ConversationsLoaders = ReturnType<typeof createConversationsLoaders>;
