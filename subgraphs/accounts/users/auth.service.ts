import argon2 from 'argon2';
import { randomUUID } from 'node:crypto';
import { EntityManager, IsNull, MoreThan } from 'typeorm';
import { generateSecretToken, hashSecretToken, OperatorIdentity } from '../../../kernel/auth';
import { AppError, badInput, conflict } from '../../../kernel/errors';
import { Limit, rateLimited } from '../../../kernel/rate-limit';
import type { Runtime } from '../../../kernel/subgraph';
import * as validate from '../../../kernel/validate';
import type { AccessEvents } from '../access.events';
import { AuditAction, AuditService } from '../audit/audit.service';
import { isIpAllowed } from '../../../kernel/ip-list';
import { issueChallenge, redeemSolution } from '../captcha/captcha';
import { SessionEntity } from '../sessions/session.entity';
import { OneTimeTokenEntity, OneTimeTokenPurpose, UserEntity } from './user.entity';

export interface RegisterCommand {
  name: string;
  email: string;
  phone: string;
  acceptTerms: boolean;
  captcha?: string | null;
}

export interface SignedIn {
  token: string;
  user: UserEntity;
}

const TOKEN_LIFETIME_MS: Record<OneTimeTokenPurpose, number> = {
  verify: 48 * 3600 * 1000,
  reset: 3600 * 1000,
};

const MINUTE = 60 * 1000;
export const LOGIN_FAILURES_PER_ADDRESS: Limit = { max: 5, windowMs: 15 * MINUTE };
export const LOGIN_FAILURES_PER_IP: Limit = { max: 50, windowMs: 15 * MINUTE };
export const RESETS_PER_ADDRESS: Limit = { max: 3, windowMs: 60 * MINUTE };
export const RESETS_PER_IP: Limit = { max: 20, windowMs: 60 * MINUTE };

const PHONE = /^\+?[0-9][0-9 ()-]{4,30}$/;
const INVALID_LINK = 'This link is invalid, was already used or has expired';

/** argon2id with the library's recommended cost; parameters live in the hash, so they can rise later. */
const hashPassword = (password: string) => argon2.hash(password, { type: argon2.argon2id });

export function checkPassword(field: string, password: string): string {
  if (typeof password !== 'string' || password.length < 8) throw badInput(field, 'The password must be at least 8 characters long');
  if (password.length > 128) throw badInput(field, 'The password must be at most 128 characters long');
  if (!/[a-zA-Z]/.test(password) || !/[0-9]/.test(password)) {
    throw badInput(field, 'The password must contain at least one letter and one digit');
  }
  return password;
}

/**
 * Sign-up, sign-in and passwords (seed 000): registration by mail verification, sessions with
 * revocable bearer tokens, password reset.
 */
export class AuthService {
  constructor(
    private readonly runtime: Runtime,
    private readonly access: AccessEvents,
    private readonly audit: AuditService,
  ) {}

  async register(input: RegisterCommand): Promise<{ email: string }> {
    const name = validate.requiredText('name', input.name, 100);
    const email = validate.email('email', input.email);
    if (email.startsWith('info@')) throw badInput('email', 'Addresses that start with info@ cannot be used to sign up');
    const phone = (input.phone ?? '').trim();
    if (!PHONE.test(phone) || phone.replace(/\D/g, '').length < 6) throw badInput('phone', 'phone must be a valid phone number');
    if (input.acceptTerms !== true) throw badInput('acceptTerms', 'The terms of use must be accepted');

    const { token } = await this.runtime.db.transaction(async (m) => {
      const { captchaDifficulty, secret } = this.runtime.config;
      if (captchaDifficulty > 0) await redeemSolution(m, secret, captchaDifficulty, input.captcha);
      if (await m.existsBy(UserEntity, { email })) throw conflict('An account with this email already exists');
      const user = m.create(UserEntity, {
        id: randomUUID(),
        email,
        name,
        displayName: null,
        phone,
        passwordHash: null,
        emailVerifiedAt: null,
        createdAt: new Date(),
      });
      await m.insert(UserEntity, user);
      return this.issueOneTimeToken(m, user.id, 'verify');
    });
    await this.sendVerificationMail(email, name, token);
    return { email };
  }

