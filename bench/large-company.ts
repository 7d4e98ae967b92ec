import { randomUUID } from 'node:crypto';
import type { Database } from '../kernel/database';
import { termsOf } from '../subgraphs/conversations/search/search.index';

/**
 * Fills the bench company with a big history straight through SQL (the API would take hours):
 * CONVERSATIONS conversations with MESSAGES messages in all, words drawn from a Zipf-distributed
 * vocabulary like real chat text, plus a few planted words the search cases look for.
 */
export interface LargeCompany {
  conversations: number;
  messages: number;
  searchTerms: number;
  /** In exactly RARE_CONVERSATIONS conversations. */
  rareWord: string;
  /** A prefix of the most frequent word: matches a large share of all conversations. */
  commonPrefix: string;
  /** A client surname shared by about one conversation in a thousand. */
  clientSurname: string;
}

export const RARE_CONVERSATIONS = 5;
const VOCABULARY = 20000;
const WORDS_PER_MESSAGE = 6;
const BATCH = 500;

const FIRST_NAMES = ['Olena', 'Taras', 'Iryna', 'Bohdan', 'Marta', 'Ostap', 'Sofia', 'Andrii', 'Yulia', 'Petro', 'Anna', 'Maksym'];

/** Pronounceable made-up words, so that prefixes behave like a real language's. */
function makeVocabulary(size: number, random: () => number): string[] {
  const consonants = 'bdfgklmnprstvz';
  const vowels = 'aeiou';
  const words = new Set<string>(['hello', 'order', 'delivery', 'thanks', 'price', 'please']);
  while (words.size < size) {
    let word = '';
    const syllables = 2 + Math.floor(random() * 3);
    for (let i = 0; i < syllables; i++) word += consonants[Math.floor(random() * consonants.length)] + vowels[Math.floor(random() * vowels.length)];
    words.add(word);
  }
  return [...words];
}

/** A small deterministic generator, so every run searches the same data. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const stamp = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');

export async function fillLargeCompany(
  db: Database,
  target: { companyId: string; campaignId: string; operatorId: string; groupId: string },
  conversations: number,
  messages: number,
  log: (line: string) => void,
): Promise<LargeCompany> {
  const random = seeded(42);
  const vocabulary = makeVocabulary(VOCABULARY, random);
  // Zipf: the k-th word is about 1/k as frequent as the first.
  const harmonic: number[] = [];
  let total = 0;
  for (let k = 1; k <= vocabulary.length; k++) {
    total += 1 / k;
    harmonic.push(total);
  }
  const word = () => {
    const x = random() * total;
    let lo = 0;
    let hi = harmonic.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (harmonic[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return vocabulary[lo];
  };
  const rareWord = 'zebrafinch';
  const rareAt = new Set(Array.from({ length: RARE_CONVERSATIONS }, (_, i) => Math.floor(((i + 0.5) * conversations) / RARE_CONVERSATIONS)));
  const perConversation = Math.max(1, Math.round(messages / conversations));
  const started = Date.now();
  const now = Date.now();
  let searchTerms = 0;
  let messageCount = 0;

  const insert = async (table: string, columns: string[], rows: unknown[][]) => {
    for (let i = 0; i < rows.length; i += BATCH) {
      const chunk = rows.slice(i, i + BATCH);
      const placeholders = chunk.map(() => `(${columns.map(() => '?').join(', ')})`).join(', ');
      await db.dataSource.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${placeholders}`, chunk.flat());
    }
  };

  for (let offset = 0; offset < conversations; offset += 1000) {
    const clients: unknown[][] = [];
    const conversationRows: unknown[][] = [];
    const messageRows: unknown[][] = [];
    const termRows: unknown[][] = [];
    for (let n = offset; n < Math.min(offset + 1000, conversations); n++) {
      const clientId = randomUUID();
      const conversationId = randomUUID();
      const name = `${FIRST_NAMES[n % FIRST_NAMES.length]} ${n % 1000 === 1 ? 'Zhuravel' : vocabulary[n % 5000]}`;
      const createdMs = now - (conversations - n) * 60_000;
      clients.push([clientId, target.companyId, target.campaignId, name, 'uk', stamp(createdMs)]);
      // A third waits in Unassigned (half of those in the bench group), a tenth is in the bench
      // operator's inbox, the rest is closed by them.
      const kind = n % 10;
      const status = kind < 3 ? 'UNASSIGNED' : kind === 3 ? 'ASSIGNED' : 'CLOSED';
      const terms = new Set(termsOf(name));
      let lastMessageId = '';
      let clientMessages = 0;
      let lastAuthor = 'CLIENT';
      for (let seq = 1; seq <= perConversation; seq++) {
        const id = randomUUID();
        lastMessageId = id;
        lastAuthor = seq % 2 === 1 ? 'CLIENT' : 'OPERATOR';
        if (lastAuthor === 'CLIENT') clientMessages++;
        const words = Array.from({ length: WORDS_PER_MESSAGE }, word);
        if (seq === 1 && rareAt.has(n)) words.push(rareWord);
        const text = words.join(' ');
        for (const term of termsOf(text)) terms.add(term);
        messageRows.push([id, conversationId, seq, lastAuthor, lastAuthor === 'CLIENT' ? clientId : target.operatorId, text, stamp(createdMs + seq * 1000)]);
      }
      const lastMs = createdMs + perConversation * 1000;
      conversationRows.push([
        conversationId,
        target.companyId,
        clientId,
        target.campaignId,
        status,
        status === 'UNASSIGNED' ? null : target.operatorId,
        status === 'UNASSIGNED' && n % 2 === 0 ? target.groupId : null,
        perConversation,
        lastMessageId,
        clientMessages,
        lastAuthor,
        'WIDGET',
        stamp(lastMs),
        stamp(lastMs),
        status === 'CLOSED' ? target.operatorId : null,
        stamp(createdMs),
      ]);
      for (const term of terms) termRows.push([conversationId, term, target.companyId]);
      messageCount += perConversation;
    }
    await db.transaction(async () => {
      await insert('clients', ['id', 'company_id', 'campaign_id', 'name', 'language', 'created_at'], clients);
      await insert(
        'conversations',
        [
          'id',
          'company_id',
          'client_id',
          'campaign_id',
          'status',
          'operator_id',
          'group_id',
          'last_seq',
          'last_message_id',
          'client_message_count',
          'last_author_kind',
          'channel',
          'status_changed_at',
          'last_activity_at',
          'closed_by',
          'created_at',
        ],
        conversationRows,
      );
      await insert('messages', ['id', 'conversation_id', 'seq', 'author_kind', 'author_id', 'text', 'created_at'], messageRows);
      await insert('search_terms', ['conversation_id', 'term', 'company_id'], termRows);
    });
    searchTerms += termRows.length;
    if ((offset / 1000) % 20 === 19)
      log(`  ${offset + 1000} conversations, ${messageCount} messages, ${searchTerms} search terms (${Math.round((Date.now() - started) / 1000)} s)`);
  }
  // Production databases keep statistics; without them the planners guess.
  if (db.kind === 'mysql') {
    for (const table of ['clients', 'conversations', 'messages', 'search_terms']) await db.dataSource.query(`ANALYZE TABLE ${table}`);
  } else await db.dataSource.query('ANALYZE');
  return { conversations, messages: messageCount, searchTerms, rareWord, commonPrefix: vocabulary[0].slice(0, 3), clientSurname: 'zhurav' };
}
