import { checkWebhookUrl, isPublicAddress, resolveTarget } from '../webhook-target';

describe('webhook targets (SSRF protection)', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.9',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '::1',
    '::',
    'fe80::1',
    'fd00::1',
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.1',
  ])('refuses %s', (address) => expect(isPublicAddress(address)).toBe(false));

  it.each(['93.184.216.34', '1.1.1.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])('allows %s', (address) => expect(isPublicAddress(address)).toBe(true));

  it('refuses names and literals that resolve to private networks, unless private networks are allowed', async () => {
    expect(await resolveTarget(new URL('http://localhost:8080/hook'), false)).toEqual({ refused: expect.stringContaining('private') });
    expect(await resolveTarget(new URL('http://[::1]/hook'), false)).toEqual({ refused: expect.stringContaining('private') });
    expect(await resolveTarget(new URL('http://169.254.169.254/latest/meta-data'), false)).toEqual({ refused: expect.stringContaining('private') });
    expect(await resolveTarget(new URL('http://127.0.0.1:9/hook'), true)).toEqual({ address: '127.0.0.1', family: 4 });
    expect(await resolveTarget(new URL('http://no-such-host.invalid/hook'), true)).toEqual({ refused: expect.stringContaining('does not resolve') });
  });

  it('takes http and https URLs without credentials only', () => {
    expect(checkWebhookUrl('url', 'https://crm.example/hooks').href).toBe('https://crm.example/hooks');
    for (const bad of ['ftp://crm.example/', 'file:///etc/passwd', 'https://user:pw@crm.example/', 'not a url', ''])
      expect(() => checkWebhookUrl('url', bad)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }));
  });
});
