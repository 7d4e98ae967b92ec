import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as ops from './generated/graphql';
import { errorCode, ok, sleep } from './support/client';
import { startTestGraph, TestGraph } from './support/graph';
import { Company, Operator, registerUser, setUpCompany, startVisitor, Visitor } from './support/story';

const LIMIT = 2000;

/** Seed 003 "Attach file": one file per message, any type, size-limited, behind expiring links. */
describe('attachments', () => {
  let t: TestGraph;
  let company: Company;
  let visitor: Visitor;
  let conversationId: string;
  let base: string;
  const asAdmin = () => ({ token: company.admin.token });
  /** Links carry PUBLIC_URL; the test reaches the same path on the gateway's port. */
  const local = (link: string) => {
    const url = new URL(link);
    return `${base}${url.pathname}${url.search}`;
  };
  const upload = (link: string, body: Buffer) => fetch(local(link), { method: 'PUT', body });
  const invoice = Buffer.from('%PDF-1.7 not really a pdf, but any bytes will do: \u0000\u00ff');

  beforeAll(async () => {
    t = await startTestGraph({ MAX_ATTACHMENT_BYTES: String(LIMIT), ATTACHMENT_LINK_SECONDS: '2' });
    base = t.url.replace(/\/graphql$/, '');
    company = await setUpCompany(t, 'Files');
    visitor = await startVisitor(t, company, 'Uploader');
    conversationId = (await ok(t.url, ops.SendVisitorMessageDocument, { text: 'I will send a screenshot' }, { token: visitor.token })).sendVisitorMessage.conversation.id;
    await ok(t.url, ops.TakeConversationDocument, { id: conversationId }, asAdmin());
  });
  afterAll(() => t.stop());

  it('uploads through a signed link, sends the file with a message, and serves it through an expiring link', async () => {
    const { createAttachmentUpload: ticket } = await ok(
      t.url,
      ops.CreateAttachmentUploadDocument,
      { conversationId, fileName: 'рахунок 📄.pdf', size: invoice.length, contentType: 'application/pdf' },
      asAdmin(),
    );
    expect(ticket.uploadUrl).toMatch(/^https:\/\/chat\.example\.test\/uploads\//);
    expect((await upload(ticket.uploadUrl, invoice)).status).toBe(204);
    // Once: the stored file cannot be replaced after it was checked.
    expect((await upload(ticket.uploadUrl, invoice)).status).toBe(409);
    expect(readdirSync(join(t.graph.runtime.config.attachmentsDir))).toContain(ticket.attachmentId);

    const { sendMessage } = await ok(t.url, ops.SendFileDocument, { conversationId, text: '', attachmentId: ticket.attachmentId }, asAdmin());
    expect(sendMessage.attachment).toMatchObject({ id: ticket.attachmentId, fileName: 'рахунок 📄.pdf', contentType: 'application/pdf', size: invoice.length });

    // The visitor sees the message with its file, and the link serves the bytes.
    const seen = await ok(t.url, ops.ConversationFilesDocument, { id: conversationId }, { token: visitor.token });
    const file = seen.conversation!.messages.edges.map((edge) => edge.node).find((node) => node.attachment)!.attachment!;
    const download = await fetch(local(file.url));
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(download.headers.get('content-disposition')).toBe(`attachment; filename*=UTF-8''${encodeURIComponent('рахунок 📄.pdf')}`);
    expect(Buffer.from(await download.arrayBuffer()).equals(invoice)).toBe(true);

    // A tampered link serves nothing; an expired one neither.
    expect((await fetch(local(file.url.replace(/token=./, 'token=x')))).status).toBe(403);
    await sleep(3100);
    expect((await fetch(local(file.url))).status).toBe(403);
    // Reading the message again hands out a fresh link.
    const again = await ok(t.url, ops.ConversationFilesDocument, { id: conversationId }, asAdmin());
    const fresh = again.conversation!.messages.edges.map((edge) => edge.node).find((node) => node.attachment)!.attachment!;
    expect((await fetch(local(fresh.url))).status).toBe(200);
  });

  it('lets visitors send a file into their own conversation', async () => {
    const screenshot = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    const { createAttachmentUpload: ticket } = await ok(
      t.url,
      ops.CreateAttachmentUploadDocument,
      { conversationId, fileName: 'screen.png', size: screenshot.length, contentType: 'image/png' },
      { token: visitor.token },
    );
    expect((await upload(ticket.uploadUrl, screenshot)).status).toBe(204);
    const { sendVisitorMessage } = await ok(t.url, ops.SendVisitorFileDocument, { text: 'here it is', attachmentId: ticket.attachmentId }, { token: visitor.token });
    expect(sendVisitorMessage.attachment).toMatchObject({ fileName: 'screen.png', size: screenshot.length });
    // The file name is searchable like the text.
    const found = await ok(t.url, ops.ConversationListItemsDocument, { companyId: company.companyId, tab: 'MY_INBOX', filter: { search: 'screen' } }, asAdmin());
    expect(found.conversations.edges.map((edge) => edge.node.id)).toEqual([conversationId]);
  });

  it('refuses files over the limit, bad names, incomplete or foreign uploads, and reuse, storing no message', async () => {
    const seqBefore = async () => (await ok(t.url, ops.ConversationDocument, { id: conversationId }, asAdmin())).conversation!.lastMessage!.seq;
    const before = await seqBefore();
    const ask = (variables: Partial<ops.CreateAttachmentUploadMutationVariables>, token = company.admin.token) =>
      errorCode(t.url, ops.CreateAttachmentUploadDocument, { conversationId, fileName: 'a.txt', size: 10, ...variables }, { token });
    expect(await ask({ size: LIMIT + 1 })).toBe('BAD_USER_INPUT');
    expect(await ask({ size: 0 })).toBe('BAD_USER_INPUT');
    expect(await ask({ fileName: '../../etc/passwd' })).toBe('BAD_USER_INPUT');
    expect(await ask({ fileName: ' ' })).toBe('BAD_USER_INPUT');
    expect(await ask({ contentType: 'text/html; charset=utf-8"><script>' })).toBe('BAD_USER_INPUT');
    const stranger: Operator = await registerUser(t, 'Stranger');
    // Another tenant's conversation does not exist for them.
    expect(await ask({}, stranger.token)).toBe('NOT_FOUND');

    // More bytes than declared are cut off; fewer are refused and nothing is kept.
    const { createAttachmentUpload: ticket } = await ok(t.url, ops.CreateAttachmentUploadDocument, { conversationId, fileName: 'a.txt', size: 10 }, asAdmin());
    expect((await upload(ticket.uploadUrl, Buffer.alloc(11))).status).toBe(413);
    expect((await upload(ticket.uploadUrl, Buffer.alloc(9))).status).toBe(400);
    expect(existsSync(join(t.graph.runtime.config.attachmentsDir, ticket.attachmentId))).toBe(false);
    expect((await upload(ticket.uploadUrl.replace(ticket.attachmentId, '00000000-0000-4000-8000-000000000000'), Buffer.alloc(10))).status).toBe(403);
    // Not uploaded yet: no message.
    expect(await errorCode(t.url, ops.SendFileDocument, { conversationId, text: 'see file', attachmentId: ticket.attachmentId }, asAdmin())).toBe('BAD_USER_INPUT');
    expect(await errorCode(t.url, ops.SendFileDocument, { conversationId, text: '', attachmentId: null }, asAdmin())).toBe('BAD_USER_INPUT');
    expect(await seqBefore()).toBe(before);

    // Uploaded, sent once; a second message cannot carry it again, nor can the visitor send the operator's upload.
    expect((await upload(ticket.uploadUrl, Buffer.alloc(10))).status).toBe(204);
    expect(await errorCode(t.url, ops.SendVisitorFileDocument, { text: 'mine?', attachmentId: ticket.attachmentId }, { token: visitor.token })).toBe('BAD_USER_INPUT');
    await ok(t.url, ops.SendFileDocument, { conversationId, text: 'see file', attachmentId: ticket.attachmentId }, asAdmin());
    expect(await errorCode(t.url, ops.SendFileDocument, { conversationId, text: 'again', attachmentId: ticket.attachmentId }, asAdmin())).toBe('BAD_USER_INPUT');
    expect(await seqBefore()).toBe(before + 1);
  });
});
