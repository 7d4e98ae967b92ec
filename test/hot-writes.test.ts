import { randomUUID } from 'node:crypto';
import { In } from 'typeorm';
import type { EntityManager } from 'typeorm';
import { forUpdate } from '../kernel/database';
import { EventLogEntity } from '../kernel/event-log';
import { insertRows } from '../kernel/hot-writes';
import { ConversationEntity, ConversationReadEntity } from '../subgraphs/conversations/conversations/conversation.entity';
import { appendMessage, lockConversation, markRead } from '../subgraphs/conversations/messages/message.builder';
import { MessageEntity } from '../subgraphs/conversations/messages/message.entity';
import { SearchTermEntity } from '../subgraphs/conversations/search/search.index';
import * as ops from './generated/graphql';
import { ok } from './support/client';
import { startTestGraph, TestGraph } from './support/graph';
import { addOperator, setUpCompany, startVisitor } from './support/story';

/**
 * kernel/hot-writes.ts replaces TypeORM's insert and update builders on the writes every message
 * makes: on this database what it stores must be exactly what the builders store. Each case runs
 * in a transaction that is rolled back, so the rows compared are the only ones written.
 */
describe('hot writes without the query builder', () => {
  let t: TestGraph;
  let conversationId: string;
  let companyId: string;
  let operatorId: string;
  beforeAll(async () => {
    t = await startTestGraph();
    const company = await setUpCompany(t, 'Writes');
    companyId = company.companyId;
    const operator = await addOperator(t, company, 'Wanda');
    operatorId = operator.id;
    const visitor = await startVisitor(t, company, 'Walter');
    const { sendVisitorMessage } = await ok(t.url, ops.SendVisitorMessageDocument, { text: 'Hello' }, { token: visitor.token });
    conversationId = sendVisitorMessage.conversation.id;
    await ok(t.url, ops.TakeConversationDocument, { id: conversationId }, { token: operator.token });
  });
  afterAll(() => t.stop());

  /** Runs `work` in a transaction that is rolled back at its end, and answers what `work` answered. */
  async function rolledBack<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    const rollback = new Error('rolled back on purpose');
    let answer: T | undefined;
    await expect(
      t.graph.runtime.db.transaction(async (m) => {
        answer = await work(m);
        throw rollback;
      }),
    ).rejects.toBe(rollback);
    return answer as T;
  }

  const without = <T extends object>(row: T, ...keys: (keyof T)[]) => Object.fromEntries(Object.entries(row).filter(([key]) => !keys.includes(key as keyof T)));

  it('stores a message as m.insert does: text as sent, nulls, milliseconds', async () => {
    const createdAt = new Date(Date.UTC(2026, 10, 23, 4, 5, 6, 789));
    const variants = [
      { authorKind: 'CLIENT' as const, authorId: null, text: '  leading spaces, emoji 🙂 and "quotes"', clientMessageId: null },
      { authorKind: 'OPERATOR' as const, authorId: operatorId, text: 'x'.repeat(5000), clientMessageId: 'client-1' },
    ];
    const [stored, expected] = await rolledBack(async (m) => {
      const ours = variants.map((variant, i) => ({ id: randomUUID(), conversationId, seq: 1000 + i, createdAt, ...variant }));
      const theirs = variants.map((variant, i) => ({
        id: randomUUID(),
        conversationId,
        seq: 2000 + i,
        createdAt,
        ...variant,
        clientMessageId: variant.clientMessageId && 'client-2',
      }));
      await insertRows(m, MessageEntity, ours);
      for (const row of theirs) await m.insert(MessageEntity, row);
      const read = async (rows: { id: string }[]) => (await m.findBy(MessageEntity, { id: In(rows.map((row) => row.id)) })).sort((a, b) => a.seq - b.seq);
      return [await read(ours), await read(theirs)];
    });
    expect(stored).toHaveLength(2);
    expect(stored.map((row) => without(row, 'id', 'seq', 'clientMessageId'))).toEqual(expected.map((row) => without(row, 'id', 'seq', 'clientMessageId')));
    expect(stored[0].createdAt).toEqual(createdAt);
    expect(stored[1].clientMessageId).toBe('client-1');
  });

  it('stores events as m.insert does, each with its own position from the auto-increment', async () => {
    const at = new Date(Date.UTC(2026, 10, 23, 4, 5, 6, 7));
    const events = (type: string) => [
      { id: randomUUID(), type, companyId, streamId: conversationId, payload: JSON.stringify({ text: 'ünïcode 🙂' }), createdAt: at },
      { id: randomUUID(), type, companyId: null, streamId: null, payload: '{}', createdAt: at },
    ];
    const [stored, expected] = await rolledBack(async (m) => {
      const ours = events('test.ours');
      const theirs = events('test.theirs');
      await insertRows(m, EventLogEntity, ours);
      await m.insert(EventLogEntity, theirs);
      const read = async (type: string) => (await m.findBy(EventLogEntity, { type })).sort((a, b) => Number(a.position) - Number(b.position));
      return [await read('test.ours'), await read('test.theirs')];
    });
    expect(stored).toHaveLength(2);
    expect(stored.map((row) => without(row, 'id', 'position', 'type'))).toEqual(expected.map((row) => without(row, 'id', 'position', 'type')));
    expect(Number(stored[1].position)).toBeGreaterThan(Number(stored[0].position));
  });

  it('with ignore, keeps a stored row and adds the new ones, as orIgnore does', async () => {
    const stored = await rolledBack(async (m) => {
      const term = (word: string, company: string) => ({ conversationId, term: `hotwrite${word}`, companyId: company });
      await insertRows(m, SearchTermEntity, [term('alpha', companyId), term('beta', companyId)], { ignore: true });
      await insertRows(m, SearchTermEntity, [term('beta', 'another-company'), term('gamma', 'another-company')], { ignore: true });
      return m.findBy(SearchTermEntity, { conversationId, term: In(['hotwritealpha', 'hotwritebeta', 'hotwritegamma']) });
    });
    expect(stored.map(({ term, companyId: company }) => `${term} ${company === companyId ? 'first' : 'second'}`).sort()).toEqual([
      'hotwritealpha first',
      'hotwritebeta first',
      'hotwritegamma second',
    ]);
  });

  it('with overwrite, updates the stored row, as orUpdate does (an operator’s read mark)', async () => {
    const first = new Date(Date.UTC(2026, 0, 1, 0, 0, 0, 1));
    const second = new Date(Date.UTC(2026, 0, 2, 0, 0, 0, 2));
    const userId = randomUUID();
    const stored = await rolledBack(async (m) => {
      await markRead(m, conversationId, userId, 3, first);
      await markRead(m, conversationId, userId, 5, second);
      return m.findBy(ConversationReadEntity, { conversationId, userId });
    });
    expect(stored).toEqual([Object.assign(new ConversationReadEntity(), { conversationId, userId, readCount: 5, readAt: second })]);
  });

  it('lockConversation returns what getOne returns, and null for no such conversation', async () => {
    for (const id of [conversationId, randomUUID()]) {
      const expected = await t.graph.runtime.db.transaction((m) =>
        forUpdate(m.createQueryBuilder(ConversationEntity, 'conversation').where('conversation.id = :id', { id })).getOne(),
      );
      const actual = await t.graph.runtime.db.transaction((m) => lockConversation(m, id));
      expect(actual).toEqual(expected ?? null);
      if (expected) expect(Object.getPrototypeOf(actual)).toBe(Object.getPrototypeOf(expected));
    }
  });

  it("the append's update moves the counters once: a writer holding a stale row fails instead of skipping a number", async () => {
    const outcome = await rolledBack(async (m) => {
      const locked = (await lockConversation(m, conversationId))!;
      const first = await appendMessage(m, locked, { authorKind: 'CLIENT', authorId: null, text: 'one', clientMessageId: null });
      const stored = await m.findOneByOrFail(ConversationEntity, { id: conversationId });
      const stale = await appendMessage(m, locked, { authorKind: 'CLIENT', authorId: null, text: 'two', clientMessageId: null }).then(
        () => 'stored',
        (error: Error) => error.message,
      );
      return { locked, first, stored, stale };
    });
    expect(outcome.first.message.seq).toBe(outcome.locked.lastSeq + 1);
    expect(outcome.stored).toEqual(outcome.first.conversation);
    expect(outcome.stored.clientMessageCount).toBe(outcome.locked.clientMessageCount + 1);
    expect(outcome.stored.lastMessageId).toBe(outcome.first.message.id);
    expect(outcome.stale).toMatch(/changed after it was read/);
  });
});
