import { createHmac } from 'node:crypto';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { In, IsNull } from 'typeorm';
import { startPolling } from '../../../kernel/poller';
import { decryptSecret } from '../../../kernel/secrets';
import type { Runtime } from '../../../kernel/subgraph';
import { companyMailbox } from '../../accounts/reads';
import { WebhookDeliveryEntity, WebhookEntity } from './webhook.entity';
import { resolveTarget } from './webhook-target';
import { type DeliveryQueue, nextAttemptAfter, SEND_TIMEOUT_MS, sendDue } from '../deliveries/delivery-queue';

export const WEBHOOK_SECRET_PURPOSE = 'webhook-secret';

/** The webhooks' outbox as a delivery queue (deliveries/delivery-queue.ts): in order per webhook and conversation, to enabled webhooks only. */
const webhookQueue = (runtime: Runtime): DeliveryQueue<WebhookDeliveryEntity, WebhookEntity> => ({
  entity: WebhookDeliveryEntity,
  targetColumn: 'webhook_id',
  targetOf: (delivery) => delivery.webhookId,
  joinSendable: (query) => query.innerJoin(WebhookEntity, 'w', 'w.id = d.webhook_id AND w.enabled = :enabled', { enabled: true }),
  loadTargets: async (ids) => new Map((await runtime.db.manager.findBy(WebhookEntity, { id: In(ids) })).map((w) => [w.id, w])),
  attempt: (webhook, delivery, now) => attempt(runtime, webhook, delivery, now),
});

/**
 * Sends the outbox's deliveries, from any process, at least once (with the same delivery id) and
 * in order per conversation (deliveries/delivery-queue.ts). Failures are retried with growing
 * delays and jitter; after a day of nothing but failures the webhook is disabled and the company
 * told by mail.
 */
export function startWebhookSender(runtime: Runtime): () => Promise<void> {
  const queue = webhookQueue(runtime);
  return startPolling(
    () => sendDue(runtime, queue),
    runtime.config.webhookPollMs,
    (error) => runtime.log.warn({ err: error }, 'webhook delivery failed; retrying'),
  );
}

/** One POST; the delivery's new columns. A webhook's first failure, and its first success after failures, are noted on it. */
async function attempt(runtime: Runtime, webhook: WebhookEntity, delivery: WebhookDeliveryEntity, now: Date): Promise<Partial<WebhookDeliveryEntity>> {
  const outcome = await post(runtime, webhook, delivery);
  const attempts = delivery.attempts + 1;
  if (outcome.ok) {
    if (webhook.failingSince) await runtime.db.manager.update(WebhookEntity, { id: webhook.id }, { failingSince: null });
    return { status: 'DELIVERED', attempts, lastStatus: outcome.status, lastError: null, deliveredAt: now };
  }
  const failingSince = webhook.failingSince ?? now;
  if (!webhook.failingSince) await runtime.db.manager.update(WebhookEntity, { id: webhook.id, failingSince: IsNull() }, { failingSince });
  else if (now.getTime() - failingSince.getTime() >= runtime.config.webhookDisableAfterSeconds * 1000) await disable(runtime, webhook);
  return { attempts, lastStatus: outcome.status, lastError: outcome.error.slice(0, 500), nextAttemptAt: nextAttemptAfter(runtime.config.webhookRetryBaseMs, attempts, now) };
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
