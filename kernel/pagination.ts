import { Directive, Field, ObjectType } from 'type-graphql';
import { badInput } from './errors';

/**
 * Relay cursors are opaque to clients; inside they are the sort key of the row they point at,
 * so a page is one indexed range scan whatever its depth.
 */
export function encodeCursor(key: (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(field: string, cursor: string | null | undefined): (string | number)[] | undefined {
  if (cursor === null || cursor === undefined) return undefined;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.every((part) => typeof part === 'string' || typeof part === 'number')) return key;
  } catch {
    // fall through to the error below
  }
  throw badInput(field, `${field} is not a cursor this list handed out`);
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** Relay's PageInfo, the same in every subgraph (hence shareable). */
@Directive('@shareable')
@ObjectType('PageInfo')
export class PageInfo {
  @Field() hasNextPage: boolean;
  @Field(() => String, { nullable: true }) endCursor: string | null;
}
