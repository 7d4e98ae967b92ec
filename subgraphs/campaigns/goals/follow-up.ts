import { badInput } from '../../../kernel/errors';
import { encryptSecret } from '../../../kernel/secrets';
import * as validate from '../../../kernel/validate';

/**
 * Follow-ups (seed 004): after a conversation closes, a mail to its visitor (when they left their
 * address) through the campaign's own SMTP server, the password kept encrypted at rest. One JSON
 * document on the campaign, written only through `checkFollowUp`.
 */
export interface FollowUpValue {
  enabled: boolean;
  host: string | null;
  port: number;
  /** TLS from the start (port 465); otherwise STARTTLS when the server offers it. */
  secure: boolean;
  user: string | null;
  /** encryptSecret(password, APP_SECRET, FOLLOW_UP_SECRET); never leaves the subgraph. */
  password: string | null;
  from: string | null;
  subject: string | null;
  text: string | null;
}

export const FOLLOW_UP_SECRET = 'follow-up-smtp-password';

export const DEFAULT_FOLLOW_UP: FollowUpValue = { enabled: false, host: null, port: 587, secure: false, user: null, password: null, from: null, subject: null, text: null };

export function parseFollowUp(stored: string | null): FollowUpValue {
  return { ...DEFAULT_FOLLOW_UP, ...((stored ? JSON.parse(stored) : {}) as Partial<FollowUpValue>) };
}

export interface FollowUpInputValue {
  enabled: boolean;
  host?: string | null;
  port?: number | null;
  secure?: boolean | null;
  user?: string | null;
  /** Left out: the stored one stays; null or empty: none. */
  password?: string | null;
  from?: string | null;
  subject?: string | null;
  text?: string | null;
}

/** The follow-up after an update, checked (BAD_USER_INPUT naming the field); switched on, it needs a server, a sender, a subject and a text. */
export function checkFollowUp(current: FollowUpValue, input: FollowUpInputValue, appSecret: string): FollowUpValue {
  if (typeof input?.enabled !== 'boolean') throw badInput('enabled', 'enabled must be true or false');
  const host = validate.optionalText('host', input.host, 255);
  if (host !== null && !/^[A-Za-z0-9.-]+$/.test(host)) throw badInput('host', 'host must be a host name or an IP address');
  const from = input.from === null || input.from === undefined || input.from.trim() === '' ? null : validate.email('from', input.from);
  const next: FollowUpValue = {
    enabled: input.enabled,
    host,
    port: validate.intBetween('port', input.port ?? DEFAULT_FOLLOW_UP.port, 1, 65535),
    secure: input.secure ?? false,
    user: validate.optionalText('user', input.user, 255),
    password: current.password,
    from,
    subject: validate.optionalText('subject', input.subject, 200),
    text: validate.optionalText('text', input.text, 10_000, { kind: 'text' }),
  };
  if (input.password !== undefined) {
    const password = validate.optionalText('password', input.password, 255);
    next.password = password === null ? null : encryptSecret(password, appSecret, FOLLOW_UP_SECRET);
  }
  if (next.enabled && (!next.host || !next.from || !next.subject || !next.text)) {
    throw badInput('enabled', 'A follow-up needs the SMTP host, a sender address, a subject and a text before it is switched on');
  }
  return next;
}
