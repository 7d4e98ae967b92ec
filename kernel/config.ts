import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { ConsumerTiming, DEFAULT_CONSUMER_TIMING } from './event-log';
import { parseAllowlist } from './ip-list';
import { DEFAULT_QUERY_LIMITS, QueryLimits } from './query-limits';

/** Thrown at start when the environment is unusable; the message names the variable. */
export class ConfigError extends Error {
  constructor(variable: string, problem: string) {
    super(`Invalid configuration: ${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

export type SubgraphName = 'accounts' | 'conversations' | 'campaigns' | 'analytics';
export const SUBGRAPH_NAMES: readonly SubgraphName[] = ['accounts', 'conversations', 'campaigns', 'analytics'];

export interface Config {
  /** Gateway port; 0 picks a free one. */
  port: number;
  /** Processes `npm start` runs the whole graph in (kernel/cluster.ts); WORKERS, default one per core. */
  workers: number;
  dataDir: string;
  /** mysql:// URL, or undefined for the embedded SQLite file under dataDir. */
  databaseUrl?: string;
  redisUrl?: string;
  smtpUrl?: string;
  /** Base of links in mails. */
  publicUrl: string;
  /** Signs visitor tokens and the gateway's internal identity. */
  secret: string;
  /** Port per subgraph when started alone or told to (0 = free port). */
  subgraphPorts: Record<SubgraphName, number>;
  /** Where the gateway finds each subgraph when they run in other processes. */
  subgraphUrls: Partial<Record<SubgraphName, string>>;
  logLevel: string;
  /** Maximum length of a chat message, in characters. */
  maxMessageLength: number;
  /** Leading zero bits the registration proof-of-work needs; 0 switches the challenge off. */
  captchaDifficulty: number;
  /** Where attachment files are kept (ATTACHMENTS_DIR, else DATA_DIR/attachments). */
  attachmentsDir: string;
  /** Largest attachment accepted, in bytes (MAX_ATTACHMENT_BYTES, 10 MB by default). */
  maxAttachmentBytes: number;
  /** How long upload and download links stay valid, in seconds (ATTACHMENT_LINK_SECONDS, 10 minutes by default). */
  attachmentLinkSeconds: number;
  /** Depth, cost, alias and mutation-count limits of one operation (MAX_QUERY_DEPTH, MAX_QUERY_COST, MAX_QUERY_ALIASES, MAX_MUTATIONS_PER_REQUEST). */
  queryLimits: QueryLimits;
  /** How durable consumers poll the event log and wait at gaps (EVENT_POLL_MS, EVENT_GAP_GRACE_MS). */
  eventConsumerTiming: ConsumerTiming;
  /** Days handled events and finished jobs are kept (EVENT_RETENTION_DAYS, 7). */
  eventRetentionDays: number;
  /**
   * Origins browsers may call the graph from (CORS_ORIGINS, comma-separated); null: any origin,
   * which widgets on customers' websites need (visitor requests are checked against the
   * company's websites anyway).
   */
  corsOrigins: string[] | null;
  /** Schema introspection and Apollo's landing page (INTROSPECTION; on unless NODE_ENV=production). */
  introspection: boolean;
  /**
   * Proxies whose X-Forwarded-For is believed (TRUSTED_PROXIES: addresses or CIDR subnets,
   * comma-separated), so rate limits and IP allowlists see the client behind a load balancer.
   */
  trustedProxies: string | null;
  /**
   * How long an operator counts as connected after their app last showed it holds a WebSocket
   * (PRESENCE_LEASE_SECONDS, 60): gateways renew it every third of that, so a closed laptop stops
   * receiving chats within one lease.
   */
  presenceLeaseSeconds: number;
  /** Requests (HTTP, and WebSocket connections) one API key may make per minute; more answer RATE_LIMITED. */
  apiKeyRequestsPerMinute: number;
  /** Webhooks may reach loopback and private networks (WEBHOOK_ALLOW_PRIVATE_NETWORKS=true): for development and tests only. */
  webhookAllowPrivateNetworks: boolean;
  /** The first retry's delay of a webhook delivery or a messenger reply; each next one doubles, with jitter, up to an hour (WEBHOOK_RETRY_BASE_MS, 10 s). */
  webhookRetryBaseMs: number;
  /** How long a webhook may fail without a success before it is disabled, and a messenger reply is retried (WEBHOOK_DISABLE_AFTER_SECONDS, a day). */
  webhookDisableAfterSeconds: number;
  /** How often each process looks for webhook deliveries and messenger replies due (WEBHOOK_POLL_MS, 500). */
  webhookPollMs: number;
  /** Telegram's Bot API; calls are <base>/bot<token>/<method> (TELEGRAM_API_URL, https://api.telegram.org). */
  telegramApiUrl: string;
  /** WhatsApp Cloud API (WHATSAPP_API_URL, https://graph.facebook.com/v21.0). */
  whatsappApiUrl: string;
}

type Env = Record<string, string | undefined>;

function port(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    throw new ConfigError(name, `must be a port number between 0 and 65535, got "${raw}"`);
  }
  return value;
}

function positiveInteger(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new ConfigError(name, `must be a positive whole number, got "${raw}"`);
  return value;
}

function url(env: Env, name: string, protocols: string[]): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, `must be a URL (${protocols.join(' or ')}), got "${raw}"`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `must use ${protocols.join(' or ')}, got "${parsed.protocol}"`);
  }
  return raw;
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new ConfigError(name, `must be true or false, got "${raw}"`);
}

function corsOrigins(env: Env): string[] | null {
  const raw = env.CORS_ORIGINS;
  if (raw === undefined || raw === '' || raw === '*') return null;
  return raw.split(',').map((origin) => {
    const trimmed = origin.trim();
    try {
      const parsed = new URL(trimmed);
      if ((parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.origin === trimmed) return trimmed;
    } catch {
      // reported below
    }
    throw new ConfigError('CORS_ORIGINS', `must list origins such as https://app.example.com (scheme, host and port only), got "${trimmed}"`);
  });
}

