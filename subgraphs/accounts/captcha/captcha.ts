import { createHash, randomBytes } from 'node:crypto';
import { Column, Entity, EntityManager, LessThan, PrimaryColumn } from 'typeorm';
import { signPayload, verifyPayload } from '../../../kernel/auth';
import { isUniqueViolation } from '../../../kernel/database';
import { badInput } from '../../../kernel/errors';

/**
 * The anti-robot check on registration (seed 000), self-hosted: a proof of work. The server signs a
 * random nonce with a difficulty; the client finds a counter such that
 * sha256(`${challenge}:${counter}`) starts with `difficulty` zero bits and sends
 * `${challenge}:${counter}` as RegisterInput.captcha. Each solved challenge is accepted once.
 */
@Entity('captcha_redemptions')
export class CaptchaRedemptionEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 }) nonce: string;
  @Column({ name: 'expires_at', type: 'datetime', precision: 3 }) expiresAt: Date;
}

export const CAPTCHA_TTL_SECONDS = 10 * 60;

export interface CaptchaChallengeData {
  challenge: string;
  difficulty: number;
  expiresAt: Date;
}

export function issueChallenge(secret: string, difficulty: number): CaptchaChallengeData {
  const exp = Math.floor(Date.now() / 1000) + CAPTCHA_TTL_SECONDS;
  return { challenge: signPayload({ nonce: randomBytes(12).toString('hex'), d: difficulty, exp }, secret, 'captcha'), difficulty, expiresAt: new Date(exp * 1000) };
}

export function leadingZeroBits(digest: Buffer): number {
  let bits = 0;
  for (const byte of digest) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    return bits + Math.clz32(byte) - 24;
  }
  return bits;
}

/** Checks a solution and records it as used, inside the caller's transaction. */
export async function redeemSolution(m: EntityManager, secret: string, difficulty: number, solution: string | null | undefined): Promise<void> {
  if (!solution) throw badInput('captcha', 'Solve the anti-robot challenge (captchaChallenge) first');
  const separator = solution.lastIndexOf(':');
  const challenge = solution.slice(0, separator);
  const payload = separator > 0 ? verifyPayload<{ nonce: string; d: number; exp: number }>(challenge, secret, 'captcha') : null;
  if (!payload) throw badInput('captcha', 'The anti-robot challenge is invalid or has expired; ask for a new one');
  const digest = createHash('sha256').update(solution).digest();
  if (payload.d < difficulty || leadingZeroBits(digest) < payload.d) throw badInput('captcha', 'The anti-robot challenge is not solved');
  await m.delete(CaptchaRedemptionEntity, { expiresAt: LessThan(new Date()) });
  try {
    await m.insert(CaptchaRedemptionEntity, { nonce: payload.nonce, expiresAt: new Date(payload.exp * 1000) });
  } catch (error) {
    if (isUniqueViolation(error)) throw badInput('captcha', 'This anti-robot challenge was already used; ask for a new one');
    throw error;
  }
}
