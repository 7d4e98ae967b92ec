import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { badInput } from '../../../kernel/errors';

/**
 * Server-side request forgery protection for webhooks: a webhook may not reach the loopback,
 * private, link-local, carrier-grade NAT, multicast or unspecified networks (the cloud's metadata
 * service lives at 169.254.169.254), unless WEBHOOK_ALLOW_PRIVATE_NETWORKS=true. The name is
 * resolved and every address checked; the sender then connects to the checked address, so DNS
 * cannot answer differently a moment later (rebinding).
 */
const BLOCKED = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  BLOCKED.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  BLOCKED.addSubnet(network, prefix, 'ipv6');

/** True for an address a webhook may reach. */
export function isPublicAddress(ip: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  const address = mapped ? mapped[1] : ip;
  const family = isIP(address);
  if (!family) return false;
  return !BLOCKED.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** A checked webhook URL (http or https, no credentials). */
export function checkWebhookUrl(field: string, raw: string): URL {
  let url: URL;
  try {
    url = new URL(String(raw ?? '').trim());
  } catch {
    throw badInput(field, `${field} must be an http or https URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw badInput(field, `${field} must be an http or https URL`);
  if (url.username || url.password) throw badInput(field, `${field} must not carry credentials`);
  if (url.href.length > 2000) throw badInput(field, `${field} is too long`);
  return url;
}

/** The address to connect to for the URL's host, or why not: every address it resolves to must be public. */
export async function resolveTarget(url: URL, allowPrivate: boolean): Promise<{ address: string; family: number } | { refused: string }> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: { address: string; family: number }[];
  try {
    addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await lookup(host, { all: true, verbatim: true });
  } catch {
    return { refused: `${host} does not resolve` };
  }
  if (addresses.length === 0) return { refused: `${host} does not resolve` };
  if (!allowPrivate && !addresses.every((entry) => isPublicAddress(entry.address))) return { refused: `${host} is a private, loopback or link-local address` };
  return addresses[0];
}
