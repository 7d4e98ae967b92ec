import { badInput } from '../../../kernel/errors';
import * as validate from '../../../kernel/validate';

/**
 * Seed 002's chat settings: what the bot says and when, how the widget looks, links, and the service
 * levels reports measure against. Kept as one JSON document on the campaign: nothing queries inside
 * it, and every write goes through `checkChatSettings`, which is the one place its rules live.
 */
export type FeedbackScaleValue = 'TWO_POINT' | 'FIVE_POINT' | 'TEN_POINT';
export type MessengerValue = 'TELEGRAM' | 'WHATSAPP' | 'VIBER' | 'FACEBOOK' | 'INSTAGRAM' | 'VKONTAKTE' | 'SKYPE' | 'SLACK' | 'WECHAT' | 'SNAPCHAT' | 'LINE';

export interface ChatColorsValue {
  bot: string | null;
  operator: string | null;
  user: string | null;
  button: string | null;
  buttonText: string | null;
}

export interface ChatSettingsValue {
  feedback: { enabled: boolean; afterSeconds: number; scale: FeedbackScaleValue; prompt: string | null };
  /** Seconds without an operator's reply before the bot takes the conversation over; null: never. */
  operatorIdleSeconds: number | null;
  queueNotice: { enabled: boolean; everyMinutes: number; text: string | null };
  colors: ChatColorsValue;
  /** The bot's answer to the client's first message of a conversation; null: none. */
  firstMessageReply: string | null;
  knowledgeBaseUrl: string | null;
  messengerLinks: { kind: MessengerValue; url: string }[];
  serviceLevels: { firstResponseSeconds: number | null; nextResponseSeconds: number | null };
}

export const DEFAULT_CHAT_SETTINGS: ChatSettingsValue = {
  feedback: { enabled: false, afterSeconds: 300, scale: 'FIVE_POINT', prompt: null },
  operatorIdleSeconds: null,
  queueNotice: { enabled: false, everyMinutes: 2, text: null },
  colors: { bot: null, operator: null, user: null, button: null, buttonText: null },
  firstMessageReply: null,
  knowledgeBaseUrl: null,
  messengerLinks: [],
  serviceLevels: { firstResponseSeconds: null, nextResponseSeconds: null },
};

const DEFAULT_FEEDBACK_PROMPT = 'How would you rate this conversation?';
export const feedbackPrompt = (settings: ChatSettingsValue) => settings.feedback.prompt ?? DEFAULT_FEEDBACK_PROMPT;

/** The stored document read back over the defaults, so settings added later have a value in old rows. */
export function parseChatSettings(stored: string | null): ChatSettingsValue {
  const saved = (stored ? JSON.parse(stored) : {}) as Partial<ChatSettingsValue>;
  return {
    ...DEFAULT_CHAT_SETTINGS,
    ...saved,
    feedback: { ...DEFAULT_CHAT_SETTINGS.feedback, ...saved.feedback },
    queueNotice: { ...DEFAULT_CHAT_SETTINGS.queueNotice, ...saved.queueNotice },
    colors: { ...DEFAULT_CHAT_SETTINGS.colors, ...saved.colors },
    serviceLevels: { ...DEFAULT_CHAT_SETTINGS.serviceLevels, ...saved.serviceLevels },
  };
}

export interface ChatSettingsInputValue {
  feedback?: { enabled: boolean; afterSeconds?: number | null; scale?: FeedbackScaleValue | null; prompt?: string | null } | null;
  operatorIdleSeconds?: number | null;
  queueNotice?: { enabled: boolean; everyMinutes?: number | null; text?: string | null } | null;
  colors?: Partial<Record<keyof ChatColorsValue, string | null>> | null;
  firstMessageReply?: string | null;
  knowledgeBaseUrl?: string | null;
  messengerLinks?: { kind: MessengerValue; url: string }[] | null;
  serviceLevels?: { firstResponseSeconds?: number | null; nextResponseSeconds?: number | null } | null;
}

const MAX_MESSENGER_LINKS = 20;

/**
 * The settings after an update: each part given replaces that part (a colour left out of `colors`
 * keeps its value), each part checked. Throws BAD_USER_INPUT naming the field.
 */
export function checkChatSettings(current: ChatSettingsValue, input: ChatSettingsInputValue): ChatSettingsValue {
  const next: ChatSettingsValue = { ...current, colors: { ...current.colors } };
  if (input.feedback) {
    const { enabled, afterSeconds, scale, prompt } = input.feedback;
    next.feedback = {
      enabled,
      afterSeconds: validate.intBetween('chat.feedback.afterSeconds', afterSeconds ?? DEFAULT_CHAT_SETTINGS.feedback.afterSeconds, 0, 86_400),
      scale: scale ?? DEFAULT_CHAT_SETTINGS.feedback.scale,
      prompt: validate.optionalText('chat.feedback.prompt', prompt, 500, { kind: 'text' }),
    };
  }
  if (input.operatorIdleSeconds !== undefined) {
    next.operatorIdleSeconds = input.operatorIdleSeconds === null ? null : validate.intBetween('chat.operatorIdleSeconds', input.operatorIdleSeconds, 10, 86_400);
  }
  if (input.queueNotice) {
    const { enabled, everyMinutes, text } = input.queueNotice;
    next.queueNotice = {
      enabled,
      everyMinutes: validate.intBetween('chat.queueNotice.everyMinutes', everyMinutes ?? DEFAULT_CHAT_SETTINGS.queueNotice.everyMinutes, 1, 1440),
      text: validate.optionalText('chat.queueNotice.text', text, 1000, { kind: 'text' }),
    };
    if (enabled && !next.queueNotice.text) throw badInput('chat.queueNotice.text', 'Queue notices need a text when they are on');
  }
  if (input.colors) {
    for (const key of Object.keys(DEFAULT_CHAT_SETTINGS.colors) as (keyof ChatColorsValue)[]) {
      if (input.colors[key] !== undefined) next.colors[key] = validate.optionalColour(`chat.colors.${key}`, input.colors[key]);
    }
  }
  if (input.firstMessageReply !== undefined) next.firstMessageReply = validate.optionalText('chat.firstMessageReply', input.firstMessageReply, 1000, { kind: 'text' });
  if (input.knowledgeBaseUrl !== undefined) next.knowledgeBaseUrl = validate.optionalHttpUrl('chat.knowledgeBaseUrl', input.knowledgeBaseUrl, 2000);
  if (input.messengerLinks !== undefined && input.messengerLinks !== null) {
    if (input.messengerLinks.length > MAX_MESSENGER_LINKS) throw badInput('chat.messengerLinks', `At most ${MAX_MESSENGER_LINKS} messenger links`);
    next.messengerLinks = input.messengerLinks.map((link) => {
      const url = validate.optionalHttpUrl('chat.messengerLinks.url', link.url, 2000);
      if (!url) throw badInput('chat.messengerLinks.url', 'Every messenger link needs a URL');
      return { kind: link.kind, url };
    });
  }
  if (input.serviceLevels) {
    const level = (field: string, value: number | null | undefined) => (value === null || value === undefined ? null : validate.intBetween(field, value, 1, 86_400));
    next.serviceLevels = {
      firstResponseSeconds: level('chat.serviceLevels.firstResponseSeconds', input.serviceLevels.firstResponseSeconds),
      nextResponseSeconds: level('chat.serviceLevels.nextResponseSeconds', input.serviceLevels.nextResponseSeconds),
    };
  }
  return next;
}
