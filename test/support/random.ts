/**
 * A reproducible pseudo-random sequence in [0, 1) for generated data (tests and the bench), so a
 * failure can be replayed: mulberry32, exact in 32-bit integer arithmetic (a float LCG loses bits
 * and cycles early).
 */
export function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let x = Math.imul(state ^ (state >>> 15), 1 | state);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 2 ** 32;
  };
}
