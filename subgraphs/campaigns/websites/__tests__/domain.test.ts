import { hostMatchesDomain, normalizeDomain, originHost } from '../domain';

describe('domains', () => {
  it.each([
    ['example.com', 'example.com'],
    ['https://WWW.Example.com:8443/pricing?x=1', 'example.com'],
    ['shop.example.co.uk.', 'shop.example.co.uk'],
    ['localhost', 'localhost'],
  ])('normalises %s to %s', (raw, domain) => expect(normalizeDomain('domain', raw)).toBe(domain));

  it.each(['', 'not a domain', 'example', '-bad-.com', 'http://', '1.2.3.4'])('refuses %j', (raw) => {
    expect(() => normalizeDomain('domain', raw)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'domain' }) }));
  });

  it('matches a page on the domain or its subdomains only', () => {
    expect(hostMatchesDomain(originHost('https://www.example.com')!, 'example.com')).toBe(true);
    expect(hostMatchesDomain(originHost('https://help.example.com')!, 'example.com')).toBe(true);
    expect(hostMatchesDomain(originHost('https://badexample.com')!, 'example.com')).toBe(false);
    expect(originHost('garbage')).toBeUndefined();
  });
});
