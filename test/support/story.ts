import * as ops from '../generated/graphql';
import { ok } from './client';
import { tokenFromMail } from './smtp-sink';
import type { TestGraph } from './graph';

export const PASSWORD = 'correct horse 42';
let counter = 0;
export const uniqueEmail = (name: string) => `${name}.${Date.now().toString(36)}${(counter++).toString(36)}@example.com`;

export interface Operator {
  id: string;
  email: string;
  token: string;
}

/** Registers through the mail link, as seed 000 describes, and returns a signed-in user. */
export async function registerUser(t: TestGraph, name: string): Promise<Operator> {
  const email = uniqueEmail(name.toLowerCase());
  await ok(t.url, ops.RegisterDocument, { input: { name, email, phone: '+380 50 123 45 67', acceptTerms: true } });
  const mail = await t.mail.waitFor(email);
  const { setPassword } = await ok(t.url, ops.SetPasswordDocument, { token: tokenFromMail(mail), password: PASSWORD });
  return { id: setPassword.user.id, email, token: setPassword.token };
}

export interface Company {
  admin: Operator;
  companyId: string;
  widgetKey: string;
  origin: string;
}

/** A super-admin with a company, a website and a campaign. */
export async function setUpCompany(t: TestGraph, name = 'Acme'): Promise<Company> {
  const admin = await registerUser(t, `${name}Admin`);
  const { createCompany } = await ok(t.url, ops.CreateCompanyDocument, { name }, { token: admin.token });
  const domain = `${name.toLowerCase()}-${createCompany.id.slice(0, 8)}.example`;
  await ok(t.url, ops.AddWebsiteDocument, { companyId: createCompany.id, domain }, { token: admin.token });
  const { createCampaign } = await ok(t.url, ops.CreateCampaignDocument, { input: { companyId: createCompany.id, name: 'Main' } }, { token: admin.token });
  return { admin, companyId: createCompany.id, widgetKey: createCampaign.widgetKey, origin: `https://www.${domain}` };
}

/** An operator invited to the company who accepted. */
export async function addOperator(t: TestGraph, company: Company, name: string): Promise<Operator> {
  const operator = await registerUser(t, name);
  const { inviteOperator } = await ok(t.url, ops.InviteOperatorDocument, { companyId: company.companyId, email: operator.email }, { token: company.admin.token });
  await ok(t.url, ops.AcceptInvitationDocument, { invitationId: inviteOperator.id }, { token: operator.token });
  return operator;
}

export interface Visitor {
  token: string;
  clientId: string;
}

export async function startVisitor(t: TestGraph, company: Company, name = 'Visitor'): Promise<Visitor> {
  const { startVisitorSession } = await ok(t.url, ops.StartVisitorSessionDocument, { widgetKey: company.widgetKey, name }, { origin: company.origin });
  return { token: startVisitorSession.token, clientId: startVisitorSession.client.id };
}
