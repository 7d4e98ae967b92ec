import { createHmac, randomUUID } from 'node:crypto';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { In } from 'typeorm';
import { startPolling } from '../../../kernel/poller';
import { decryptSecret } from '../../../kernel/secrets';
import type { Runtime } from '../../../kernel/subgraph';
import { companyMailbox } from '../../accounts/reads';
import { WebhookDeliveryEntity, WebhookEntity } from './webhook.entity';
import { resolveTarget } from './webhook-target';

export const WEBHOOK_SECRET_PURPOSE = 'webhook-secret';
const BATCH = 100;
/** Deliveries sent at once by one process (each the first pending of its conversation, so order holds). */
const PARALLEL = 16;
const SEND_TIMEOUT_MS = 10_000;
// Longer than an attempt can take, so a claim outlives its send; a process killed mid-send frees it after this.
const LOCK_MS = SEND_TIMEOUT_MS + 5_000;
const MAX_DELAY_MS = 3600_000;

/**
 * Sends the outbox's deliveries, from any process: a delivery is claimed (locked for a while) before
 * it is sent, so two processes never send it at once, and marked DELIVERED the moment a 2xx answer
 * comes; a crash before that sends it again (at least once, with the same delivery id). A
 * conversation's deliveries go out in the order of the log: one waits while an earlier one of the
 * same webhook and conversation is pending. Failures are retried with growing delays and jitter;
 * after a day of nothing but failures the webhook is disabled and the company told by mail.
 */
export function startWebhookSender(runtime: Runtime): () => Promise<void> {
  return startPolling(
    () => deliverDue(runtime),
    runtime.config.webhookPollMs,
    (error) => runtime.log.warn({ err: error }, 'webhook delivery failed; retrying'),
  );
}

/** Sends what is due now; true when a full batch was found (more may wait). */
export async function deliverDue(runtime: Runtime, now = new Date()): Promise<boolean> {
  const due = await runtime.db.manager
    .createQueryBuilder(WebhookDeliveryEntity, 'd')
    .innerJoin(WebhookEntity, 'w', 'w.id = d.webhook_id AND w.enabled = :enabled', { enabled: true })
    .where("d.status = 'PENDING' AND d.next_attempt_at <= :now AND (d.locked_until IS NULL OR d.locked_until < :now)", { now })
    .orderBy('d.position', 'ASC')
    .limit(BATCH)
    .getMany();
  if (due.length === 0) return false;
  // A conversation's deliveries go out in log order: only the earliest pending one of each (webhook, conversation) may go now.
  const first = await firstPendingOf(runtime, due);
  const webhooks = new Map((await runtime.db.manager.findBy(WebhookEntity, { id: In([...new Set(due.map((d) => d.webhookId))]) })).map((w) => [w.id, w]));
  const eligible = due.filter(
    (delivery) => webhooks.has(delivery.webhookId) && (!delivery.streamId || first.get(`${delivery.webhookId} ${delivery.streamId}`) === String(delivery.position)),
  );
  // In rounds of PARALLEL, each claimed just before it is sent, so a claim never has to outlive more than one send.
  for (let start = 0; start < eligible.length; start += PARALLEL) {
    const round = eligible.slice(start, start + PARALLEL);
    const claimed = await claim(runtime, round, new Date());
    await Promise.all(round.filter((delivery) => claimed.has(delivery.id)).map((delivery) => attempt(runtime, webhooks.get(delivery.webhookId)!, delivery)));
  }
  return due.length === BATCH;
}

/** The earliest pending position of each (webhook, conversation) among these deliveries'. */
async function firstPendingOf(runtime: Runtime, deliveries: WebhookDeliveryEntity[]): Promise<Map<string, string>> {
  const streams = [...new Set(deliveries.filter((d) => d.streamId).map((d) => d.streamId))];
  if (streams.length === 0) return new Map();
  const rows = await runtime.db.manager
    .createQueryBuilder(WebhookDeliveryEntity, 'd')
    .select('d.webhook_id', 'webhookId')
    .addSelect('d.stream_id', 'streamId')
    .addSelect('MIN(d.position)', 'position')
    .where("d.status = 'PENDING' AND d.stream_id IN (:...streams)", { streams })
    .groupBy('d.webhook_id')
    .addGroupBy('d.stream_id')
    .getRawMany<{ webhookId: string; streamId: string; position: unknown }>();
  return new Map(rows.map((row) => [`${row.webhookId} ${row.streamId}`, String(row.position)]));
}

