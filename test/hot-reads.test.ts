import { isDeepStrictEqual } from 'node:util';
import { In } from 'typeorm';
import type { EntityManager } from 'typeorm';
import { forUpdate, readerOf } from '../kernel/database';
import { entitiesFromRows, findWhereIn, preparedRead } from '../kernel/hot-reads';
import { findOperatorSession } from '../subgraphs/accounts/reads';
import { ClientEntity } from '../subgraphs/conversations/clients/client.entity';
import { lockClientWithOpenConversation } from '../subgraphs/conversations/clients/visitor.service';
import { ConversationEntity } from '../subgraphs/conversations/conversations/conversation.entity';
import { UserEntity } from '../subgraphs/accounts/users/user.entity';
import * as ops from './generated/graphql';
import { ok } from './support/client';
import { startTestGraph, TestGraph } from './support/graph';
import { addOperator, registerUser, setUpCompany, startVisitor } from './support/story';

/**
 * kernel/hot-reads.ts replaces TypeORM's findBy, getMany and getRawMany on the hot reads: on this
 * database it must return exactly what they return (for every entity that holds rows after a
 * short story: same classes, dates, booleans, JSON and nulls).
 */
describe('hot reads without the query builder', () => {
  let t: TestGraph;
  beforeAll(async () => {
    t = await startTestGraph();
    const company = await setUpCompany(t, 'Rows');
    const operator = await addOperator(t, company, 'Rita');
    const visitor = await startVisitor(t, company, 'Roman');
    const { sendVisitorMessage } = await ok(t.url, ops.SendVisitorMessageDocument, { text: 'Hello there' }, { token: visitor.token });
    const conversationId = sendVisitorMessage.conversation.id;
    await ok(t.url, ops.TakeConversationDocument, { id: conversationId }, { token: operator.token });
    await ok(t.url, ops.SendMessageDocument, { conversationId, text: 'Hi, Roman' }, { token: operator.token });
    await ok(t.url, ops.MarkConversationReadDocument, { id: conversationId }, { token: operator.token });
    await ok(t.url, ops.CloseConversationDocument, { id: conversationId }, { token: operator.token });
  });
  afterAll(() => t.stop());

  const manager = () => t.graph.runtime.db.manager;
  const byKey = (key: string) => (a: Record<string, unknown>, b: Record<string, unknown>) => String(a[key]).localeCompare(String(b[key]));

  it('findWhereIn returns what findBy returns, for every entity with rows', async () => {
    let compared = 0;
    for (const metadata of t.graph.runtime.db.dataSource.entityMetadatas) {
      const key = metadata.primaryColumns[0].propertyName;
      const some = await manager().find(metadata.target, { take: 3 });
      if (some.length === 0) continue;
      const keys = [...some.map((row) => row[key]), 'no-such-key'];
      const readBoth = async () => ({
        expected: (await manager().findBy(metadata.target, { [key]: In(keys) })).sort(byKey(key)),
        actual: (await findWhereIn(manager(), metadata.target, key, keys)).sort(byKey(key)),
      });
      // The graph's background consumers move their positions and leases between two reads: a
      // difference that a second pair of reads does not repeat was such a write, not the finder.
      let { expected, actual } = await readBoth();
      for (let attempt = 1; attempt < 3 && !isDeepStrictEqual(actual, expected); attempt++) ({ expected, actual } = await readBoth());
      expect({ entity: metadata.name, rows: actual }).toEqual({ entity: metadata.name, rows: expected });
      for (const row of actual) expect(Object.getPrototypeOf(row)).toBe(Object.getPrototypeOf(expected[0]));
      compared++;
    }
    // Users, companies, campaigns, clients, conversations, messages, the event log and more.
    expect(compared).toBeGreaterThan(15);
  });

  /** Runs `work` on a manager of its own connection and answers the SQL it sent (background consumers send their own). */
  const statementsOf = async (work: (m: EntityManager) => Promise<unknown>) => {
    const runner = t.graph.runtime.db.dataSource.createQueryRunner();
    const sent: string[] = [];
    const query = runner.query.bind(runner);
    runner.query = ((sql: string, ...rest: []) => {
      sent.push(sql);
      return query(sql, ...rest);
    }) as typeof runner.query;
    try {
      return { result: await work(runner.manager), sent };
    } finally {
      await runner.release();
    }
  };

  it('answers no keys without a statement, and unknown keys with nothing', async () => {
    expect(await statementsOf((m) => findWhereIn(m, 'UserEntity', 'id', []))).toEqual({ result: [], sent: [] });
    expect((await statementsOf((m) => findWhereIn(m, 'UserEntity', 'id', ['00000000-0000-0000-0000-000000000000']))).result).toEqual([]);
  });

  it('reads a thousand keys in one statement', async () => {
    const [user] = await manager().find('UserEntity', { take: 1 });
    const keys = [...Array.from({ length: 999 }, (_, i) => `missing-${i}`), user.id];
    const { result, sent } = await statementsOf((m) => findWhereIn(m, 'UserEntity', 'id', keys));
    expect(sent).toHaveLength(1);
    expect((result as { id: string }[]).map((row) => row.id)).toEqual([user.id]);
  });

  it('with only some properties, reads just those, as find with select does', async () => {
    const users = await manager().find(UserEntity, { take: 3 });
    const keys = users.map((user) => user.id);
    const only = ['id', 'name', 'displayName'] as const;
    const byId = (a: UserEntity, b: UserEntity) => a.id.localeCompare(b.id);
    const expected = (await manager().find(UserEntity, { select: { id: true, name: true, displayName: true }, where: { id: In(keys) } })).sort(byId);
    const { result, sent } = await statementsOf((m) => findWhereIn(m, UserEntity, 'id', keys, only));
    expect((result as UserEntity[]).sort(byId)).toEqual(expected);
    expect(sent[0]).not.toMatch(/email|password/);
  });

  it('entitiesFromRows hydrates a query builder’s raw rows as getMany does', async () => {
    const query = manager().createQueryBuilder('ConversationEntity', 'c').orderBy('c.id', 'ASC');
    const [sql, parameters] = query.getQueryAndParameters();
    const hydrated = entitiesFromRows(manager(), 'ConversationEntity', 'c', await manager().query(sql, parameters));
    expect(hydrated.length).toBeGreaterThan(0);
    expect(hydrated).toEqual(await query.getMany());
  });

  it('preparedRead binds each call’s parameters as getRawMany does, dates among them', async () => {
    const build = (m: EntityManager) =>
      m.createQueryBuilder('UserEntity', 'u').select(['u.id AS id', 'u.email AS email']).where('u.created_at > :since AND u.email LIKE :pattern').orderBy('u.email', 'ASC');
    const read = preparedRead<{ id: string; email: string }>(build);
    const cases = [
      { since: new Date(0), pattern: '%' },
      { since: new Date(Date.now() + 60_000), pattern: '%' },
      { since: new Date(0), pattern: 'rita%' },
    ];
    const answers = [];
    for (const parameters of cases) {
      const rows = await read(manager(), parameters);
      expect(rows).toEqual(await build(manager()).setParameters(parameters).getRawMany());
      answers.push(rows.length);
    }
    expect(answers[0]).toBeGreaterThan(answers[2]);
    expect(answers[1]).toBe(0);
    expect(answers[2]).toBe(1);
  });

  it("a request's session, memberships and groups are read in one statement, as the earlier three reads answered them", async () => {
    const first = await setUpCompany(t, 'Firsts');
    const second = await setUpCompany(t, 'Seconds');
    const sam = await addOperator(t, first, 'Sam');
    await ok(
      t.url,
      ops.AcceptInvitationDocument,
      {
        invitationId: (await ok(t.url, ops.InviteOperatorDocument, { companyId: second.companyId, email: sam.email }, { token: second.admin.token })).inviteOperator.id,
      },
      { token: sam.token },
    );
    await ok(t.url, ops.SetOperatorPermissionsDocument, { companyId: first.companyId, userId: sam.id, permissions: ['VIEW_REPORTS'] }, { token: first.admin.token });
    const groups = [];
    for (const [company, name] of [
      [first, 'Sales'],
      [first, 'Billing'],
      [second, 'Night shift'],
    ] as const) {
      groups.push((await ok(t.url, ops.CreateGroupDocument, { companyId: company.companyId, name, memberIds: [sam.id] }, { token: company.admin.token })).createGroup.id);
    }
    const loner = await registerUser(t, 'Lonely');

    const session = await statementsOf((m) => findOperatorSession(readerOf(m), sam.token));
    expect(session.sent).toHaveLength(1);
    // Ordered in JavaScript: an ORDER BY over the UNION costs MariaDB a temporary table and a sort.
    expect(session.sent[0]).not.toMatch(/ORDER BY/i);
    expect(session.result).toEqual({
      userId: sam.id,
      sessionId: expect.any(String),
      ipAllowlist: null,
      memberships: [
        { companyId: first.companyId, role: 'OPERATOR', permissions: ['VIEW_REPORTS'], groupIds: groups.slice(0, 2).sort() },
        { companyId: second.companyId, role: 'OPERATOR', permissions: [], groupIds: [groups[2]] },
      ],
    });
    // Without a company, and with no such token.
    expect((await statementsOf((m) => findOperatorSession(readerOf(m), loner.token))).result).toEqual({
      userId: loner.id,
      sessionId: expect.any(String),
      ipAllowlist: null,
      memberships: [],
    });
    expect(await statementsOf((m) => findOperatorSession(readerOf(m), 'no-such-token'))).toEqual({ result: null, sent: [expect.any(String)] });
    // A removed membership gives no access, and a signed-out session is no session.
    await ok(t.url, ops.RemoveOperatorDocument, { companyId: second.companyId, userId: sam.id }, { token: second.admin.token });
    expect((await findOperatorSession(readerOf(manager()), sam.token))?.memberships.map((each) => each.companyId)).toEqual([first.companyId]);
    await ok(t.url, ops.LogoutDocument, {}, { token: sam.token });
    expect(await findOperatorSession(readerOf(manager()), sam.token)).toBeNull();
  });

  it("a visitor message's first read (the client with their open conversation) returns what getOne returns, with and without one", async () => {
    const company = await setUpCompany(t, 'Locks');
    const open = await startVisitor(t, company, 'Olga');
    await ok(t.url, ops.SendVisitorMessageDocument, { text: 'Still there?' }, { token: open.token });
    const idle = await startVisitor(t, company, 'Ivan');
    const roman = await manager().findOneByOrFail(ClientEntity, { name: 'Roman' });
    // An open conversation, none yet, a closed one only, and no such client.
    for (const clientId of [open.clientId, idle.clientId, roman.id, 'no-such-client']) {
      const expected = await t.graph.runtime.db.transaction((m) =>
        forUpdate(
          m
            .createQueryBuilder(ClientEntity, 'client')
            .leftJoinAndMapOne('client.openConversation', ConversationEntity, 'conversation', "conversation.client_id = client.id AND conversation.status <> 'CLOSED'")
            .where('client.id = :clientId', { clientId }),
        ).getOne(),
      );
      const actual = await t.graph.runtime.db.transaction((m) => lockClientWithOpenConversation(m, clientId));
      expect(actual).toEqual(expected);
      if (expected) expect(Object.getPrototypeOf(actual)).toBe(Object.getPrototypeOf(expected));
    }
  });
});
