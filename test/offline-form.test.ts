import * as ops from './generated/graphql';
import { errorCode, ok, request } from './support/client';
import { startTestGraph, TestGraph } from './support/graph';
import { Company, setUpCompany } from './support/story';

/** The offline form (seed 001): accepted only while nobody is available, mailed to the company, limited per visitor. */
describe('offline form', () => {
  let t: TestGraph;
  beforeAll(async () => {
    t = await startTestGraph();
  });
  afterAll(() => t.stop());

  const form = (company: Company, fields: Partial<ops.SubmitOfflineFormMutationVariables> = {}, origin = company.origin) =>
    request(
      t.url,
      ops.SubmitOfflineFormDocument,
      { widgetKey: company.widgetKey, email: 'olena@visitor.example', subject: 'Delivery to Lviv', message: 'Do you deliver on Sundays?\nThanks!', ...fields },
      { origin },
    );
  const codeOf = async (response: ReturnType<typeof form>) => (await response).errors?.[0].extensions?.code;
  async function withForm(name: string): Promise<Company> {
    const company = await setUpCompany(t, name);
    const { campaigns } = await ok(t.url, ops.CampaignsDocument, { companyId: company.companyId }, { token: company.admin.token });
    await ok(t.url, ops.UpdateCampaignDocument, { id: campaigns[0].id, input: { offlineFormEnabled: true } }, { token: company.admin.token });
    return company;
  }

  it("mails the visitor's message to the company's notification address, to be answered by replying", async () => {
    const company = await withForm('Offline');
    await ok(t.url, ops.UpdateCompanyDocument, { companyId: company.companyId, input: { notificationEmail: 'desk@offline.example' } }, { token: company.admin.token });
    const { data, errors } = await form(company);
    expect(errors).toBeUndefined();
    expect(data?.submitOfflineForm).toBe(true);
    const mail = await t.mail.waitFor('desk@offline.example');
    expect(mail.subject).toBe('Offline message: Delivery to Lviv');
    expect(mail.raw).toMatch(/^Reply-To: olena@visitor\.example$/im);
    expect(mail.text.replace(/\r\n/g, '\n')).toContain('Do you deliver on Sundays?\nThanks!');
    expect(mail.text).toContain(`Page: ${company.origin}`);
  });

  it('goes to whoever created the company when it has no notification address', async () => {
    const company = await withForm('NoDesk');
    expect((await form(company, { subject: 'Hello' })).errors).toBeUndefined();
    expect((await t.mail.waitFor(company.admin.email, (mail) => mail.subject === 'Offline message: Hello')).text).toContain('olena@visitor.example');
  });

  it('is refused while an operator is available, when the campaign has it off, and from pages that are not the company’s', async () => {
    const company = await withForm('Busy');
    await ok(t.url, ops.SetOnlineStatusDocument, { companyId: company.companyId, online: true }, { token: company.admin.token });
    expect(await codeOf(form(company))).toBe('CONFLICT');
    await ok(t.url, ops.SetOnlineStatusDocument, { companyId: company.companyId, online: false }, { token: company.admin.token });

    const off = await setUpCompany(t, 'FormOff');
    expect(await codeOf(form(off))).toBe('FORBIDDEN');
    expect(await codeOf(form(company, {}, 'https://evil.example'))).toBe('FORBIDDEN');
    expect(await codeOf(form(company, {}, ''))).toBe('FORBIDDEN');
    expect(await codeOf(form(company, { widgetKey: '00000000-0000-4000-8000-000000000000' }))).toBe('NOT_FOUND');
    expect(t.mail.mailsTo(company.admin.email).filter((mail) => mail.subject.startsWith('Offline message'))).toEqual([]);
    expect(t.mail.mailsTo(off.admin.email).filter((mail) => mail.subject.startsWith('Offline message'))).toEqual([]);
  });

  it('refuses bad input with BAD_USER_INPUT and sends nothing', async () => {
    const company = await withForm('BadForm');
    const bad: Partial<ops.SubmitOfflineFormMutationVariables>[] = [
      { email: 'not an address' },
      { email: '' },
      { subject: '' },
      { subject: 'Hi\r\nBcc: everyone@example.com' },
      { subject: 's'.repeat(201) },
      { message: '   ' },
      { message: 'm'.repeat(5001) },
      { message: 'NUL \u0000' },
    ];
    for (const fields of bad) expect({ fields, code: await codeOf(form(company, fields)) }).toEqual({ fields, code: 'BAD_USER_INPUT' });
    expect(t.mail.mailsTo(company.admin.email).filter((mail) => mail.subject.startsWith('Offline message'))).toEqual([]);
  });

  it('takes three an hour from one visitor address per campaign', async () => {
    const company = await withForm('Flood');
    for (let i = 1; i <= 3; i++) expect((await form(company, { subject: `Try ${i}` })).errors).toBeUndefined();
    expect(await codeOf(form(company, { subject: 'Try 4' }))).toBe('RATE_LIMITED');
    await t.mail.waitFor(company.admin.email, (mail) => mail.subject === 'Offline message: Try 3');
    expect(t.mail.mailsTo(company.admin.email).filter((mail) => mail.subject.startsWith('Offline message')).length).toBe(3);
    expect(
      await errorCode(t.url, ops.SubmitOfflineFormDocument, { widgetKey: company.widgetKey, email: 'a@b.example', subject: 's', message: 'm' }, { origin: company.origin }),
    ).toBe('RATE_LIMITED');
  });
});
