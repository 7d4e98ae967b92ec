import { createHmac } from 'node:crypto';
import { type InboundRequest, outboundParts, splitText } from '../messenger.adapter';
import { telegramAdapter } from '../telegram.adapter';
import { whatsappAdapter } from '../whatsapp.adapter';

/** The adapters' pure parts: authentication of a request, and what they make of any update, however malformed. */
const request = (method: string, body: string, headers: Record<string, string> = {}, query = ''): InboundRequest => ({
  method,
  query: new URLSearchParams(query),
  headers,
  body: Buffer.from(body),
});

const HOSTILE = [null, 0, 'text', [], {}, { message: null }, { message: { chat: 'x' } }, { entry: 'x' }, { entry: [null, { changes: [null, { value: null }] }] }];

describe('Telegram adapter', () => {
  const adapter = telegramAdapter('http://unused');
  const credentials = { botToken: '1:x', secretToken: 'a'.repeat(64) };

  it('takes only POSTs carrying the secret token', () => {
    expect(adapter.check(request('POST', '{}', { 'x-telegram-bot-api-secret-token': 'a'.repeat(64) }), credentials)).toBeNull();
    expect(adapter.check(request('POST', '{}', { 'x-telegram-bot-api-secret-token': 'a'.repeat(63) }), credentials)).toEqual({ status: 401 });
    expect(adapter.check(request('POST', '{}'), credentials)).toEqual({ status: 401 });
    expect(adapter.check(request('GET', ''), credentials)).toEqual({ status: 405 });
  });

  it.each(HOSTILE)('makes nothing of a malformed update (%j)', (update) => {
    expect(adapter.parse(update, credentials)).toEqual({ messages: [], receipts: [] });
  });

  it("reads a private chat's text, caption, file or sticker, and names the client", () => {
    const chat = { id: 5, type: 'private' };
    const parse = (message: object) => adapter.parse({ update_id: 1, message: { message_id: 9, chat, ...message } }, credentials).messages;
    expect(parse({ from: { first_name: 'Ada' }, text: 'hi' })).toEqual([{ from: '5', name: 'Ada', id: '9', text: 'hi', media: null }]);
    expect(parse({ from: { username: 'ada_l' }, document: { file_id: 'f', file_name: 'a.pdf', mime_type: 'application/pdf' } })).toEqual([
      { from: '5', name: 'ada_l', id: '9', text: '', media: { id: 'f', fileName: 'a.pdf', contentType: 'application/pdf' } },
    ]);
    expect(parse({ sticker: { emoji: '👍' } })[0].text).toBe('👍');
    expect(parse({ location: { latitude: 1, longitude: 2 } })).toEqual([]);
  });
});

describe('WhatsApp adapter', () => {
  const adapter = whatsappAdapter('http://unused');
  const credentials = { phoneNumberId: '123', accessToken: 't', appSecret: 'secret', verifyToken: 'verify' };
  const signed = (body: string, secret = 'secret') => ({ 'x-hub-signature-256': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}` });

  it("answers the verification with the challenge, and takes POSTs signed with the app's secret", () => {
    expect(adapter.check(request('GET', '', {}, 'hub.mode=subscribe&hub.verify_token=verify&hub.challenge=42'), credentials)).toEqual({ status: 200, body: '42' });
    expect(adapter.check(request('GET', '', {}, 'hub.mode=subscribe&hub.verify_token=verif&hub.challenge=42'), credentials)).toEqual({ status: 403 });
    expect(adapter.check(request('GET', '', {}, 'hub.mode=unsubscribe&hub.verify_token=verify&hub.challenge=42'), credentials)).toEqual({ status: 403 });
    const body = '{"entry":[]}';
    expect(adapter.check(request('POST', body, signed(body)), credentials)).toBeNull();
    expect(adapter.check(request('POST', body, signed(body, 'other')), credentials)).toEqual({ status: 401 });
    expect(adapter.check(request('POST', `${body} `, signed(body)), credentials)).toEqual({ status: 401 });
    expect(adapter.check(request('POST', body), credentials)).toEqual({ status: 401 });
    expect(adapter.check(request('DELETE', body, signed(body)), credentials)).toEqual({ status: 405 });
  });

  it.each(HOSTILE)('makes nothing of a malformed update (%j)', (update) => {
    expect(adapter.parse(update, credentials)).toEqual({ messages: [], receipts: [] });
  });

  it("reads its own number's messages and receipts only", () => {
    const change = (phoneNumberId: string) => ({
      field: 'messages',
      value: {
        metadata: { phone_number_id: phoneNumberId },
        contacts: [{ wa_id: '49', profile: { name: 'Grace' } }],
        messages: [
          { from: '49', id: 'w1', type: 'text', text: { body: 'hi' } },
          { from: '49', id: 'w2', type: 'document', document: { id: 'm', filename: 'a.pdf', mime_type: 'application/pdf', caption: 'see' } },
          { from: '49', id: 'w3', type: 'location', location: {} },
          { id: 'w4', type: 'text', text: { body: 'nobody' } },
        ],
        statuses: [
          { id: 'o1', status: 'read' },
          { id: 'o2', status: 'sent' },
          { id: 'o3', status: 'failed', errors: [{ title: 'Re-engagement message' }] },
        ],
      },
    });
    expect(adapter.parse({ entry: [{ changes: [change('999'), change('123')] }] }, credentials)).toEqual({
      messages: [
        { from: '49', name: 'Grace', id: 'w1', text: 'hi', media: null },
        { from: '49', name: 'Grace', id: 'w2', text: 'see', media: { id: 'm', fileName: 'a.pdf', contentType: 'application/pdf' } },
      ],
      receipts: [
        { externalMessageId: 'o1', status: 'READ', error: undefined },
        { externalMessageId: 'o3', status: 'FAILED', error: 'Re-engagement message' },
      ],
    });
  });
});

describe('splitText', () => {
  it('cuts a long text into parts the messenger takes, never inside an emoji', () => {
    expect(splitText('', 4)).toEqual([]);
    expect(splitText('abcd', 4)).toEqual(['abcd']);
    expect(splitText('abcde', 4)).toEqual(['abcd', 'e']);
    expect(splitText('abc😀d', 4)).toEqual(['abc', '😀d']);
    expect(splitText('x'.repeat(10_000), 4096).map((part) => part.length)).toEqual([4096, 4096, 1808]);
  });
});

describe('outboundParts', () => {
  const limits = { maxText: 10, maxCaption: 4 };
  const file = { name: 'a.pdf', contentType: 'application/pdf', data: Buffer.from('x') };
  it('captions a file with a text that fits, and sends a longer text first, in parts', () => {
    expect(outboundParts({ text: 'abcd', file }, limits)).toEqual({ texts: [], caption: 'abcd' });
    expect(outboundParts({ text: '', file }, limits)).toEqual({ texts: [], caption: null });
    expect(outboundParts({ text: 'abcde', file }, limits)).toEqual({ texts: ['abcde'], caption: null });
    expect(outboundParts({ text: 'x'.repeat(15), file: null }, limits)).toEqual({ texts: ['x'.repeat(10), 'x'.repeat(5)], caption: null });
  });
});
