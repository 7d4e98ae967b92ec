import * as ops from './generated/graphql';
import { errorCode, ok } from './support/client';
import { startTestGraph, TestGraph } from './support/graph';
import { addOperator, Company, setUpCompany, startVisitor } from './support/story';

/** Success codes (seed 004, Goals; goals-and-reports.graphql): a campaign's codes, one or several per conversation, required before closing. */
describe('success codes', () => {
  let t: TestGraph;
  let company: Company;
  let campaignId: string;
  const admin = () => ({ token: company.admin.token });
  beforeAll(async () => {
    t = await startTestGraph();
    company = await setUpCompany(t, 'Goals');
    campaignId = (await ok(t.url, ops.CampaignsDocument, { companyId: company.companyId }, admin())).campaigns[0].id;
  });
  afterAll(() => t.stop());

  const create = async (name: string) => (await ok(t.url, ops.CreateSuccessCodeDocument, { campaignId, name }, admin())).createSuccessCode;
  const rules = (input: ops.SuccessCodeSettingsInput) => ok(t.url, ops.SetSuccessCodeSettingsDocument, { campaignId, input }, admin());
  async function openConversation(name: string) {
    const visitor = await startVisitor(t, company, name);
    const { sendVisitorMessage } = await ok(t.url, ops.SendVisitorMessageDocument, { text: 'Hi' }, { token: visitor.token });
    const id = sendVisitorMessage.conversation.id;
    await ok(t.url, ops.TakeConversationDocument, { id }, admin());
    return { id, visitor };
  }
  const give = (conversationId: string, successCodeIds: string[], token = company.admin.token) =>
    ok(t.url, ops.SetConversationSuccessCodesDocument, { conversationId, successCodeIds }, { token });
  const giveCode = (conversationId: string, successCodeIds: string[], token = company.admin.token) =>
    errorCode(t.url, ops.SetConversationSuccessCodesDocument, { conversationId, successCodeIds }, { token });

  it('keeps a campaign’s codes by name, unique whatever the case, for its managers only', async () => {
    const support = await create('Support');
    const sales = await create('Sales');
    expect((await rules({ multipleSuccessCodes: false, successCodeRequired: false })).setSuccessCodeSettings.successCodes).toEqual([sales, support]);
    expect(await errorCode(t.url, ops.CreateSuccessCodeDocument, { campaignId, name: 'sales' }, admin())).toBe('CONFLICT');
    for (const name of ['', '   ', 'x'.repeat(51)]) expect(await errorCode(t.url, ops.CreateSuccessCodeDocument, { campaignId, name }, admin())).toBe('BAD_USER_INPUT');
    const operator = await addOperator(t, company, 'GoalsOperator');
    expect(await errorCode(t.url, ops.CreateSuccessCodeDocument, { campaignId, name: 'Mine' }, { token: operator.token })).toBe('FORBIDDEN');
    expect(
      await errorCode(t.url, ops.SetSuccessCodeSettingsDocument, { campaignId, input: { multipleSuccessCodes: true, successCodeRequired: true } }, { token: operator.token }),
    ).toBe('FORBIDDEN');
    const stranger = await setUpCompany(t, 'GoalThief');
    expect(await errorCode(t.url, ops.CreateSuccessCodeDocument, { campaignId, name: 'Theirs' }, { token: stranger.admin.token })).toBe('NOT_FOUND');
    expect(await errorCode(t.url, ops.DeleteSuccessCodeDocument, { id: sales.id }, { token: stranger.admin.token })).toBe('NOT_FOUND');
    expect((await rules({ multipleSuccessCodes: false, successCodeRequired: false })).setSuccessCodeSettings.successCodes).toHaveLength(2);
  });

  it('gives a conversation one code, or several where the campaign allows, of its own campaign only', async () => {
    const [sales, support] = (await rules({ multipleSuccessCodes: false, successCodeRequired: false })).setSuccessCodeSettings.successCodes;
    const { id } = await openConversation('Buyer');
    expect((await give(id, [sales.id])).setConversationSuccessCodes.successCodes).toEqual([sales]);
    expect(await giveCode(id, [sales.id, support.id])).toBe('BAD_USER_INPUT');
    const elsewhere = await setUpCompany(t, 'OtherGoals');
    const otherCampaign = (await ok(t.url, ops.CampaignsDocument, { companyId: elsewhere.companyId }, { token: elsewhere.admin.token })).campaigns[0].id;
    const foreign = (await ok(t.url, ops.CreateSuccessCodeDocument, { campaignId: otherCampaign, name: 'Foreign' }, { token: elsewhere.admin.token })).createSuccessCode;
    expect(await giveCode(id, [foreign.id])).toBe('BAD_USER_INPUT');
    expect(await giveCode(id, ['not-an-id'])).toBe('BAD_USER_INPUT');
    expect(await giveCode(id, [sales.id], elsewhere.admin.token)).toBe('NOT_FOUND');
    // Stored as it was before the refusals.
    expect((await ok(t.url, ops.ConversationSuccessCodesDocument, { id }, admin())).conversation!.successCodes).toEqual([sales]);

    await rules({ multipleSuccessCodes: true, successCodeRequired: false });
    const both = (await give(id, [support.id, sales.id, sales.id])).setConversationSuccessCodes.successCodes;
    expect(both.map((code) => code.name).sort()).toEqual(['Sales', 'Support']);
    expect((await give(id, [])).setConversationSuccessCodes.successCodes).toEqual([]);

    // Not the responsible operator, and no manager: refused.
    const bystander = await addOperator(t, company, 'Bystander');
    expect(await giveCode(id, [sales.id], bystander.token)).toBe('FORBIDDEN');
  });

  it('refuses to close without a code when one is required, and closes once it has one', async () => {
    await rules({ multipleSuccessCodes: false, successCodeRequired: true });
    const [sales] = (await rules({ multipleSuccessCodes: false, successCodeRequired: true })).setSuccessCodeSettings.successCodes;
    const { id, visitor } = await openConversation('Undecided');
    expect(await errorCode(t.url, ops.CloseConversationDocument, { id }, admin())).toBe('BAD_USER_INPUT');
    expect((await ok(t.url, ops.ConversationSuccessCodesDocument, { id }, admin())).conversation!.status).toBe('ASSIGNED');
    await give(id, [sales.id]);
    expect((await ok(t.url, ops.CloseConversationDocument, { id }, admin())).closeConversation.status).toBe('CLOSED');
    // The one who closed it may still correct the code afterwards.
    expect((await give(id, [sales.id])).setConversationSuccessCodes.successCodes).toEqual([sales]);

    // The visitor may always leave.
    const other = await openConversation('Leaving');
    expect((await ok(t.url, ops.CloseVisitorConversationDocument, {}, { token: other.visitor.token })).closeVisitorConversation.status).toBe('CLOSED');
    expect(visitor.token).toBeTruthy();

    // A deleted code leaves the conversations it was given to.
    await ok(t.url, ops.DeleteSuccessCodeDocument, { id: sales.id }, admin());
    expect((await ok(t.url, ops.ConversationSuccessCodesDocument, { id }, admin())).conversation!.successCodes).toEqual([]);
    await rules({ multipleSuccessCodes: false, successCodeRequired: false });
  });

  it('tells when a conversation closed, how long it lasted and how soon the operator first answered', async () => {
    const { id } = await openConversation('Timed');
    const times = async () => (await ok(t.url, ops.ConversationTimesDocument, { id }, admin())).conversation!;
    expect(await times()).toMatchObject({ closedAt: null, durationSeconds: null, firstResponseSeconds: null });
    await ok(t.url, ops.SendMessageDocument, { conversationId: id, text: 'Hello!' }, admin());
    await ok(t.url, ops.CloseConversationDocument, { id }, admin());
    const closed = await times();
    expect(closed.closedAt).not.toBeNull();
    expect(closed.durationSeconds).toBe(Math.round((Date.parse(closed.closedAt!) - Date.parse(closed.createdAt)) / 1000));
    expect(closed.firstResponseSeconds).toBeGreaterThanOrEqual(0);
    expect(closed.firstResponseSeconds!).toBeLessThanOrEqual(closed.durationSeconds!);
    const visitor = await startVisitor(t, company, 'Curious');
    const { sendVisitorMessage } = await ok(t.url, ops.SendVisitorMessageDocument, { text: 'Hi' }, { token: visitor.token });
    expect(await errorCode(t.url, ops.ConversationTimesDocument, { id: sendVisitorMessage.conversation.id }, { token: visitor.token })).toBe('UNAUTHENTICATED');
  });
});
