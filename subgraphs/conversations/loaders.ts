import { In } from 'typeorm';
import type { Database } from '../../kernel/database';
import { loaderById } from '../../kernel/loaders';
import { ClientEntity } from './clients/client.entity';
import { ConversationEntity } from './conversations/conversation.entity';
import { MessageEntity } from './messages/message.entity';

export function createConversationsLoaders(db: Database) {
  const m = db.manager;
  return {
    clientById: loaderById((ids) => m.findBy(ClientEntity, { id: In([...ids]) })),
    conversationById: loaderById((ids) => m.findBy(ConversationEntity, { id: In([...ids]) })),
    messageById: loaderById((ids) => m.findBy(MessageEntity, { id: In([...ids]) })),
  };
}

export type ConversationsLoaders = ReturnType<typeof createConversationsLoaders>;
