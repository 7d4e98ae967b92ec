import { Column, Entity, EntityManager, PrimaryColumn, SelectQueryBuilder } from 'typeorm';
import type { DatabaseKind } from '../../../kernel/database';
import { badInput } from '../../../kernel/errors';

/**
 * Search by client name and message text (seed 003): at least 3 characters, matching from the start
 * of a word. Each distinct word of a conversation is stored once in `search_terms`, lower-cased
 * and cut to 32 characters; a query word becomes a prefix range on (company_id, term), which both
 * databases answer from one B-tree index however many messages there are.
 */
@Entity('search_terms')
export class SearchTermEntity {
  @PrimaryColumn({ name: 'conversation_id', type: 'varchar', length: 36 }) conversationId: string;
  @PrimaryColumn({ type: 'varchar', length: 32 }) term: string;
  @Column({ name: 'company_id', type: 'varchar', length: 36 }) companyId: string;
}

const TERM_LENGTH = 32;
/** A message of a thousand distinct words indexes its first 200: enough to find it, bounded work. */
const MAX_TERMS_PER_TEXT = 200;
export const MIN_SEARCH_LENGTH = 3;
const MAX_SEARCH_WORDS = 5;

/** The words of a text as the index stores them: letters and digits, lower-cased, at most 32 characters. */
export function termsOf(text: string): string[] {
  const terms = new Set<string>();
  for (const word of text.normalize('NFKC').toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
    if (word === '') continue;
    terms.add([...word].slice(0, TERM_LENGTH).join(''));
    if (terms.size === MAX_TERMS_PER_TEXT) break;
  }
  return [...terms];
}

/** Adds a text's words to a conversation's terms, in the caller's transaction; known words are skipped. */
export async function indexText(m: EntityManager, conversation: { id: string; companyId: string }, text: string): Promise<void> {
  const terms = termsOf(text);
  if (terms.length === 0) return;
  await m
    .createQueryBuilder()
    .insert()
    .into(SearchTermEntity)
    .values(terms.map((term) => ({ conversationId: conversation.id, term, companyId: conversation.companyId })))
    .orIgnore()
    .execute();
}

/** The query's words, checked: at least 3 characters in all, at most 5 words. */
export function searchWords(raw: string): string[] {
  const trimmed = (raw ?? '').trim();
  if ([...trimmed].length < MIN_SEARCH_LENGTH) throw badInput('search', `Enter at least ${MIN_SEARCH_LENGTH} characters to search`);
  if (trimmed.length > 100) throw badInput('search', 'search must be at most 100 characters');
  const words = termsOf(trimmed);
  if (words.length === 0) throw badInput('search', 'search must contain letters or digits');
  if (words.length > MAX_SEARCH_WORDS) throw badInput('search', `search takes at most ${MAX_SEARCH_WORDS} words`);
  return words;
}

/**
 * Keeps the conversations (alias `c`) that have, for every word, a term starting with it. Words
 * hold only letters and digits, so the patterns need no escaping. SQLite uses an index for a
 * prefix GLOB (case-sensitive, and terms are stored lower-cased); MySQL for a prefix LIKE.
 */
export function whereMatches<T extends object>(query: SelectQueryBuilder<T>, kind: DatabaseKind, companyId: string, words: string[]): SelectQueryBuilder<T> {
  words.forEach((word, index) => {
    const prefix = kind === 'sqlite' ? 'GLOB' : 'LIKE';
    const pattern = kind === 'sqlite' ? `${word}*` : `${word}%`;
    query.andWhere(
      `c.id IN (SELECT t${index}.conversation_id FROM search_terms t${index} WHERE t${index}.company_id = :searchCompanyId AND t${index}.term ${prefix} :searchWord${index})`,
      { searchCompanyId: companyId, [`searchWord${index}`]: pattern },
    );
  });
  return query;
}
