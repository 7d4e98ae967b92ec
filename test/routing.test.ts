import type { EntityManager } from 'typeorm';
import { RoutingLevelEntity, RoutingMemberEntity } from '../subgraphs/campaigns/routing/routing.entity';
import { routingLevelsOfCampaigns } from '../subgraphs/campaigns/routing/routing.service';
import { pickOperator } from '../subgraphs/conversations/routing/router';
import * as ops from './generated/graphql';
import { errorCode, eventually, ok, request } from './support/client';
import { startTestGraph, TestGraph } from './support/graph';
import { addOperator, Company, Operator, setUpCompany, startVisitor } from './support/story';

/** Routing (seed 004, widget-and-routing.graphql): levels, the five methods, fall-through, limits under a race, the queue. */
describe('routing', () => {
  let t: TestGraph;
  beforeAll(async () => {
    t = await startTestGraph();
  });
  afterAll(() => t.stop());

  interface Team {
    company: Company;
    campaignId: string;
    operators: Operator[];
  }

  /** A company with `size` operators besides the admin, each with the chat limit given (null: none), online unless said. */
  async function team(name: string, limits: (number | null)[], online = limits.map(() => true)): Promise<Team> {
    const company = await setUpCompany(t, name);
    const asAdmin = { token: company.admin.token };
    const { campaigns } = await ok(t.url, ops.CampaignsDocument, { companyId: company.companyId }, asAdmin);
    const operators: Operator[] = [];
    for (const [i, limit] of limits.entries()) {
      const operator = await addOperator(t, company, `${name}Op${i}`);
      await ok(t.url, ops.SetOperatorChatLimitsDocument, { companyId: company.companyId, userId: operator.id, maxChats: limit }, asAdmin);
      if (online[i]) await ok(t.url, ops.SetOnlineStatusDocument, { companyId: company.companyId, online: true }, { token: operator.token });
      operators.push(operator);
    }
    return { company, campaignId: campaigns[0].id, operators };
  }
  const route = (team: Team, levels: ops.RoutingLevelInput[], forwarding?: ops.ForwardingLevelInput) =>
    ok(t.url, ops.SetCampaignRoutingDocument, { campaignId: team.campaignId, levels, forwarding }, { token: team.company.admin.token });
  const level = (method: ops.RoutingMethod, operators: Operator[], title: string = method): ops.RoutingLevelInput => ({ title, method, userIds: operators.map((o) => o.id) });
  /** A new visitor's first message; resolves to who got the conversation (null: it waits in Unassigned). */
  async function open(team: Team, name: string): Promise<{ id: string; operatorId: string | null }> {
    const visitor = await startVisitor(t, team.company, name);
    const { sendVisitorMessage } = await ok(t.url, ops.SendVisitorMessageDocument, { text: 'Hi' }, { token: visitor.token });
    return { id: sendVisitorMessage.conversation.id, operatorId: await operatorOf(team, sendVisitorMessage.conversation.id) };
  }
  const operatorOf = async (team: Team, id: string) =>
    (await ok(t.url, ops.ConversationRoutingDocument, { id }, { token: team.company.admin.token })).conversation!.operator?.id ?? null;
  const openMany = async (team: Team, count: number) => {
    const picks: (string | null)[] = [];
    for (let i = 0; i < count; i++) picks.push((await open(team, `V${i}`)).operatorId);
    return picks;
  };
  const countsOf = (picks: (string | null)[], operators: Operator[]) => operators.map((o) => picks.filter((pick) => pick === o.id).length);

  it("reads campaigns' levels with their members, in order, in one statement; a level whose members are gone reads as empty", async () => {
    const squad = await team('LevelReads', [null, null, null]);
    const [a, b, c] = squad.operators;
    const { createGroup } = await ok(t.url, ops.CreateGroupDocument, { companyId: squad.company.companyId, name: 'Day', memberIds: [b.id] }, { token: squad.company.admin.token });
    await route(squad, [{ ...level('SEQUENTIAL', [c, a], 'First'), groupIds: [createGroup.id] }, level('RANDOM', [b], 'Second')], { enabled: true, userIds: [a.id] });
    const unrouted = await team('LevelReadsNone', []);
    const db = t.graph.runtime.db;
    // As if every member of the second level had been deleted underneath it.
    const second = await db.manager.findOneByOrFail(RoutingLevelEntity, { campaignId: squad.campaignId, position: 1 });
    await db.manager.delete(RoutingMemberEntity, { levelId: second.id });
    // Background consumers poll meanwhile and only ever add: the least of a few tries is the read's own.
    let least = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 3; i++) {
      const before = db.statements;
      await routingLevelsOfCampaigns(db, [squad.campaignId, unrouted.campaignId]);
      least = Math.min(least, db.statements - before);
    }
    expect(least).toBe(1);
    const levels = await routingLevelsOfCampaigns(db, [squad.campaignId, unrouted.campaignId]);
    expect(levels.map(({ campaignId, position, title, method, userIds, groupIds }) => ({ campaignId, position, title, method, userIds, groupIds }))).toEqual([
      { campaignId: squad.campaignId, position: -1, title: 'Forwarding', method: 'LEAST_CHATS', userIds: [a.id], groupIds: [] },
      { campaignId: squad.campaignId, position: 0, title: 'First', method: 'SEQUENTIAL', userIds: [c.id, a.id], groupIds: [createGroup.id] },
      { campaignId: squad.campaignId, position: 1, title: 'Second', method: 'RANDOM', userIds: [], groupIds: [] },
    ]);
    expect(await routingLevelsOfCampaigns(db, [unrouted.campaignId])).toEqual([]);
    expect(await routingLevelsOfCampaigns(db, [])).toEqual([]);
  });

  it('stores levels and the forwarding level, checked, all or nothing', async () => {
    const squad = await team('Levels', [null, null]);
    const [a, b] = squad.operators;
    const { createGroup } = await ok(
      t.url,
      ops.CreateGroupDocument,
      { companyId: squad.company.companyId, name: 'Night', memberIds: [b.id] },
      { token: squad.company.admin.token },
    );
    const set = await route(squad, [{ title: 'First line', method: 'SEQUENTIAL', userIds: [a.id], groupIds: [createGroup.id] }, level('RANDOM', [b])], {
      enabled: true,
      userIds: [a.id],
    });
    expect(set.setCampaignRouting.routing).toEqual([
      { title: 'First line', method: 'SEQUENTIAL', users: [{ id: a.id }], groups: [{ id: createGroup.id }] },
      { title: 'RANDOM', method: 'RANDOM', users: [{ id: b.id }], groups: [] },
    ]);
    expect(set.setCampaignRouting.forwarding).toEqual({ enabled: true, users: [{ id: a.id }], groups: [] });

    const stranger = await setUpCompany(t, 'LevelsElsewhere');
    const asAdmin = { token: squad.company.admin.token };
    const bad: ops.RoutingLevelInput[][] = [
      [{ title: '', method: 'RANDOM', userIds: [a.id] }],
      [{ title: 'Nobody', method: 'RANDOM' }],
      [{ title: 'Foreign', method: 'RANDOM', userIds: [stranger.admin.id] }],
      [{ title: 'Bad id', method: 'RANDOM', userIds: ['x'] }],
      [{ title: 'Foreign group', method: 'RANDOM', groupIds: ['00000000-0000-4000-8000-000000000000'] }],
      Array.from({ length: 21 }, (_, i) => ({ title: `L${i}`, method: 'RANDOM' as const, userIds: [a.id] })),
    ];
    for (const levels of bad) {
      expect(await errorCode(t.url, ops.SetCampaignRoutingDocument, { campaignId: squad.campaignId, levels }, asAdmin)).toBe('BAD_USER_INPUT');
    }
    expect(await errorCode(t.url, ops.SetCampaignRoutingDocument, { campaignId: squad.campaignId, levels: [], forwarding: { enabled: true } }, asAdmin)).toBe('BAD_USER_INPUT');
    expect(await errorCode(t.url, ops.SetCampaignRoutingDocument, { campaignId: squad.campaignId, levels: [] }, { token: a.token })).toBe('FORBIDDEN');
    expect(await errorCode(t.url, ops.SetCampaignRoutingDocument, { campaignId: squad.campaignId, levels: [] }, { token: stranger.admin.token })).toBe('NOT_FOUND');
    const after = (
      await ok(
        t.url,
        ops.SetCampaignRoutingDocument,
        {
          campaignId: squad.campaignId,
          levels: set.setCampaignRouting.routing.map((l) => ({ title: l.title, method: l.method, userIds: l.users.map((u) => u.id), groupIds: l.groups.map((g) => g.id) })),
          forwarding: { enabled: true, userIds: [a.id] },
        },
        asAdmin,
      )
    ).setCampaignRouting;
    expect(after).toEqual(set.setCampaignRouting);
  });

  it('SEQUENTIAL goes round the level in order, exactly; the access log says ROUTED', async () => {
    const squad = await team('Sequential', [null, null, null]);
    await route(squad, [level('SEQUENTIAL', squad.operators)]);
    const picks = await openMany(squad, 9);
    const ids = squad.operators.map((o) => o.id);
    expect(picks).toEqual([...ids, ...ids, ...ids]);
    const first = await open(squad, 'Logged');
    const { conversation } = await ok(t.url, ops.ConversationRoutingDocument, { id: first.id }, { token: squad.company.admin.token });
    expect(conversation!.log.map((entry) => entry.kind)).toEqual(['OPENED', 'ROUTED']);
    expect(conversation!.log[1]).toEqual({ kind: 'ROUTED', actorKind: 'SYSTEM', operator: { id: ids[0] } });

    // A new level's first round with nine visitors at once: still three each.
    const racing = await team('SequentialRace', [null, null, null]);
    await route(racing, [level('SEQUENTIAL', racing.operators)]);
    const visitors = await Promise.all(Array.from({ length: 9 }, (_, i) => startVisitor(t, racing.company, `Racer${i}`)));
    const sent = await Promise.all(visitors.map((visitor) => ok(t.url, ops.SendVisitorMessageDocument, { text: 'Hi' }, { token: visitor.token })));
    const raced = await Promise.all(sent.map((response) => operatorOf(racing, response.sendVisitorMessage.conversation.id)));
    expect(countsOf(raced, racing.operators)).toEqual([3, 3, 3]);
  });

  it('LEAST_CHATS keeps open chats within one of each other', async () => {
    const squad = await team('Least', [null, null, null]);
    await route(squad, [level('LEAST_CHATS', squad.operators)]);
    const counts = countsOf(await openMany(squad, 10), squad.operators);
    expect(counts.reduce((a, b) => a + b)).toBe(10);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
  });

  it('MOST_SPACE gives to the one with the most free places; MOST_CHATS fills one operator at a time', async () => {
    const spacious = await team('Space', [2, 5]);
    await route(spacious, [level('MOST_SPACE', spacious.operators)]);
    const [small, big] = spacious.operators;
    expect(await openMany(spacious, 3)).toEqual([big.id, big.id, big.id]);
    // Now both have 2 free places: the level's order decides, then the bigger one again.
    expect(await openMany(spacious, 2)).toEqual([small.id, big.id]);

    const filling = await team('Fill', [2, 2]);
    await route(filling, [level('MOST_CHATS', filling.operators)]);
    const [first, second] = filling.operators;
    expect(await openMany(filling, 5)).toEqual([first.id, first.id, second.id, second.id, null]);
  });

  it('RANDOM reaches everyone in the level, and nobody beyond a limit', async () => {
    const squad = await team('Random', [12, 12, 12]);
    await route(squad, [level('RANDOM', squad.operators)]);
    const counts = countsOf(await openMany(squad, 30), squad.operators);
    expect(counts.every((count) => count > 0 && count <= 12)).toBe(true);
  });

  it('falls through to the next level when nobody in one is online or free, and waits in Unassigned when no level has anyone', async () => {
    const squad = await team('Fall', [1, null, null], [true, false, true]);
    const [busy, away, backup] = squad.operators;
    await route(squad, [level('LEAST_CHATS', [busy, away], 'First'), level('LEAST_CHATS', [backup], 'Backup')]);
    expect(await openMany(squad, 3)).toEqual([busy.id, backup.id, backup.id]);

    const nobody = await team('Nobody', [1], [false]);
    await route(nobody, [level('SEQUENTIAL', nobody.operators)]);
    const waiting = await open(nobody, 'Waiting');
    expect(waiting.operatorId).toBeNull();
  });

  it('drains the queue oldest first when an operator comes online, closes a chat or gains capacity', async () => {
    const squad = await team('Queue', [1], [false]);
    const [only] = squad.operators;
    await route(squad, [level('LEAST_CHATS', squad.operators)]);
    const older = await open(squad, 'Older');
    const newer = await open(squad, 'Newer');
    expect([older.operatorId, newer.operatorId]).toEqual([null, null]);

    await ok(t.url, ops.SetOnlineStatusDocument, { companyId: squad.company.companyId, online: true }, { token: only.token });
    expect(await operatorOf(squad, older.id)).toBe(only.id);
    expect(await operatorOf(squad, newer.id)).toBeNull();

    await ok(t.url, ops.CloseConversationDocument, { id: older.id }, { token: only.token });
    expect(
      await eventually(
        () => operatorOf(squad, newer.id),
        (operator) => operator !== null,
      ),
    ).toBe(only.id);

    // Full again; the admin raises the limit: the next waiting one is routed to the new place.
    const third = await open(squad, 'Third');
    expect(third.operatorId).toBeNull();
    await ok(t.url, ops.SetOperatorChatLimitsDocument, { companyId: squad.company.companyId, userId: only.id, maxChats: 2 }, { token: squad.company.admin.token });
    expect(
      await eventually(
        () => operatorOf(squad, third.id),
        (operator) => operator !== null,
      ),
    ).toBe(only.id);
  });

  it('auto-forwards a routed chat nobody answered in time: the forwarding level first, never back, not within the level when told', async () => {
    const squad = await team('Forward', [null, null, null, null]);
    const [a, b, c, d] = squad.operators;
    const asAdmin = { token: squad.company.admin.token };
    const runJobsIn = (ms: number) => t.graph.runtime.jobs.runDue(new Date(Date.now() + ms));
    const setAutoForward = (avoidSameLevel: boolean) =>
      ok(t.url, ops.UpdateCampaignDocument, { id: squad.campaignId, input: { autoForward: { enabled: true, seconds: 10, avoidSameLevel } } }, asAdmin);
    const logOf = async (id: string) =>
      (await ok(t.url, ops.ConversationRoutingDocument, { id }, asAdmin))
        .conversation!.log.filter((entry) => entry.kind !== 'OPENED')
        .map((entry) => [entry.kind, entry.operator?.id]);

    await setAutoForward(true);
    await route(squad, [level('LEAST_CHATS', [a, b], 'First'), level('LEAST_CHATS', [c], 'Second')]);
    const unanswered = await open(squad, 'Unanswered');
    expect(unanswered.operatorId).toBe(a.id);
    await runJobsIn(5_000);
    expect(await operatorOf(squad, unanswered.id)).toBe(a.id);
    await runJobsIn(11_000);
    expect(await logOf(unanswered.id)).toEqual([
      ['ROUTED', a.id],
      ['FORWARDED', c.id],
    ]);

    // An operator who answers in time keeps the chat.
    const answered = await open(squad, 'Answered');
    const holder = squad.operators.find((operator) => operator.id === answered.operatorId)!;
    await ok(t.url, ops.SendMessageDocument, { conversationId: answered.id, text: 'Hello! How can I help?' }, { token: holder.token });
    await runJobsIn(11_000);
    expect(await operatorOf(squad, answered.id)).toBe(holder.id);

    // With a forwarding level, a transfer goes there first.
    await setAutoForward(false);
    await route(squad, [level('LEAST_CHATS', [a, b], 'First')], { enabled: true, userIds: [d.id] });
    const transferred = await open(squad, 'Transferred');
    const first = transferred.operatorId!;
    expect([a.id, b.id]).toContain(first);
    await runJobsIn(11_000);
    expect(await logOf(transferred.id)).toEqual([
      ['ROUTED', first],
      ['FORWARDED', d.id],
    ]);
  });

  it('lets the bot take a chat over from an operator who stays idle: to another operator, or back to the queue', async () => {
    const squad = await team('Idle', [null, null]);
    const asAdmin = { token: squad.company.admin.token };
    const runJobsIn = (ms: number) => t.graph.runtime.jobs.runDue(new Date(Date.now() + ms));
    await route(squad, [level('LEAST_CHATS', squad.operators)]);
    await ok(t.url, ops.UpdateCampaignDocument, { id: squad.campaignId, input: { chat: { operatorIdleSeconds: 30 } } }, asAdmin);
    const visitor = await startVisitor(t, squad.company, 'Waiting');
    const { sendVisitorMessage } = await ok(t.url, ops.SendVisitorMessageDocument, { text: 'Hello?' }, { token: visitor.token });
    const id = sendVisitorMessage.conversation.id;
    const first = (await operatorOf(squad, id))!;
    const [idle, other] = first === squad.operators[0].id ? squad.operators : [...squad.operators].reverse();
    const transcript = async () => (await ok(t.url, ops.ConversationTranscriptDocument, { id }, asAdmin)).conversation!;
    const lastText = async () => (await transcript()).messages.edges.at(-1)!.node;
    const kinds = async () => (await ok(t.url, ops.ConversationRoutingDocument, { id }, asAdmin)).conversation!.log.map((entry) => entry.kind);

    // Not yet: nothing happens before the idle time.
    await runJobsIn(20_000);
    expect(await operatorOf(squad, id)).toBe(idle.id);
    // Idle for 30 seconds: the bot says so and passes the chat to the other operator.
    await runJobsIn(31_000);
    expect(await operatorOf(squad, id)).toBe(other.id);
    expect(await lastText()).toMatchObject({ authorKind: 'BOT', text: 'Sorry to keep you waiting: another operator will answer you now.' });
    expect(await kinds()).toEqual(['OPENED', 'ROUTED', 'FORWARDED']);

    // The new operator answers in time: nothing more.
    await ok(t.url, ops.SendMessageDocument, { conversationId: id, text: 'Here I am' }, { token: other.token });
    await runJobsIn(31_000);
    expect(await operatorOf(squad, id)).toBe(other.id);

    // The client writes again and waits; with nobody else free, the chat goes back to the queue
    // (whence the queue routes it again to whoever is free: here the same operator).
    await ok(t.url, ops.SetOnlineStatusDocument, { companyId: squad.company.companyId, online: false }, { token: idle.token });
    await ok(t.url, ops.SendVisitorMessageDocument, { text: 'Still there?' }, { token: visitor.token });
    await runJobsIn(31_000);
    expect(await lastText()).toMatchObject({ authorKind: 'BOT', text: 'Sorry to keep you waiting: the next free operator will answer you.' });
    const log = await eventually(kinds, (entries) => entries.length >= 6);
    expect(log).toEqual(['OPENED', 'ROUTED', 'FORWARDED', 'FIRST_RESPONSE', 'RETURNED', 'ROUTED']);
    expect(await operatorOf(squad, id)).toBe(other.id);
    // Off again: no more take-overs.
    await ok(t.url, ops.UpdateCampaignDocument, { id: squad.campaignId, input: { chat: { operatorIdleSeconds: null } } }, asAdmin);
    await runJobsIn(3_600_000);
    expect((await kinds()).length).toBe(6);
  });

  it('never puts an operator over their limit when fifty visitors write at once', async () => {
    const squad = await team('Race', [3, 3]);
    await route(squad, [level('LEAST_CHATS', squad.operators)]);
    const visitors = await Promise.all(Array.from({ length: 50 }, (_, i) => startVisitor(t, squad.company, `Racer${i}`)));
    const sent = await Promise.all(visitors.map((visitor) => request(t.url, ops.SendVisitorMessageDocument, { text: 'me first' }, { token: visitor.token })));
    expect(sent.flatMap((response) => response.errors?.map((error) => `${error.extensions?.code}: ${error.message}`) ?? [])).toEqual([]);
    const picks = await Promise.all(sent.map((response) => operatorOf(squad, response.data!.sendVisitorMessage.conversation.id)));
    expect(countsOf(picks, squad.operators)).toEqual([3, 3]);
    expect(picks.filter((pick) => pick === null).length).toBe(44);

    // Taking by hand holds the limit too: six takes at once of the last free place, one wins.
    const [first] = squad.operators;
    const freed = sent.find((_, i) => picks[i] === first.id)!.data!.sendVisitorMessage.conversation.id;
    // Offline first, so the queue does not refill the place the close frees.
    await ok(t.url, ops.SetOnlineStatusDocument, { companyId: squad.company.companyId, online: false }, { token: first.token });
    await ok(t.url, ops.CloseConversationDocument, { id: freed }, { token: first.token });
    const waiting = sent.filter((_, i) => picks[i] === null).map((response) => response.data!.sendVisitorMessage.conversation.id);
    const takes = await Promise.all(waiting.slice(0, 6).map((id) => request(t.url, ops.TakeConversationDocument, { id }, { token: first.token })));
    expect(takes.filter((take) => !take.errors).length).toBe(1);
    expect(new Set(takes.filter((take) => take.errors).map((take) => take.errors![0].extensions?.code))).toEqual(new Set(['CONFLICT']));
  });

  it('a routing in this process tries first an operator no other routing here is giving a chat right now (no try wasted on a held row)', async () => {
    const squad = await team('Aside', [5, 5]);
    await route(squad, [level('LEAST_CHATS', squad.operators)]);
    const db = t.graph.runtime.db;
    const target = { companyId: squad.company.companyId, campaignId: squad.campaignId, language: null };
    // Both operators are equally free, so both routings rank the same one first; the first holds it
    // (on MySQL, its presence row's lock) until its transaction ends.
    let releaseFirst!: () => void;
    const firstHolds = new Promise<void>((resolve) => (releaseFirst = resolve));
    let firstPicked!: (operatorId: string) => void;
    const first = new Promise<string>((resolve) => (firstPicked = resolve));
    const firstDone = db.transaction(async (m) => {
      firstPicked((await pickOperator(m, target))!.operatorId);
      await firstHolds;
    });
    const firstId = await first;
    // SELECTs on the transaction's own connection (MySQL counts them per session): the graph's
    // background consumers use other connections, so the count is the pick's alone.
    const selectsOf = async (m: EntityManager) => Number((await m.query("SHOW SESSION STATUS LIKE 'Com_select'"))[0].Value);
    const pickCounted = () =>
      db.transaction(async (m) => {
        const before = await selectsOf(m);
        const pick = await pickOperator(m, target);
        return { operatorId: pick?.operatorId, selects: (await selectsOf(m)) - before };
      });
    // SQLite runs one transaction at a time: the second waits for the first there, so only MySQL can show it.
    if (db.kind === 'mysql') {
      const second = await pickCounted();
      expect(second.operatorId).not.toBe(firstId);
      releaseFirst();
      await firstDone;
      // Once the first has ended, its operator is tried first again: as many statements as a pick nobody contends.
      const alone = await pickCounted();
      expect(alone.operatorId).toBe(firstId);
      expect(second.selects).toBe(alone.selects);
    } else {
      releaseFirst();
      await firstDone;
    }
  });
  it('when another transaction holds every candidate, waits for one of them only: a routing meanwhile finds the others free at once', async () => {
    const squad = await team('Held', [5, 5, 5]);
    await route(squad, [level('LEAST_CHATS', squad.operators)]);
    const db = t.graph.runtime.db;
    // SQLite runs one transaction at a time and has no row locks: nothing to wait for there.
    if (db.kind !== 'mysql') return;
    const target = { companyId: squad.company.companyId, campaignId: squad.campaignId, language: null };
    const ids = squad.operators.map((operator) => operator.id);
    const signal = () => {
      let fire!: () => void;
      const fired = new Promise<void>((resolve) => (fire = resolve));
      return { fire, fired };
    };
    // Every presence row held for a moment, as a renewal of many operators' leases holds them.
    const holding = signal();
    const holderDone = signal();
    const holder = db.transaction(async (m) => {
      await m.query('SELECT user_id FROM operator_presence WHERE company_id = ? AND user_id IN (?, ?, ?) FOR UPDATE', [target.companyId, ...ids]);
      holding.fire();
      await holderDone.fired;
    });
    await holding.fired;
    let waiterPicked!: (operatorId: string) => void;
    const waiterPick = new Promise<string>((resolve) => (waiterPicked = resolve));
    const waiterDone = signal();
    const waiter = db.transaction(async (m) => {
      waiterPicked((await pickOperator(m, target))!.operatorId);
      await waiterDone.fired;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    holderDone.fire();
    await holder;
    const waiterId = await waiterPick;
    // Waiting for every row at once, the waiter held them all as they came free, and this routing
    // waited behind it until it ended.
    const other = await Promise.race([
      db.transaction((m) => pickOperator(m, target)).then((pick) => pick?.operatorId ?? null),
      new Promise<string>((resolve) => setTimeout(() => resolve('still waiting after 3 s'), 3000)),
    ]);
    waiterDone.fire();
    await waiter;
    expect(ids).toContain(other);
    expect(other).not.toBe(waiterId);
  });
});
