/** Plans are priced per operator seat per 30-day month. */
export const MONTH_MS = 30 * 24 * 3600 * 1000;

/**
 * Paid time left after a plan change (seed 001): the value of the time left at the old monthly
 * price buys time at the new one, so a dearer plan shortens the period and a cheaper one lengthens
 * it. BigInt, because milliseconds times cents overflow a double's exact range.
 */
export function proratedRemainingMs(remainingMs: number, oldMonthlyCents: number, newMonthlyCents: number): number {
  if (remainingMs <= 0 || oldMonthlyCents <= 0 || newMonthlyCents <= 0) return 0;
  return Number((BigInt(Math.floor(remainingMs)) * BigInt(oldMonthlyCents)) / BigInt(newMonthlyCents));
}

/** What `months` of a plan cost for `seats` operators. */
export function priceOf(seatPriceCents: number, seats: number, months: number): number {
  return seatPriceCents * seats * months;
}
