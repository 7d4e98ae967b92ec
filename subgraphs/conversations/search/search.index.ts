import { Column, Entity, EntityManager, PrimaryColumn, SelectQueryBuilder } from 'typeorm';
import type { Database, DatabaseKind } from '../../../kernel/database';
import { badInput } from '../../../kernel/errors';
import { insertRows } from '../../../kernel/hot-writes';

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
  for (const word of text
    .normalize('NFKC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)) {
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
  // Every message writes them (kernel/hot-writes.ts).
  await insertRows(
    m,
    SearchTermEntity,
    terms.map((term) => ({ conversationId: conversation.id, term, companyId: conversation.companyId })),
    { ignore: true },
  );
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

/** Up to this many conversations per word, a search narrows the page to an explicit id list. */
const NARROW_LIMIT = 2000;

const prefixMatch = (kind: DatabaseKind, word: string) => ({ operator: kind === 'sqlite' ? 'GLOB' : 'LIKE', pattern: kind === 'sqlite' ? `${word}*` : `${word}%` });

/**
 * How the conversation query should apply the search. Each word's conversations are probed on the
 * (company_id, term, conversation_id) index, at most NARROW_LIMIT + 1 of them: a rare word gives an
 * id list the page reads by primary key; when every word is common, matches are dense, and each
 * candidate conversation is checked on the primary key (conversation_id, term) instead, so the page
 * stops after its first rows. Words hold only letters and digits: the patterns need no escaping,
 * and SQLite uses an index for a prefix GLOB (case-sensitive; terms are stored lower-cased).
 */
export async function planSearch(db: Database, companyId: string, words: string[]): Promise<SearchPlan> {
  const probes = await Promise.all(
    words.map(async (word) => {
      const { operator, pattern } = prefixMatch(db.kind, word);
      const rows: { conversation_id: string }[] = await db.manager
        .createQueryBuilder(SearchTermEntity, 't')
        .select('DISTINCT t.conversation_id', 'conversation_id')
        .where(`t.company_id = :companyId AND t.term ${operator} :pattern`, { companyId, pattern })
        .limit(NARROW_LIMIT + 1)
        .getRawMany();
      return { word, ids: rows.map((row) => row.conversation_id) };
    }),
  );
  const narrowest = probes.reduce((best, probe) => (probe.ids.length < best.ids.length ? probe : best));
  const ids = narrowest.ids.length <= NARROW_LIMIT ? narrowest.ids : null;
  return { kind: db.kind, ids, checkWords: ids ? words.filter((word) => word !== narrowest.word) : words };
}

export interface SearchPlan {
  kind: DatabaseKind;
  /** The candidates, when some word is rare enough; null when every word is common. */
  ids: string[] | null;
  /** Words every candidate must still be checked for, on the primary key. */
  checkWords: string[];
}

/** Keeps the conversations (alias `c`) the plan matches. */
export function whereMatches<T extends object>(query: SelectQueryBuilder<T>, plan: SearchPlan): SelectQueryBuilder<T> {
  if (plan.ids) query.andWhere(plan.ids.length > 0 ? 'c.id IN (:...searchIds)' : '1 = 0', { searchIds: plan.ids });
  plan.checkWords.forEach((word, index) => {
    const { operator, pattern } = prefixMatch(plan.kind, word);
    query.andWhere(`EXISTS (SELECT 1 FROM search_terms t${index} WHERE t${index}.conversation_id = c.id AND t${index}.term ${operator} :searchWord${index})`, {
      [`searchWord${index}`]: pattern,
    });
  });
  return query;
}
