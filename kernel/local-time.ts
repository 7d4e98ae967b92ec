/**
 * A company's local calendar (its IANA time zone; UTC when it has none): statistics count days and
 * hours as the company lives them, DST changes and half-hour offsets included.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The local calendar fields of an instant, as two-digit strings (year: four). */
function localParts(at: Date | number, timeZone: string | null): Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', string> {
  const zone = timeZone ?? 'UTC';
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, formatter);
  }
  const parts: Record<string, string> = {};
  for (const part of formatter.formatToParts(at)) parts[part.type] = part.value;
  return parts as ReturnType<typeof localParts>;
}

/** The local day (YYYY-MM-DD) and hour (0-23) of an instant. */
export function localDayAndHour(at: Date | number, timeZone: string | null): { day: string; hour: number } {
  const parts = localParts(at, timeZone);
  return { day: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour) };
}

/** "YYYY-MM-DD HH:MM:SS" in local time, as reports show times. */
export function localDateTime(at: Date | number, timeZone: string | null): string {
  const parts = localParts(at, timeZone);
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

export const localDayOf = (at: Date | number, timeZone: string | null): string => localDayAndHour(at, timeZone).day;

/** The YYYY-MM-DD day `days` after (or before) another. */
export function addDays(day: string, days: number): string {
  const [year, month, date] = day.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, date + days)).toISOString().slice(0, 10);
}

export const nextDay = (day: string): string => addDays(day, 1);

export type LocalPeriod = 'TODAY' | 'YESTERDAY' | 'LAST_7_DAYS' | 'LAST_30_DAYS';

/** A named period of local days, today included in the "last" ones, as instants [from, to). */
export function localPeriod(period: LocalPeriod, now: Date, timeZone: string | null): { from: Date; to: Date } {
  const today = localDayOf(now, timeZone);
  const [first, afterLast] = {
    TODAY: [today, nextDay(today)],
    YESTERDAY: [addDays(today, -1), today],
    LAST_7_DAYS: [addDays(today, -6), nextDay(today)],
    LAST_30_DAYS: [addDays(today, -29), nextDay(today)],
  }[period];
  return { from: new Date(startOfLocalDay(first, timeZone)), to: new Date(startOfLocalDay(afterLast, timeZone)) };
}

// Offsets and DST transitions fall on quarter hours in every zone in use today.
const QUARTER_HOUR = 15 * 60 * 1000;

/** The first instant of a local day: usually its midnight, later when DST skips midnight. */
export function startOfLocalDay(day: string, timeZone: string | null): number {
  const [year, month, date] = day.split('-').map(Number);
  const asUtc = Date.UTC(year, month - 1, date);
  let at = asUtc - offsetAt(asUtc, timeZone);
  at = asUtc - offsetAt(at, timeZone);
  // Midnight skipped (the clock jumped past it) or repeated (it fell back over it): walk to the day's first quarter hour.
  while (localDayOf(at, timeZone) < day) at += QUARTER_HOUR;
  while (localDayOf(at - QUARTER_HOUR, timeZone) === day) at -= QUARTER_HOUR;
  return at;
}

/** How far the zone's clock is ahead of UTC at an instant, in milliseconds. */
function offsetAt(at: number, timeZone: string | null): number {
  const parts = localParts(at, timeZone);
  const local = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return local - (at - (at % 1000));
}
