/**
 * What the widget keeps in the visitor's browser, per widget key, so a reload or the next page of
 * the site carries on: the visitor's token (their session), their conversation, whether they have
 * chatted before (pre-chat FIRST_TIME) and whether the window was open.
 */
export interface Saved {
  token?: string;
  conversationId?: string;
  chatted?: boolean;
  open?: boolean;
  /** The visitor left an address for follow-ups. */
  emailGiven?: boolean;
}

export class Store {
  private readonly key: string;
  private saved: Saved = {};

  constructor(widgetKey: string) {
    this.key = `livechat:${widgetKey}`;
    try {
      this.saved = JSON.parse(localStorage.getItem(this.key) ?? '{}') as Saved;
    } catch {
      // Storage off or unreadable: the session lasts for this page only.
    }
  }

  get<K extends keyof Saved>(name: K): Saved[K] {
    return this.saved[name];
  }

  set(change: Partial<Saved>): void {
    this.saved = { ...this.saved, ...change };
    try {
      localStorage.setItem(this.key, JSON.stringify(this.saved));
    } catch {
      // As above.
    }
  }
}

/** A random id for clientMessageId (crypto.randomUUID needs a secure context; pages may be http). */
export function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
