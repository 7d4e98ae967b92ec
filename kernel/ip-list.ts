import { BlockList, isIP } from 'node:net';
import { badInput } from './errors';

/** An IPv4 address reaching an IPv6 socket arrives as ::ffff:a.b.c.d; compare it as IPv4. */
function plainAddress(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  return mapped ? mapped[1] : ip;
}

const MAX_ENTRIES = 100;

/**
 * Parses an allowlist as the security form takes it (seed 004): IP addresses or CIDR subnets,
 * IPv4 or IPv6, one per line. Returns the normalised list, or null for "no restriction".
 */
export function parseAllowlist(field: string, text: string | null | undefined): string | null {
  const lines = String(text ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
  if (lines.length > MAX_ENTRIES) throw badInput(field, `At most ${MAX_ENTRIES} addresses or subnets`);
  const entries = lines.map((line, index) => {
    const [address, prefix, extra] = line.split('/');
    const family = isIP(address);
    const maxPrefix = family === 4 ? 32 : 128;
    const bits = prefix === undefined ? maxPrefix : /^\d{1,3}$/.test(prefix) ? Number(prefix) : NaN;
    if (!family || extra !== undefined || !(bits >= 0 && bits <= maxPrefix)) {
      throw badInput(field, `Line ${index + 1}: "${line.slice(0, 60)}" is not an IP address or CIDR subnet`);
    }
    return prefix === undefined ? address.toLowerCase() : `${address.toLowerCase()}/${bits}`;
  });
  return entries.length ? [...new Set(entries)].join('\n') : null;
}

/** True when `ip` is in the allowlist, or there is no allowlist. An unknown address is refused. */
export function isIpAllowed(allowlist: string | null | undefined, ip: string | undefined): boolean {
  if (!allowlist) return true;
  if (!ip) return false;
  const address = plainAddress(ip);
  const family = isIP(address);
  if (!family) return false;
  const list = new BlockList();
  for (const entry of allowlist.split('\n')) {
    const [base, prefix] = entry.split('/');
    const type = isIP(base) === 4 ? 'ipv4' : 'ipv6';
    if (prefix === undefined) list.addAddress(plainAddress(base), isIP(plainAddress(base)) === 4 ? 'ipv4' : 'ipv6');
    else list.addSubnet(base, Number(prefix), type);
  }
  return list.check(address, family === 4 ? 'ipv4' : 'ipv6');
}