/** Claims what no other process holds, in one statement; resolves to the ids this process now holds. */
async function claim(runtime: Runtime, deliveries: WebhookDeliveryEntity[], now: Date): Promise<Set<string>> {
  if (deliveries.length === 0) return new Set();
  const ids = deliveries.map((delivery) => delivery.id);
  const claimId = randomUUID();
  await runtime.db.manager
    .createQueryBuilder()
    .update(WebhookDeliveryEntity)
    .set({ lockedUntil: new Date(now.getTime() + LOCK_MS), lockedBy: claimId })
    .where("id IN (:...ids) AND status = 'PENDING' AND (locked_until IS NULL OR locked_until < :now)", { ids, now })
    .execute();
  const held = await runtime.db.manager.find(WebhookDeliveryEntity, { select: { id: true }, where: { id: In(ids), lockedBy: claimId } });
  return new Set(held.map((delivery) => delivery.id));
}

async function attempt(runtime: Runtime, webhook: WebhookEntity, delivery: WebhookDeliveryEntity): Promise<void> {
  const outcome = await post(runtime, webhook, delivery);
  const now = new Date();
  const attempts = delivery.attempts + 1;
  if (outcome.ok) {
    await runtime.db.manager.update(
      WebhookDeliveryEntity,
      { id: delivery.id },
      { status: 'DELIVERED', attempts, lastStatus: outcome.status, lastError: null, deliveredAt: now, lockedUntil: null },
    );
    if (webhook.failingSince) await runtime.db.manager.update(WebhookEntity, { id: webhook.id }, { failingSince: null });
    return;
  }
  const delay = Math.min(runtime.config.webhookRetryBaseMs * 2 ** (attempts - 1), MAX_DELAY_MS) * (0.8 + Math.random() * 0.4);
  await runtime.db.manager.update(
    WebhookDeliveryEntity,
    { id: delivery.id },
    { attempts, lastStatus: outcome.status, lastError: outcome.error.slice(0, 500), nextAttemptAt: new Date(now.getTime() + delay), lockedUntil: null },
  );
  const failingSince = webhook.failingSince ?? now;
  if (!webhook.failingSince) await runtime.db.manager.update(WebhookEntity, { id: webhook.id }, { failingSince });
  else if (now.getTime() - failingSince.getTime() >= runtime.config.webhookDisableAfterSeconds * 1000) await disable(runtime, webhook);
}

async function disable(runtime: Runtime, webhook: WebhookEntity): Promise<void> {
  const disabled = await runtime.db.manager.update(WebhookEntity, { id: webhook.id, enabled: true }, { enabled: false });
  if (disabled.affected !== 1) return;
  runtime.log.warn({ webhookId: webhook.id }, 'webhook disabled after a day of failures');
  const to = await companyMailbox(runtime.db, webhook.companyId);
  if (to)
    await runtime.mailer.send({
      to,
      subject: 'A webhook was disabled',
      text: [
        `Every delivery to your webhook ${webhook.url} has failed since ${webhook.failingSince?.toISOString()}, so it is disabled now.`,
        'Its undelivered events wait: enable it again once the receiver answers, and they go out in order.',
      ].join('\n'),
    });
}

type Outcome = { ok: true; status: number } | { ok: false; status: number | null; error: string };

/** One POST: the stored body, signed; no redirects followed; to the address checked against private networks. */
async function post(runtime: Runtime, webhook: WebhookEntity, delivery: WebhookDeliveryEntity): Promise<Outcome> {
  const url = new URL(webhook.url);
  const target = await resolveTarget(url, runtime.config.webhookAllowPrivateNetworks);
  if ('refused' in target) return { ok: false, status: null, error: target.refused };
  const secret = decryptSecret(webhook.secret, runtime.config.secret, WEBHOOK_SECRET_PURPOSE);
  const signature = createHmac('sha256', secret).update(delivery.body).digest('hex');
  const lookup: LookupFunction = (_host, options, callback) => {
    if ((options as { all?: boolean }).all) (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [target]);
    else callback(null, target.address, target.family);
  };
  return new Promise<Outcome>((resolve) => {
    const request = (url.protocol === 'https:' ? httpsRequest : httpRequest)(
      url,
      {
        method: 'POST',
        lookup,
        timeout: SEND_TIMEOUT_MS,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(delivery.body),
          'user-agent': 'livechat-webhooks',
          'x-livechat-event': delivery.event,
          'x-livechat-delivery': delivery.id,
          'x-livechat-signature': `sha256=${signature}`,
        },
      },
      (response: IncomingMessage) => {
        response.resume();
        const status = response.statusCode ?? 0;
        response.on('end', () => resolve(status >= 200 && status < 300 ? { ok: true, status } : { ok: false, status, error: `HTTP ${status}` }));
      },
    );
    request.on('timeout', () => request.destroy(new Error(`no answer within ${SEND_TIMEOUT_MS / 1000} s`)));
    request.on('error', (error) => resolve({ ok: false, status: null, error: error.message }));
    request.end(delivery.body);
  });
}
