import { In } from 'typeorm';
import type { Database } from '../../kernel/database';
import { loaderById, loaderGroupedBy } from '../../kernel/loaders';
import { ClientEntity, ClientNoteEntity } from './clients/client.entity';
import { ConversationEntity, ConversationEventEntity } from './conversations/conversation.entity';
import { MessageEntity } from './messages/message.entity';

export function createConversationsLoaders(db: Database) {
  const m = db.manager;
  return {
    clientById: loaderById((ids) => m.findBy(ClientEntity, { id: In([...ids]) })),
    conversationById: loaderById((ids) => m.findBy(ConversationEntity, { id: In([...ids]) })),
    messageById: loaderById((ids) => m.findBy(MessageEntity, { id: In([...ids]) })),
    notesByClient: loaderGroupedBy((ids) => m.find(ClientNoteEntity, { where: { clientId: In([...ids]) }, order: { createdAt: 'ASC' } }), (row) => row.clientId),
    eventsByConversation: loaderGroupedBy(
      (ids) => m.find(ConversationEventEntity, { where: { conversationId: In([...ids]) }, order: { createdAt: 'ASC' } }),
      (row) => row.conversationId,
    ),
  };
}

export type ConversationsLoaders = ReturnType<typeof createConversationsLoaders>;
