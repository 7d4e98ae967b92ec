import { badInput } from './errors';

/** Input checks shared by the features' services; each throws BAD_USER_INPUT naming the field. */

/**
 * Characters no name, title or file name may hold: control characters (NUL among them, which
 * truncates strings in other systems) and the bidi overrides and isolates that make "gpj.exe"
 * read as "exe.jpg". Multi-line fields (notes) may hold line breaks and tabs.
 */
const UNSAFE_IN_LINE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const UNSAFE_IN_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
/** Chat messages are kept exactly as typed, bidi marks included (right-to-left writers use them); only control characters are refused. */
const UNSAFE_IN_MESSAGE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export interface TextOptions {
  /** 'text': line breaks and tabs allowed (notes, canned responses); 'message': a chat message. Default 'line'. */
  kind?: 'line' | 'text' | 'message';
}

const UNSAFE = { line: UNSAFE_IN_LINE, text: UNSAFE_IN_TEXT, message: UNSAFE_IN_MESSAGE };

/**
 * Text from outside that cannot be refused (a messenger's update, retried until it is taken) with
 * what safeText would refuse removed instead.
 */
export function withoutUnsafe(value: string, options: TextOptions = {}): string {
  return value.replace(new RegExp(UNSAFE[options.kind ?? 'line'].source, 'g'), '');
}

/** Refuses control characters and, outside chat messages, bidi overrides (see UNSAFE_IN_LINE). */
export function safeText(field: string, value: string, options: TextOptions = {}): string {
  if (UNSAFE[options.kind ?? 'line'].test(value)) {
    throw badInput(field, options.kind === 'message' ? `${field} must not contain control characters` : `${field} must not contain control characters or text-direction overrides`);
  }
  return value;
}

export function requiredText(field: string, value: string | null | undefined, max: number, min = 1, options: TextOptions = {}): string {
  const trimmed = safeText(field, (value ?? '').trim(), options);
  if (trimmed.length < min) {
    throw badInput(field, min === 1 ? `${field} must not be empty` : `${field} must be at least ${min} characters`);
  }
  if (trimmed.length > max) throw badInput(field, `${field} must be at most ${max} characters`);
  return trimmed;
}

export function optionalText(field: string, value: string | null | undefined, max: number, options: TextOptions = {}): string | null {
  if (value === null || value === undefined) return null;
  const trimmed = safeText(field, value.trim(), options);
  if (trimmed === '') return null;
  if (trimmed.length > max) throw badInput(field, `${field} must be at most ${max} characters`);
  return trimmed;
}

// Deliberately simple: one @, no spaces, a dotted domain. Deliverability is proven by the verification mail.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function email(field: string, value: string): string {
  const normalized = (value ?? '').trim().toLowerCase();
  if (normalized.length > 254 || !EMAIL.test(normalized)) throw badInput(field, `${field} must be a valid email address`);
  return normalized;
}

export function id(field: string, value: string): string {
  const checked = idOrNull(value);
  if (checked === null) throw badInput(field, `${field} is not a valid id`);
  return checked;
}

/** The id, lower-cased, or null when the value cannot be one: for lookups that answer NOT_FOUND to anything not theirs. */
export function idOrNull(value: unknown): string | null {
  return typeof value === 'string' && /^[0-9a-f-]{36}$/i.test(value) ? value.toLowerCase() : null;
}

export function pageSize(field: string, value: number | null | undefined, fallback: number, max: number): number {
  if (value === null || value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 0 || value > max) throw badInput(field, `${field} must be between 0 and ${max}`);
  return value;
}

/**
 * A LIKE pattern matching `term` anywhere, its wildcards taken literally. Use it with
 * `LIKE :pattern ESCAPE '!'`: `!` is an escape both MySQL and SQLite accept in the same spelling.
 */
export function containsPattern(term: string): string {
  return `%${term.toLowerCase().replace(/[!%_]/g, (c) => `!${c}`)}%`;
}

/** A LIKE pattern matching values that start with `term`, its wildcards taken literally (same escape). */
export function prefixPattern(term: string): string {
  return `${term.toLowerCase().replace(/[!%_]/g, (c) => `!${c}`)}%`;
}

/** An absolute http(s) URL of at most `max` characters, as a browser reports a page's address. */
export function optionalHttpUrl(field: string, value: string | null | undefined, max: number): string | null {
  const text = optionalText(field, value, max);
  if (text === null) return null;
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    throw badInput(field, `${field} must be an absolute http or https URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw badInput(field, `${field} must be an absolute http or https URL`);
  return text;
}

export function intBetween(field: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) throw badInput(field, `${field} must be a whole number from ${min} to ${max}`);
  return value;
}

const BYTE = '(25[0-5]|2[0-4]\\d|1\\d\\d|\\d?\\d)';
const PERCENT = '(100|\\d?\\d)%';
const ALPHA = '(0|1|0?\\.\\d+|1\\.0+|(100|\\d?\\d)%)';
const HUE = '(360|3[0-5]\\d|[12]?\\d?\\d)(deg)?';
const COLOUR_FORMS = [
  /^#([0-9a-f]{3}|[0-9a-f]{4}|[0-9a-f]{6}|[0-9a-f]{8})$/i,
  new RegExp(`^rgb\\(\\s*${BYTE}\\s*,\\s*${BYTE}\\s*,\\s*${BYTE}\\s*\\)$`, 'i'),
  new RegExp(`^rgba\\(\\s*${BYTE}\\s*,\\s*${BYTE}\\s*,\\s*${BYTE}\\s*,\\s*${ALPHA}\\s*\\)$`, 'i'),
  new RegExp(`^hsl\\(\\s*${HUE}\\s*,\\s*${PERCENT}\\s*,\\s*${PERCENT}\\s*\\)$`, 'i'),
  new RegExp(`^hsla\\(\\s*${HUE}\\s*,\\s*${PERCENT}\\s*,\\s*${PERCENT}\\s*,\\s*${ALPHA}\\s*\\)$`, 'i'),
];

/**
 * A colour as seed 002 allows it: HEX (#rgb, #rgba, #rrggbb, #rrggbbaa), RGB(A) or HSL(A) with
 * every component in range. Stored as given, trimmed; the widget hands it to CSS unchanged, which is
 * safe because nothing else can pass these patterns.
 */
export function optionalColour(field: string, value: string | null | undefined): string | null {
  const text = optionalText(field, value, 64);
  if (text === null) return null;
  if (!COLOUR_FORMS.some((form) => form.test(text)))
    throw badInput(field, `${field} must be a colour in HEX (#1a2b3c), RGBA (rgba(26, 43, 60, 0.5)) or HSLA (hsla(210, 40%, 17%, 0.5))`);
  return text;
}

/** A language tag as the product keeps them: a language and up to two subtags ("en", "pt-br", "sr-latn-rs"), compared lower-cased. */
export const isLanguageTag = (tag: string): boolean => /^[a-z]{2,3}(-[a-z0-9]{2,8}){0,2}$/.test(tag.toLowerCase());
