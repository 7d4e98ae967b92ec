import { isIpAllowed, parseAllowlist } from '../ip-list';

describe('IP allowlist', () => {
  it('takes addresses and CIDR subnets, IPv4 and IPv6, one per line', () => {
    expect(parseAllowlist('ipAllowlist', ' 10.0.0.0/8\r\n\n192.168.1.7\n2001:DB8::/32\n::1\n10.0.0.0/8 ')).toBe('10.0.0.0/8\n192.168.1.7\n2001:db8::/32\n::1');
    expect(parseAllowlist('ipAllowlist', '  \n ')).toBeNull();
  });

  it.each(['10.0.0.1/33', '10.0.0', 'example.com', '10.0.0.0/8/1', '2001:db8::/129', '1.2.3.4/x'])('refuses %s, naming the line', (entry) => {
    expect(() => parseAllowlist('ipAllowlist', `127.0.0.1\n${entry}`)).toThrow(/Line 2/);
  });

  it('matches addresses, subnets and IPv4 seen through an IPv6 socket', () => {
    const list = parseAllowlist('ipAllowlist', '10.0.0.0/8\n192.168.1.7\n2001:db8::/32');
    expect(isIpAllowed(list, '10.200.3.4')).toBe(true);
    expect(isIpAllowed(list, '::ffff:10.1.1.1')).toBe(true);
    expect(isIpAllowed(list, '192.168.1.7')).toBe(true);
    expect(isIpAllowed(list, '192.168.1.8')).toBe(false);
    expect(isIpAllowed(list, '2001:db8:1::5')).toBe(true);
    expect(isIpAllowed(list, '2001:db9::5')).toBe(false);
    expect(isIpAllowed(list, undefined)).toBe(false);
    expect(isIpAllowed(null, '8.8.8.8')).toBe(true);
  });
});
