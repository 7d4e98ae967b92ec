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
  if (typeof value !== 'string' || !/^[0-9a-f-]{36}$/i.test(value)) throw badInput(field, `${field} is not a valid id`);
  return value.toLowerCase();
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