  captchaChallenge() {
    const { captchaDifficulty, secret } = this.runtime.config;
    return { ...issueChallenge(secret, captchaDifficulty), required: captchaDifficulty > 0 };
  }

  /** Sends a new verification link to an unverified address; silent for others, like password reset. */
  async resendVerification(rawEmail: string): Promise<boolean> {
    const email = validate.email('email', rawEmail);
    const user = await this.runtime.db.manager.findOneBy(UserEntity, { email });
    if (!user || user.emailVerifiedAt) return true;
    const { token } = await this.runtime.db.transaction((m) => this.issueOneTimeToken(m, user.id, 'verify'));
    await this.sendVerificationMail(email, user.name, token);
    return true;
  }

  async setPassword(token: string, password: string, ip?: string): Promise<SignedIn> {
    checkPassword('password', password);
    const passwordHash = await hashPassword(password);
    return this.runtime.db.transaction(async (m) => {
      const userId = await this.consumeOneTimeToken(m, token, 'verify');
      await m.update(UserEntity, { id: userId }, { passwordHash, emailVerifiedAt: new Date() });
      return this.openSession(m, userId, ip);
    });
  }

  /**
   * Failed attempts are counted per address and per client IP, whether or not the address exists,
   * so the limit says nothing about which addresses are registered.
   */
  async login(rawEmail: string, password: string, ip?: string): Promise<SignedIn> {
    const email = (rawEmail ?? '').trim().toLowerCase();
    const keys = [`login:address:${email}`, `login:ip:${ip ?? 'unknown'}`];
    const limits = [LOGIN_FAILURES_PER_ADDRESS, LOGIN_FAILURES_PER_IP];
    const { rateLimiter } = this.runtime;
    const counts = await Promise.all(keys.map((key) => rateLimiter.peek(key)));
    if (counts.some((count, i) => count >= limits[i].max)) throw rateLimited();
    const user = email ? await this.runtime.db.manager.findOneBy(UserEntity, { email }) : null;
    let valid = false;
    if (user?.passwordHash && user.emailVerifiedAt && typeof password === 'string') valid = await argon2.verify(user.passwordHash, password);
    // Same cost as a real check, so timing does not tell which addresses exist.
    else await argon2.verify(await dummyHash(), String(password ?? '')).catch(() => false);
    if (!valid || !user) {
      await Promise.all(keys.map((key, i) => rateLimiter.hit(key, limits[i].windowMs)));
      throw new AppError('UNAUTHENTICATED', 'Email or password is incorrect');
    }
    // Checked after the password, so the refusal tells nothing to someone who does not know it.
    if (!isIpAllowed(user.ipAllowlist, ip)) throw new AppError('FORBIDDEN', 'This account may not be used from your IP address');
    return this.runtime.db.transaction((m) => this.openSession(m, user.id, ip));
  }

  async logout(identity: OperatorIdentity): Promise<boolean> {
    await this.runtime.db.transaction((m) => m.update(SessionEntity, { id: identity.sessionId, revokedAt: IsNull() }, { revokedAt: new Date() }));
    await this.access.accessChanged(identity.userId);
    return true;
  }

  async requestPasswordReset(rawEmail: string, ip?: string): Promise<boolean> {
    const email = (rawEmail ?? '').trim().toLowerCase();
    const { rateLimiter } = this.runtime;
    const [perAddress, perIp] = await Promise.all([
      rateLimiter.hit(`reset:address:${email}`, RESETS_PER_ADDRESS.windowMs),
      rateLimiter.hit(`reset:ip:${ip ?? 'unknown'}`, RESETS_PER_IP.windowMs),
    ]);
    if (perAddress > RESETS_PER_ADDRESS.max || perIp > RESETS_PER_IP.max) throw rateLimited();
    const user = email ? await this.runtime.db.manager.findOneBy(UserEntity, { email }) : null;
    if (!user?.emailVerifiedAt) return true;
    const { token } = await this.runtime.db.transaction((m) => this.issueOneTimeToken(m, user.id, 'reset'));
    await this.runtime.mailer.send({
      to: email,
      subject: 'Reset your password',
      text: `Hello ${user.name},\n\nfollow this link to choose a new password:\n${this.link('reset-password', token)}\n\nThe link works once and expires in one hour. If you did not ask for it, ignore this mail.\n`,
    });
    return true;
  }