function trustedProxies(env: Env): string | null {
  const raw = env.TRUSTED_PROXIES;
  if (raw === undefined || raw === '') return null;
  try {
    return parseAllowlist('TRUSTED_PROXIES', raw.replace(/,/g, '\n'));
  } catch (error) {
    throw new ConfigError('TRUSTED_PROXIES', `must list IP addresses or CIDR subnets: ${(error as Error).message}`);
  }
}

/**
 * The secret is configured in production; on the embedded default it is generated once and kept in
 * DATA_DIR so that processes sharing the directory (and restarts) agree on it.
 */
function secret(env: Env, dataDir: string): string {
  const raw = env.APP_SECRET;
  if (raw !== undefined && raw !== '') {
    if (raw.length < 32) throw new ConfigError('APP_SECRET', 'must be at least 32 characters long');
    return raw;
  }
  const file = join(dataDir, 'app-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const generated = randomBytes(32).toString('base64url');
  writeFileSync(file, generated, { mode: 0o600, flag: 'wx' });
  return generated;
}

export function loadConfig(env: Env = process.env): Config {
  const dataDir = resolve(env.DATA_DIR || './data');
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (error) {
    throw new ConfigError('DATA_DIR', `cannot be created: ${(error as Error).message}`);
  }
  const maxMessageLength = Number(env.MAX_MESSAGE_LENGTH ?? 10000);
  if (!Number.isInteger(maxMessageLength) || maxMessageLength < 1) {
    throw new ConfigError('MAX_MESSAGE_LENGTH', 'must be a positive whole number');
  }
  const captchaDifficulty = Number(env.CAPTCHA_DIFFICULTY || 0);
  if (!Number.isInteger(captchaDifficulty) || captchaDifficulty < 0 || captchaDifficulty > 32) {
    throw new ConfigError('CAPTCHA_DIFFICULTY', 'must be a whole number from 0 (off) to 32');
  }
  const maxAttachmentBytes = positiveInteger(env, 'MAX_ATTACHMENT_BYTES', 10 * 1024 * 1024);
  const attachmentLinkSeconds = positiveInteger(env, 'ATTACHMENT_LINK_SECONDS', 600);
  const logLevel = env.LOG_LEVEL || 'info';
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', `must be one of fatal, error, warn, info, debug, trace, silent`);
  }
  const gatewayPort = port(env, 'PORT', 4000);
  const subgraphUrls: Partial<Record<SubgraphName, string>> = {};
  const subgraphPorts = {} as Record<SubgraphName, number>;
  for (const name of SUBGRAPH_NAMES) {
    const upper = name.toUpperCase();
    subgraphPorts[name] = port(env, `${upper}_PORT`, 0);
    const subgraphUrl = url(env, `${upper}_URL`, ['http:', 'https:']);
    if (subgraphUrl) subgraphUrls[name] = subgraphUrl;
  }
  return {
    port: gatewayPort,
    workers: positiveInteger(env, 'WORKERS', availableParallelism()),
    dataDir,
    databaseUrl: url(env, 'DATABASE_URL', ['mysql:', 'mariadb:']),
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:']),
    smtpUrl: url(env, 'SMTP_URL', ['smtp:', 'smtps:']),
    publicUrl: url(env, 'PUBLIC_URL', ['http:', 'https:']) ?? `http://localhost:${gatewayPort}`,
    secret: secret(env, dataDir),
    subgraphPorts,
    subgraphUrls,
    logLevel,
    maxMessageLength,
    captchaDifficulty,
    attachmentsDir: resolve(env.ATTACHMENTS_DIR || join(dataDir, 'attachments')),
    maxAttachmentBytes,
    attachmentLinkSeconds,
    queryLimits: {
      maxDepth: positiveInteger(env, 'MAX_QUERY_DEPTH', DEFAULT_QUERY_LIMITS.maxDepth),
      maxCost: positiveInteger(env, 'MAX_QUERY_COST', DEFAULT_QUERY_LIMITS.maxCost),
      maxAliases: positiveInteger(env, 'MAX_QUERY_ALIASES', DEFAULT_QUERY_LIMITS.maxAliases),
      maxRootMutationFields: positiveInteger(env, 'MAX_MUTATIONS_PER_REQUEST', DEFAULT_QUERY_LIMITS.maxRootMutationFields),
    },
    eventConsumerTiming: {
      ...DEFAULT_CONSUMER_TIMING,
      pollMs: positiveInteger(env, 'EVENT_POLL_MS', DEFAULT_CONSUMER_TIMING.pollMs),
      gapGraceMs: positiveInteger(env, 'EVENT_GAP_GRACE_MS', DEFAULT_CONSUMER_TIMING.gapGraceMs),
    },
    eventRetentionDays: positiveInteger(env, 'EVENT_RETENTION_DAYS', 7),
    corsOrigins: corsOrigins(env),
    introspection: boolean(env, 'INTROSPECTION', env.NODE_ENV !== 'production'),
    trustedProxies: trustedProxies(env),
    presenceLeaseSeconds: positiveInteger(env, 'PRESENCE_LEASE_SECONDS', 60),
    apiKeyRequestsPerMinute: positiveInteger(env, 'API_KEY_REQUESTS_PER_MINUTE', 600),
    webhookAllowPrivateNetworks: boolean(env, 'WEBHOOK_ALLOW_PRIVATE_NETWORKS', false),
    webhookRetryBaseMs: positiveInteger(env, 'WEBHOOK_RETRY_BASE_MS', 10_000),
    webhookDisableAfterSeconds: positiveInteger(env, 'WEBHOOK_DISABLE_AFTER_SECONDS', 86_400),
    webhookPollMs: positiveInteger(env, 'WEBHOOK_POLL_MS', 500),
    telegramApiUrl: (url(env, 'TELEGRAM_API_URL', ['http:', 'https:']) ?? 'https://api.telegram.org').replace(/\/+$/, ''),
    whatsappApiUrl: (url(env, 'WHATSAPP_API_URL', ['http:', 'https:']) ?? 'https://graph.facebook.com/v21.0').replace(/\/+$/, ''),
  };
}
