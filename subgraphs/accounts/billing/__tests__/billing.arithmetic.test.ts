import { MONTH_MS, priceOf, proratedRemainingMs } from '../billing.arithmetic';

describe('plan change arithmetic', () => {
  it('keeps the value of the time left: twice the price buys half the time', () => {
    expect(proratedRemainingMs(20 * 24 * 3600 * 1000, 1500, 3000)).toBe(10 * 24 * 3600 * 1000);
    expect(proratedRemainingMs(10 * 24 * 3600 * 1000, 3000, 1500)).toBe(20 * 24 * 3600 * 1000);
  });

  it('counts seats: going from 2 seats to 3 at the same price leaves two thirds of the time', () => {
    expect(proratedRemainingMs(3 * MONTH_MS, 2 * 1500, 3 * 1500)).toBe(2 * MONTH_MS);
  });

  it('leaves nothing when nothing was paid, the time is up, or the new plan is free', () => {
    expect(proratedRemainingMs(MONTH_MS, 0, 1500)).toBe(0);
    expect(proratedRemainingMs(-5, 1500, 3000)).toBe(0);
    expect(proratedRemainingMs(MONTH_MS, 1500, 0)).toBe(0);
  });

  it('stays exact for years of many seats (no floating-point overflow)', () => {
    expect(proratedRemainingMs(36 * MONTH_MS, 1000 * 3000, 999 * 3000)).toBe(Math.floor((36 * MONTH_MS * 1000) / 999));
  });

  it('prices months of seats', () => {
    expect(priceOf(1500, 4, 3)).toBe(18000);
  });
});
