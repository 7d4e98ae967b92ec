import { createHash } from 'node:crypto';
import { leadingZeroBits } from '../subgraphs/accounts/captcha/captcha';
import * as ops from './generated/graphql';
import { errorCode, ok, subscribe, wsClient } from './support/client';
import { startTestGraph, TestGraph } from './support/graph';
import { PASSWORD, registerUser, setUpCompany, uniqueEmail } from './support/story';

/** Brute-force protection and the viewer's own sessions (issue 3, sign-up and sign-in). */
describe('signing in', () => {
  let t: TestGraph;
  beforeAll(async () => {
    t = await startTestGraph();
  });
  afterAll(() => t.stop());

  it('rate-limits failed logins per address alike for known and unknown addresses', async () => {
    const user = await registerUser(t, 'Guarded');
    for (const email of [user.email, uniqueEmail('nobody')]) {
      for (let i = 0; i < 5; i++) expect(await errorCode(t.url, ops.LoginDocument, { email, password: 'wrong password 1' })).toBe('UNAUTHENTICATED');
      expect(await errorCode(t.url, ops.LoginDocument, { email, password: 'wrong password 1' })).toBe('RATE_LIMITED');
    }
    // The right password does not get through a locked address either.
    expect(await errorCode(t.url, ops.LoginDocument, { email: user.email, password: PASSWORD })).toBe('RATE_LIMITED');
    // Other addresses are unaffected.
    const other = await registerUser(t, 'Other');
    await ok(t.url, ops.LoginDocument, { email: other.email, password: PASSWORD });
  });

  it('rate-limits password reset requests per address without telling whether it exists', async () => {
    for (const email of [(await registerUser(t, 'Resetter')).email, uniqueEmail('ghost')]) {
      for (let i = 0; i < 3; i++) expect((await ok(t.url, ops.RequestPasswordResetDocument, { email })).requestPasswordReset).toBe(true);
      expect(await errorCode(t.url, ops.RequestPasswordResetDocument, { email })).toBe('RATE_LIMITED');
    }
  });

  it('lists sessions, revokes one, and signs out everywhere', async () => {
    const user = await registerUser(t, 'Traveller');
    const laptop = (await ok(t.url, ops.LoginDocument, { email: user.email, password: PASSWORD })).login.token;
    const sessions = (await ok(t.url, ops.MySessionsDocument, {}, { token: laptop })).mySessions;
    expect(sessions).toHaveLength(2);
    expect(sessions.filter((s) => s.current)).toHaveLength(1);
    const phoneSession = sessions.find((s) => !s.current)!;
    await ok(t.url, ops.RevokeSessionDocument, { id: phoneSession.id }, { token: laptop });
    expect(await errorCode(t.url, ops.MeDocument, {}, { token: user.token })).toBe('UNAUTHENTICATED');
    expect(await errorCode(t.url, ops.RevokeSessionDocument, { id: phoneSession.id }, { token: laptop })).toBe('NOT_FOUND');
    await ok(t.url, ops.LogoutEverywhereDocument, {}, { token: laptop });
    expect(await errorCode(t.url, ops.MeDocument, {}, { token: laptop })).toBe('UNAUTHENTICATED');
  });

  it('changes the password only with the current one, and signs out the other devices', async () => {
    const user = await registerUser(t, 'Changer');
    const other = (await ok(t.url, ops.LoginDocument, { email: user.email, password: PASSWORD })).login.token;
    expect(await errorCode(t.url, ops.ChangePasswordDocument, { oldPassword: 'not it 123', newPassword: 'brand new 42' }, { token: user.token })).toBe('BAD_USER_INPUT');
    expect(await errorCode(t.url, ops.ChangePasswordDocument, { oldPassword: PASSWORD, newPassword: 'short' }, { token: user.token })).toBe('BAD_USER_INPUT');
    await ok(t.url, ops.ChangePasswordDocument, { oldPassword: PASSWORD, newPassword: 'brand new 42' }, { token: user.token });
    await ok(t.url, ops.MeDocument, {}, { token: user.token });
    expect(await errorCode(t.url, ops.MeDocument, {}, { token: other })).toBe('UNAUTHENTICATED');
    await ok(t.url, ops.LoginDocument, { email: user.email, password: 'brand new 42' });
  });
});

describe('the anti-robot check on registration', () => {
  let t: TestGraph;
  beforeAll(async () => {
    t = await startTestGraph({ CAPTCHA_DIFFICULTY: '8' });
  });
  afterAll(() => t.stop());

  const solve = (challenge: string, difficulty: number) => {
    for (let counter = 0; ; counter++) {
      const digest = createHash('sha256').update(`${challenge}:${counter}`).digest();
      if (leadingZeroBits(digest) >= difficulty) return `${challenge}:${counter}`;
    }
  };
  /** A nonce that does not meet the difficulty (a fixed string would, one time in 2^difficulty). */
  const unsolved = (challenge: string, difficulty: number) => {
    for (let counter = 0; ; counter++) {
      const digest = createHash('sha256').update(`${challenge}:${counter}`).digest();
      if (leadingZeroBits(digest) < difficulty) return `${challenge}:${counter}`;
    }
  };
  const register = (captcha?: string) =>
    errorCode(t.url, ops.RegisterDocument, { input: { name: 'Robot?', email: uniqueEmail('robot'), phone: '+380501234567', acceptTerms: true, captcha } });

  it('requires a solved, unused challenge when switched on', async () => {
    const { captchaChallenge } = await ok(t.url, ops.CaptchaChallengeDocument, {});
    expect(captchaChallenge).toMatchObject({ difficulty: 8, required: true, algorithm: 'sha256' });
    expect(await register()).toBe('BAD_USER_INPUT');
    expect(await register(unsolved(captchaChallenge.challenge, captchaChallenge.difficulty))).toBe('BAD_USER_INPUT');
    expect(await register('forged.challenge:1')).toBe('BAD_USER_INPUT');
    const solution = solve(captchaChallenge.challenge, captchaChallenge.difficulty);
    expect(await register(solution)).toBeUndefined();
    expect(await register(solution)).toBe('BAD_USER_INPUT');
  });

  it('is off on the embedded default', async () => {
    const plain = await startTestGraph();
    try {
      expect((await ok(plain.url, ops.CaptchaChallengeDocument, {})).captchaChallenge).toMatchObject({ difficulty: 0, required: false });
    } finally {
      await plain.stop();
    }
  });
});

describe('open WebSockets follow the session', () => {
  let t: TestGraph;
  beforeAll(async () => {
    t = await startTestGraph();
  });
  afterAll(() => t.stop());

  it("closes an operator's socket with 4403 the moment the session is revoked", async () => {
    const company = await setUpCompany(t, 'Sockets');
    const laptop = (await ok(t.url, ops.LoginDocument, { email: company.admin.email, password: PASSWORD })).login.token;
    const client = wsClient(t.wsUrl, company.admin.token);
    const feed = subscribe(client, ops.QueueCountsChangedDocument, { companyId: company.companyId });
    await client.connected;
    const sessions = (await ok(t.url, ops.MySessionsDocument, {}, { token: laptop })).mySessions;
    await ok(t.url, ops.RevokeSessionDocument, { id: sessions.find((s) => !s.current)!.id }, { token: laptop });
    expect(await client.closeCode).toBe(4403);
    await expect(feed.completed).rejects.toBeDefined();
  });
});