  /** Sets a new password and signs out every other device. */
  async resetPassword(token: string, password: string, ip?: string): Promise<SignedIn> {
    checkPassword('password', password);
    const passwordHash = await hashPassword(password);
    const signedIn = await this.runtime.db.transaction(async (m) => {
      const userId = await this.consumeOneTimeToken(m, token, 'reset');
      await m.update(UserEntity, { id: userId }, { passwordHash });
      await m.update(SessionEntity, { userId, revokedAt: IsNull() }, { revokedAt: new Date() });
      await this.audit.recordForUser(m, userId, { action: AuditAction.PASSWORD_CHANGED, actor: { userId, ip }, details: { by: 'reset link' } });
      return this.openSession(m, userId, ip);
    });
    await this.access.accessChanged(signedIn.user.id);
    return signedIn;
  }

  private sendVerificationMail(email: string, name: string, token: string) {
    return this.runtime.mailer.send({
      to: email,
      subject: 'Confirm your email to finish registration',
      text: `Hello ${name},\n\nfollow this link to set your password and finish registration:\n${this.link('set-password', token)}\n\nThe link works once and expires in 48 hours.\n`,
    });
  }

  private link(path: string, token: string): string {
    return `${this.runtime.config.publicUrl.replace(/\/$/, '')}/${path}?token=${encodeURIComponent(token)}`;
  }

  /** A new link invalidates the older unused ones of the same purpose. */
  private async issueOneTimeToken(m: EntityManager, userId: string, purpose: OneTimeTokenPurpose) {
    const now = new Date();
    await m.update(OneTimeTokenEntity, { userId, purpose, usedAt: IsNull() }, { usedAt: now });
    const token = generateSecretToken();
    await m.insert(OneTimeTokenEntity, {
      id: randomUUID(),
      userId,
      purpose,
      tokenHash: hashSecretToken(token),
      expiresAt: new Date(now.getTime() + TOKEN_LIFETIME_MS[purpose]),
      usedAt: null,
      createdAt: now,
    });
    return { token };
  }

  private async consumeOneTimeToken(m: EntityManager, token: string, purpose: OneTimeTokenPurpose): Promise<string> {
    if (typeof token !== 'string' || token.length < 20 || token.length > 100) throw badInput('token', INVALID_LINK);
    const tokenHash = hashSecretToken(token);
    const row = await m.findOneBy(OneTimeTokenEntity, { tokenHash, purpose, usedAt: IsNull(), expiresAt: MoreThan(new Date()) });
    if (!row) throw badInput('token', INVALID_LINK);
    // Conditional update: of two concurrent uses of one link, only one changes the row.
    const result = await m.update(OneTimeTokenEntity, { id: row.id, usedAt: IsNull() }, { usedAt: new Date() });
    if (result.affected !== 1) throw badInput('token', INVALID_LINK);
    return row.userId;
  }

  private async openSession(m: EntityManager, userId: string, ip?: string): Promise<SignedIn> {
    const token = generateSecretToken();
    await m.insert(SessionEntity, { id: randomUUID(), userId, tokenHash: hashSecretToken(token), ip: ip ?? null, createdAt: new Date(), revokedAt: null });
    const user = await m.findOneByOrFail(UserEntity, { id: userId });
    return { token, user };
  }
}

// Verified against when the account does not exist, so both paths pay for one argon2 check.
let dummy: Promise<string> | undefined;
const dummyHash = () => (dummy ??= hashPassword(generateSecretToken()));
