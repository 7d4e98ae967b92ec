import { timingSafeEqual } from 'node:crypto';
import { callApi, fetchFile, type InboundMessage, type MediaRef, type MessengerAdapter, MessengerApiError, outboundParts } from './messenger.adapter';

export interface TelegramCredentials {
  botToken: string;
  /** Given to setWebhook as secret_token: Telegram sends it back in X-Telegram-Bot-Api-Secret-Token. */
  secretToken: string;
}

/** Telegram refuses longer texts and captions. */
const LIMITS = { maxText: 4096, maxCaption: 1024 };

/** The parts of a Bot API Message this adapter reads (https://core.telegram.org/bots/api#message). */
interface TelegramMessage {
  message_id: number;
  chat: { id: number; type: string };
  from?: { first_name?: string; last_name?: string; username?: string };
  text?: string;
  caption?: string;
  photo?: { file_id: string; file_size?: number }[];
  document?: TelegramFile;
  video?: TelegramFile;
  audio?: TelegramFile;
  voice?: TelegramFile;
  animation?: TelegramFile;
  sticker?: { emoji?: string };
}

interface TelegramFile {
  file_id: string;
  file_name?: string;
  mime_type?: string;
}

/** Telegram's Bot API (https://core.telegram.org/bots/api): a webhook with a secret token in, sendMessage and sendDocument out. */
export function telegramAdapter(baseUrl: string): MessengerAdapter<TelegramCredentials> {
  const call = async (credentials: TelegramCredentials, method: string, body: { json?: unknown; form?: FormData }) => {
    const answer = (await callApi(`${baseUrl}/bot${credentials.botToken}/${method}`, body)) as { ok?: boolean; result?: unknown; description?: string } | null;
    if (answer?.ok !== true) throw new MessengerApiError(answer?.description ?? `Telegram did not accept ${method}`, 200, true);
    return answer.result;
  };
  return {
    kind: 'TELEGRAM',

    async connect(credentials, webhookUrl) {
      const bot = (await call(credentials, 'getMe', { json: {} })) as { id: number };
      await call(credentials, 'setWebhook', { json: { url: webhookUrl, secret_token: credentials.secretToken, allowed_updates: ['message'] } });
      return { account: String(bot.id) };
    },

    async disconnect(credentials) {
      await call(credentials, 'deleteWebhook', { json: {} });
    },

    check(request, credentials) {
      if (request.method !== 'POST') return { status: 405 };
      const given = Buffer.from(String(request.headers['x-telegram-bot-api-secret-token'] ?? ''));
      const expected = Buffer.from(credentials.secretToken);
      return given.length === expected.length && timingSafeEqual(given, expected) ? null : { status: 401 };
    },

    parse(update) {
      const message = (update as { message?: TelegramMessage } | null)?.message;
      // Private chats with the bot are clients; groups the bot was added to are not conversations.
      if (message?.chat?.type !== 'private' || !Number.isSafeInteger(message.chat.id)) return { messages: [], receipts: [] };
      const name = [message.from?.first_name, message.from?.last_name].filter(Boolean).join(' ') || message.from?.username || null;
      const file = message.document ?? message.video ?? message.audio ?? message.voice ?? message.animation;
      const photo = message.photo?.at(-1);
      const media: MediaRef | null = file
        ? { id: file.file_id, fileName: file.file_name ?? null, contentType: file.mime_type ?? null }
        : photo
          ? { id: photo.file_id, fileName: 'photo.jpg', contentType: 'image/jpeg' }
          : null;
      const text = message.text ?? message.caption ?? message.sticker?.emoji ?? '';
      const inbound: InboundMessage = { from: String(message.chat.id), name, id: String(message.message_id), text, media };
      return { messages: text || media ? [inbound] : [], receipts: [] };
    },

    async download(credentials, media) {
      const file = (await call(credentials, 'getFile', { json: { file_id: media.id } })) as { file_path?: string };
      if (!file.file_path) throw new MessengerApiError('Telegram has no file for this id', 200, true);
      const { body, contentType } = await fetchFile(`${baseUrl}/file/bot${credentials.botToken}/${file.file_path}`);
      return { body, fileName: media.fileName ?? file.file_path.split('/').pop() ?? 'file', contentType: media.contentType ?? contentType ?? 'application/octet-stream' };
    },

    async send(credentials, recipient, message) {
      let last: { message_id: number } | undefined;
      const { texts, caption } = outboundParts(message, LIMITS);
      // A private chat's id is a number; the Bot API takes it as one.
      const chatId = /^-?\d+$/.test(recipient) ? Number(recipient) : recipient;
      for (const text of texts) last = (await call(credentials, 'sendMessage', { json: { chat_id: chatId, text } })) as { message_id: number };
      if (message.file) {
        const form = new FormData();
        form.set('chat_id', recipient);
        form.set('document', new Blob([message.file.data], { type: message.file.contentType }), message.file.name);
        if (caption) form.set('caption', caption);
        last = (await call(credentials, 'sendDocument', { form })) as { message_id: number };
      }
      if (!last) throw new MessengerApiError('Nothing to send', null, true);
      return { externalMessageId: String(last.message_id) };
    },
  };
}
