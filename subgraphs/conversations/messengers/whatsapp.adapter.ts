import { createHmac, timingSafeEqual } from 'node:crypto';
import { callApi, fetchFile, type InboundMessage, type MediaRef, type MessengerAdapter, MessengerApiError, outboundParts, type Receipt } from './messenger.adapter';

export interface WhatsAppCredentials {
  phoneNumberId: string;
  accessToken: string;
  /** The Meta app's secret: X-Hub-Signature-256 is the HMAC-SHA256 of each update's body with it. */
  appSecret: string;
  /** Chosen by the company and typed into the app's webhook settings: Meta's verification request repeats it. */
  verifyToken: string;
}

/** WhatsApp refuses longer texts and captions. */
const LIMITS = { maxText: 4096, maxCaption: 1024 };
const MEDIA_TYPES = ['image', 'document', 'audio', 'video', 'sticker'] as const;

/** The parts of a Cloud API webhook payload this adapter reads (https://developers.facebook.com/docs/whatsapp/cloud-api/webhooks/payload-examples). */
interface WhatsAppValue {
  metadata?: { phone_number_id?: string };
  contacts?: { wa_id?: string; profile?: { name?: string } }[];
  messages?: ({ from?: string; id?: string; type?: string; text?: { body?: string }; button?: { text?: string } } & Partial<
    Record<(typeof MEDIA_TYPES)[number], { id?: string; mime_type?: string; filename?: string; caption?: string }>
  >)[];
  statuses?: { id?: string; status?: string; errors?: { title?: string; message?: string }[] }[];
}

const RECEIPTS: Record<string, Receipt['status']> = { delivered: 'DELIVERED', read: 'READ', failed: 'FAILED' };

/** WhatsApp Cloud API: the hub.challenge verification and signed updates in, text and media messages out, delivery and read receipts. */
export function whatsappAdapter(baseUrl: string): MessengerAdapter<WhatsAppCredentials> {
  const bearer = (credentials: WhatsAppCredentials) => ({ authorization: `Bearer ${credentials.accessToken}` });
  const sendMessage = async (credentials: WhatsAppCredentials, to: string, content: Record<string, unknown>) => {
    const answer = (await callApi(`${baseUrl}/${credentials.phoneNumberId}/messages`, {
      headers: bearer(credentials),
      json: { messaging_product: 'whatsapp', recipient_type: 'individual', to, ...content },
    })) as { messages?: { id?: string }[] } | null;
    const id = answer?.messages?.[0]?.id;
    if (!id) throw new MessengerApiError('WhatsApp did not return the message id', 200, false);
    return id;
  };
  return {
    kind: 'WHATSAPP',

    async connect(credentials) {
      // Meta's webhook is set in the app's dashboard, with the verify token; here the number and the token are checked.
      const phone = (await callApi(`${baseUrl}/${credentials.phoneNumberId}?fields=id,display_phone_number`, { method: 'GET', headers: bearer(credentials) })) as {
        id?: string;
      } | null;
      if (phone?.id !== credentials.phoneNumberId) throw new MessengerApiError('WhatsApp does not know this phone number id', 200, true);
      return { account: credentials.phoneNumberId };
    },

    async disconnect() {
      // Nothing to call: the app's webhook serves its other numbers too; this channel's endpoint answers 404 from now on.
    },

    check(request, credentials) {
      if (request.method === 'GET') {
        const { query } = request;
        const token = Buffer.from(query.get('hub.verify_token') ?? '');
        const expected = Buffer.from(credentials.verifyToken);
        const verified = query.get('hub.mode') === 'subscribe' && token.length === expected.length && timingSafeEqual(token, expected);
        return verified ? { status: 200, body: query.get('hub.challenge') ?? '' } : { status: 403 };
      }
      if (request.method !== 'POST') return { status: 405 };
      const given = Buffer.from(String(request.headers['x-hub-signature-256'] ?? ''));
      const expected = Buffer.from(`sha256=${createHmac('sha256', credentials.appSecret).update(request.body).digest('hex')}`);
      return given.length === expected.length && timingSafeEqual(given, expected) ? null : { status: 401 };
    },

    parse(update, credentials) {
      const messages: InboundMessage[] = [];
      const receipts: Receipt[] = [];
      const entries = (update as { entry?: { changes?: { field?: string; value?: WhatsAppValue }[] }[] } | null)?.entry;
      for (const change of (Array.isArray(entries) ? entries : []).flatMap((entry) => (Array.isArray(entry?.changes) ? entry.changes : []))) {
        const value = change?.value;
        // The app's webhook may serve several numbers: this channel takes its own.
        if (change?.field !== 'messages' || value?.metadata?.phone_number_id !== credentials.phoneNumberId) continue;
        const names = new Map((value.contacts ?? []).map((contact) => [contact.wa_id, contact.profile?.name ?? null]));
        for (const message of value.messages ?? []) {
          if (!message?.from || !message.id) continue;
          const kind = MEDIA_TYPES.find((type) => message.type === type && message[type]?.id);
          const file = kind ? message[kind]! : null;
          const media: MediaRef | null = file ? { id: file.id!, fileName: file.filename ?? null, contentType: file.mime_type ?? null } : null;
          const text = message.text?.body ?? message.button?.text ?? file?.caption ?? '';
          if (text || media) messages.push({ from: message.from, name: names.get(message.from) ?? null, id: message.id, text, media });
        }
        for (const status of value.statuses ?? []) {
          const receipt = status?.id && status.status ? RECEIPTS[status.status] : undefined;
          if (receipt) receipts.push({ externalMessageId: status.id!, status: receipt, error: status.errors?.[0]?.title ?? status.errors?.[0]?.message });
        }
      }
      return { messages, receipts };
    },

    async download(credentials, media) {
      const meta = (await callApi(`${baseUrl}/${media.id}`, { method: 'GET', headers: bearer(credentials) })) as { url?: string; mime_type?: string } | null;
      if (!meta?.url) throw new MessengerApiError('WhatsApp has no file for this id', 200, true);
      const { body, contentType } = await fetchFile(meta.url, bearer(credentials));
      const type = media.contentType ?? meta.mime_type ?? contentType ?? 'application/octet-stream';
      return { body, fileName: media.fileName ?? `file.${type.split('/')[1]?.split(';')[0] ?? 'bin'}`, contentType: type };
    },

    async send(credentials, recipient, message) {
      let last: string | undefined;
      const { texts, caption } = outboundParts(message, LIMITS);
      for (const body of texts) last = await sendMessage(credentials, recipient, { type: 'text', text: { preview_url: false, body } });
      if (message.file) {
        const form = new FormData();
        form.set('messaging_product', 'whatsapp');
        form.set('type', message.file.contentType);
        form.set('file', new Blob([message.file.data], { type: message.file.contentType }), message.file.name);
        const uploaded = (await callApi(`${baseUrl}/${credentials.phoneNumberId}/media`, { headers: bearer(credentials), form })) as { id?: string } | null;
        if (!uploaded?.id) throw new MessengerApiError('WhatsApp did not return the media id', 200, false);
        const captioned = caption ? { caption } : {};
        last = /^image\/(jpeg|png)$/.test(message.file.contentType)
          ? await sendMessage(credentials, recipient, { type: 'image', image: { id: uploaded.id, ...captioned } })
          : await sendMessage(credentials, recipient, { type: 'document', document: { id: uploaded.id, filename: message.file.name, ...captioned } });
      }
      if (!last) throw new MessengerApiError('Nothing to send', null, true);
      return { externalMessageId: last };
    },
  };
}
