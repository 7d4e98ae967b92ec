import { randomBytes, randomUUID } from 'node:crypto';
import type { OperatorIdentity } from '../../../kernel/auth';
import { badInput, notFound } from '../../../kernel/errors';
import { requireCompanyAccess } from '../../../kernel/rules';
import { encryptSecret } from '../../../kernel/secrets';
import type { Runtime } from '../../../kernel/subgraph';
import * as validate from '../../../kernel/validate';
import { WebhookDeliveryEntity, WebhookEntity } from './webhook.entity';
import { WEBHOOK_EVENTS } from './webhook.events';
import { WEBHOOK_SECRET_PURPOSE } from './webhook.sender';
import { checkWebhookUrl, resolveTarget } from './webhook-target';

const MAX_WEBHOOKS = 20;
const MAX_DELIVERIES_SHOWN = 100;

/** Webhooks (integrations.graphql): created, listed, enabled, deleted by managers of the company; their deliveries' log and redelivery. */
export class WebhookService {
  constructor(private readonly runtime: Runtime) {}

  async create(identity: OperatorIdentity, companyId: string, rawUrl: string, events: string[]): Promise<{ secret: string; row: WebhookEntity }> {
    const url = checkWebhookUrl('url', rawUrl);
    const chosen = [...new Set(Array.isArray(events) ? events : [])];
    if (chosen.length === 0) throw badInput('events', 'Choose at least one event');
    if (chosen.some((event) => !(WEBHOOK_EVENTS as readonly string[]).includes(event))) throw badInput('events', 'Unknown webhook event');
    const target = await resolveTarget(url, this.runtime.config.webhookAllowPrivateNetworks);
    if ('refused' in target) throw badInput('url', `The webhook cannot be reached: ${target.refused}`);
    const secret = `whsec_${randomBytes(32).toString('hex')}`;
    const row: WebhookEntity = {
      id: randomUUID(),
      companyId,
      url: url.href,
      events: WEBHOOK_EVENTS.filter((event) => chosen.includes(event)).join(','),
      secret: encryptSecret(secret, this.runtime.config.secret, WEBHOOK_SECRET_PURPOSE),
      enabled: true,
      createdBy: identity.userId,
      createdAt: new Date(),
      failingSince: null,
    };
    await this.runtime.db.transaction(async (m) => {
      if ((await m.countBy(WebhookEntity, { companyId })) >= MAX_WEBHOOKS) throw badInput('url', `A company can have at most ${MAX_WEBHOOKS} webhooks`);
      await m.insert(WebhookEntity, row);
    });
    return { secret, row };
  }

  list(companyId: string): Promise<WebhookEntity[]> {
    return this.runtime.db.manager.find(WebhookEntity, { where: { companyId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** Turns a webhook on or off; on again, its waiting deliveries go out in order. */
  async setEnabled(identity: OperatorIdentity, id: string, enabled: boolean): Promise<WebhookEntity> {
    const webhook = await this.ownWebhook(identity, id);
    await this.runtime.db.manager.update(WebhookEntity, { id: webhook.id }, { enabled: enabled === true, failingSince: null });
    return { ...webhook, enabled: enabled === true, failingSince: null };
  }

  async delete(identity: OperatorIdentity, id: string): Promise<boolean> {
    const webhook = await this.ownWebhook(identity, id);
    await this.runtime.db.transaction(async (m) => {
      await m.delete(WebhookDeliveryEntity, { webhookId: webhook.id });
      await m.delete(WebhookEntity, { id: webhook.id });
    });
    return true;
  }

  /** The webhook's deliveries, newest first. */
  deliveries(webhookId: string, first: number | null | undefined): Promise<WebhookDeliveryEntity[]> {
    const size = validate.pageSize('first', first, 20, MAX_DELIVERIES_SHOWN);
    return this.runtime.db.manager.find(WebhookDeliveryEntity, { where: { webhookId }, order: { position: 'DESC', id: 'ASC' }, take: size });
  }

  /** Sends a delivery again now, with the same id and body (a delivered one too: the receiver asked for it). */
  async redeliver(identity: OperatorIdentity, rawId: string): Promise<WebhookDeliveryEntity> {
    const id = validate.id('id', rawId);
    const delivery = await this.runtime.db.manager.findOneBy(WebhookDeliveryEntity, { id });
    await this.ownWebhook(identity, delivery?.webhookId ?? '');
    const now = new Date();
    await this.runtime.db.manager.update(WebhookDeliveryEntity, { id }, { status: 'PENDING', nextAttemptAt: now, deliveredAt: null, lockedUntil: null });
    return { ...delivery!, status: 'PENDING', nextAttemptAt: now, deliveredAt: null };
  }

  private async ownWebhook(identity: OperatorIdentity, rawId: string): Promise<WebhookEntity> {
    const id = validate.idOrNull(rawId);
    const webhook = id ? await this.runtime.db.manager.findOneBy(WebhookEntity, { id }) : null;
    if (!webhook) throw notFound('Webhook');
    requireCompanyAccess(identity, webhook.companyId, 'Webhook', 'MANAGE_COMPANY');
    return webhook;
  }
}
