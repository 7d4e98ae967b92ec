import * as ops from './generated/graphql';
import { errorCode, ok, subscribe, wsClient } from './support/client';
import { startTestGraph, TestGraph } from './support/graph';
import { addOperator, Company, Operator, setUpCompany } from './support/story';

/** Seed 003 "Canned responses" and seed 001's lookup by nickname and by text. */
describe('canned responses', () => {
  let t: TestGraph;
  let company: Company;
  let olga: Operator;
  let petro: Operator;
  beforeAll(async () => {
    t = await startTestGraph();
    company = await setUpCompany(t, 'Canned');
    olga = await addOperator(t, company, 'Olga');
    petro = await addOperator(t, company, 'Petro');
  });
  afterAll(() => t.stop());

  const as = (who: Operator) => ({ token: who.token });
  const create = async (who: Operator, scope: ops.CannedResponseScope, input: ops.CannedResponseInput) =>
    (await ok(t.url, ops.CreateCannedResponseDocument, { companyId: company.companyId, scope, input }, as(who))).createCannedResponse;
  const lookup = async (who: Operator, text?: string) =>
    (await ok(t.url, ops.CannedResponsesDocument, { companyId: company.companyId, lookup: text }, as(who))).cannedResponses.map((response) => response.text);

  it('keeps global responses for everyone and personal ones for their owner, found by nickname or text', async () => {
    const hello = await create(company.admin, 'GLOBAL', { nickname: 'hi', title: 'Greeting', text: 'Hello! How can I help you today? 🙂' });
    await create(company.admin, 'GLOBAL', { nickname: 'bye', title: 'Closing', text: 'Thank you for contacting us, have a nice day.' });
    await create(olga, 'PERSONAL', { nickname: 'hint', title: 'Greeting', text: 'Hi, Olga here, happy to help with the 50% discount' });
    expect(await errorCode(t.url, ops.CreateCannedResponseDocument, { companyId: company.companyId, scope: 'GLOBAL', input: { text: 'Not mine to set' } }, as(olga))).toBe(
      'FORBIDDEN',
    );

    expect(await lookup(olga)).toHaveLength(3);
    expect(await lookup(petro)).toHaveLength(2);
    // "\nick" and "/nick" by nickname prefix, "\\text" by text, anything else by title, nickname or text.
    expect(await lookup(olga, '\\hi')).toEqual([hello.text, 'Hi, Olga here, happy to help with the 50% discount']);
    expect(await lookup(olga, '/hin')).toEqual(['Hi, Olga here, happy to help with the 50% discount']);
    expect(await lookup(petro, '\\\\nice day')).toEqual(['Thank you for contacting us, have a nice day.']);
    expect(await lookup(petro, '\\\\hello')).toEqual([hello.text]);
    expect(await lookup(olga, '50%')).toEqual(['Hi, Olga here, happy to help with the 50% discount']);
    expect(await lookup(olga, '5_%')).toEqual([]);
    expect(await lookup(petro, 'closing')).toEqual(['Thank you for contacting us, have a nice day.']);
    expect(await lookup(petro, '\\')).toHaveLength(2);
  });

  it('lets the author side edit and delete, and nobody else', async () => {
    const mine = await create(petro, 'PERSONAL', { nickname: 'wait', text: 'One moment please' });
    const global = (await ok(t.url, ops.CannedResponsesDocument, { companyId: company.companyId, lookup: '\\bye' }, as(petro))).cannedResponses[0];
    // Another operator's personal response does not exist for Olga; a global one is the super-admins'.
    expect(await errorCode(t.url, ops.UpdateCannedResponseDocument, { id: mine.id, input: { text: 'hijacked' } }, as(olga))).toBe('NOT_FOUND');
    expect(await errorCode(t.url, ops.DeleteCannedResponseDocument, { id: mine.id }, as(company.admin))).toBe('NOT_FOUND');
    expect(await errorCode(t.url, ops.UpdateCannedResponseDocument, { id: global.id, input: { text: 'changed' } }, as(petro))).toBe('FORBIDDEN');
    for (const input of [{ text: ' ' }, { text: 'x'.repeat(4001) }, { text: 'ok', nickname: 'two words' }, { text: 'ok', title: 't'.repeat(101) }]) {
      expect(await errorCode(t.url, ops.UpdateCannedResponseDocument, { id: mine.id, input }, as(petro))).toBe('BAD_USER_INPUT');
    }
    expect(await lookup(petro, '\\wait')).toEqual(['One moment please']);

    expect(
      (await ok(t.url, ops.UpdateCannedResponseDocument, { id: mine.id, input: { nickname: 'Wait', title: 'Holding', text: 'One moment, I am checking' } }, as(petro)))
        .updateCannedResponse,
    ).toMatchObject({ nickname: 'wait', title: 'Holding', text: 'One moment, I am checking' });
    expect(await lookup(petro, '\\wait')).toEqual(['One moment, I am checking']);
    expect((await ok(t.url, ops.DeleteCannedResponseDocument, { id: mine.id }, as(petro))).deleteCannedResponse).toBe(mine.id);
    expect(await lookup(petro, '\\wait')).toEqual([]);
  });

  it('reaches open sessions at once: global changes everyone, personal ones only their owner', async () => {
    const olgaSocket = wsClient(t.wsUrl, olga.token);
    const petroSocket = wsClient(t.wsUrl, petro.token);
    const olgaLive = subscribe(olgaSocket, ops.CannedResponsesChangedDocument, { companyId: company.companyId });
    const petroLive = subscribe(petroSocket, ops.CannedResponsesChangedDocument, { companyId: company.companyId });
    await Promise.all([olgaSocket.connected, petroSocket.connected]);
    await new Promise((resolve) => setTimeout(resolve, 200));

    const global = await create(company.admin, 'GLOBAL', { title: 'Delivery', text: 'Delivery takes 2-3 days' });
    const [olgaFirst] = await olgaLive.waitFor(1);
    const [petroFirst] = await petroLive.waitFor(1);
    for (const result of [olgaFirst, petroFirst]) expect(result.data!.cannedResponsesChanged.map((r) => r.text)).toContain('Delivery takes 2-3 days');

    await create(olga, 'PERSONAL', { text: 'Olga only' });
    const olgaSecond = (await olgaLive.waitFor(2))[1];
    expect(olgaSecond.data!.cannedResponsesChanged.map((r) => r.text)).toContain('Olga only');

    await ok(t.url, ops.DeleteCannedResponseDocument, { id: global.id }, as(company.admin));
    const petroSecond = (await petroLive.waitFor(2))[1];
    expect(petroSecond.data!.cannedResponsesChanged.map((r) => r.text)).not.toContain('Delivery takes 2-3 days');
    // Petro never heard of Olga's personal response.
    expect(petroLive.results.flatMap((result) => result.data!.cannedResponsesChanged.map((r) => r.text))).not.toContain('Olga only');
    expect(petroLive.results).toHaveLength(2);
    olgaLive.dispose();
    petroLive.dispose();
    await Promise.all([olgaSocket.dispose(), petroSocket.dispose()]);
  });
});
