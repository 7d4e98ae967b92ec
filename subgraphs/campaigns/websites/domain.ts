import { badInput } from '../../../kernel/errors';

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/**
 * "https://WWW.Example.com:8080/page" → "example.com". Sites are matched by host, and a site's
 * www. form is the same site.
 */
export function normalizeDomain(field: string, raw: string): string {
  let value = (raw ?? '').trim().toLowerCase();
  if (!value) throw badInput(field, `${field} must not be empty`);
  if (!/^[a-z][a-z0-9+.-]*:\/\//.test(value)) value = `http://${value}`;
  let host: string;
  try {
    host = new URL(value).hostname;
  } catch {
    throw badInput(field, `${field} must be a domain name such as example.com`);
  }
  host = host.replace(/\.$/, '').replace(/^www\./, '');
  const labels = host.split('.');
  const valid = host.length <= 253 && (host === 'localhost' || (labels.length >= 2 && labels.every((label) => LABEL.test(label)) && /[a-z]/.test(labels[labels.length - 1])));
  if (!valid) throw badInput(field, `${field} must be a domain name such as example.com`);
  return host;
}

/** The host of an Origin header, normalised like a stored domain; undefined when absent or unreadable. */
export function originHost(origin: string | undefined): string | undefined {
  if (!origin) return undefined;
  try {
    return new URL(origin).hostname
      .toLowerCase()
      .replace(/\.$/, '')
      .replace(/^www\./, '');
  } catch {
    return undefined;
  }
}

/** A page on a registered domain or any of its subdomains. */
export function hostMatchesDomain(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}
