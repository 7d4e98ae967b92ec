import { badInput } from './errors';

/** Input checks shared by the features' services; each throws BAD_USER_INPUT naming the field. */

export function requiredText(field: string, value: string | null | undefined, max: number, min = 1): string {
  const trimmed = (value ?? '').trim();
  if (trimmed.length < min) {
    throw badInput(field, min === 1 ? `${field} must not be empty` : `${field} must be at least ${min} characters`);
  }
  if (trimmed.length > max) throw badInput(field, `${field} must be at most ${max} characters`);
  return trimmed;
}

export function optionalText(field: string, value: string | null | undefined, max: number): string | null {
  if (value === null || value === undefined) return null;
  const trimmed = value.trim();
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
