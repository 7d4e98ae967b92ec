import { bearerToken, signInternalIdentity, signVisitorToken, verifyInternalIdentity, verifyVisitorToken } from '../auth';

const secret = 'a'.repeat(40);

describe('tokens', () => {
  it('round-trips a visitor token and rejects it under another secret or when altered', () => {
    const token = signVisitorToken({ clientId: 'c', companyId: 'co', campaignId: 'ca' }, secret);
    expect(verifyVisitorToken(token, secret)).toEqual({ kind: 'visitor', clientId: 'c', companyId: 'co', campaignId: 'ca' });
    expect(verifyVisitorToken(token, 'b'.repeat(40))).toBeNull();
    expect(verifyVisitorToken(token.slice(0, -2) + 'xx', secret)).toBeNull();
  });

  it('never accepts a visitor token as an internal identity, nor the reverse', () => {
    const visitor = signVisitorToken({ clientId: 'c', companyId: 'co', campaignId: 'ca' }, secret);
    expect(verifyInternalIdentity(visitor.slice(3), secret)).toBeNull();
    const internal = signInternalIdentity({ kind: 'anonymous' }, secret);
    expect(verifyVisitorToken(`v1.${internal}`, secret)).toBeNull();
    expect(verifyInternalIdentity(internal, secret)).toEqual({ kind: 'anonymous' });
  });

  it('reads only well-formed Bearer headers', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer  abc ')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});
