import { MoreThan } from 'typeorm';
import type { Database } from '../../../kernel/database';
import { badInput } from '../../../kernel/errors';
import { decodeCursor, DEFAULT_PAGE_SIZE, encodeCursor, MAX_PAGE_SIZE } from '../../../kernel/pagination';
import * as validate from '../../../kernel/validate';
import { MessageEntity } from './message.entity';

export interface MessagePage {
  rows: MessageEntity[];
  hasNextPage: boolean;
}

/** A conversation's messages in seq order; the cursor is the seq, so replay after a seq is one range scan. */
export async function messagesAfter(db: Database, conversationId: string, args: { first?: number | null; after?: string | null; afterSeq?: number | null }): Promise<MessagePage> {
  const size = validate.pageSize('first', args.first, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  const cursor = decodeCursor('after', args.after);
  if (args.afterSeq !== null && args.afterSeq !== undefined && (!Number.isInteger(args.afterSeq) || args.afterSeq < 0)) {
    throw badInput('afterSeq', 'afterSeq must be a whole number, 0 or more');
  }
  const fromSeq = Math.max(Number(cursor?.[0] ?? 0), args.afterSeq ?? 0);
  const rows = await db.manager.find(MessageEntity, {
    where: { conversationId, seq: MoreThan(fromSeq) },
    order: { seq: 'ASC' },
    take: size + 1,
  });
  return { rows: rows.slice(0, size), hasNextPage: rows.length > size };
}

export const messageCursor = (message: MessageEntity) => encodeCursor([message.seq]);
