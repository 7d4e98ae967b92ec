import { Parent } from '../../../kernel/parent';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { type ConversationsContext, operator } from '../context';
import type { WebhookDeliveryEntity, WebhookEntity } from './webhook.entity';
import { Webhook, WebhookCreated, WebhookDelivery, WebhookDeliveryStatus, WebhookEvent } from './webhook.types';

const toWebhook = (row: WebhookEntity): Webhook => ({
  id: row.id,
  url: row.url,
  events: row.events.split(',') as WebhookEvent[],
  enabled: row.enabled,
  createdAt: row.createdAt,
  failingSince: row.failingSince,
});

const toDelivery = (row: WebhookDeliveryEntity): WebhookDelivery => ({
  id: row.id,
  event: row.event as WebhookEvent,
  status: row.status as WebhookDeliveryStatus,
  attempts: row.attempts,
  lastStatusCode: row.lastStatus,
  lastError: row.lastError,
  createdAt: row.createdAt,
  nextAttemptAt: row.status === 'PENDING' ? row.nextAttemptAt : null,
  deliveredAt: row.deliveredAt,
});

@Resolver(() => Webhook)
export class WebhookResolver {
  @Query(() => [Webhook], { description: "The company's webhooks (MANAGE_COMPANY)" })
  async webhooks(@Arg('companyId', () => ID) companyId: string, @Ctx() ctx: ConversationsContext): Promise<Webhook[]> {
    return (await ctx.services.webhooks.list(companyId)).map(toWebhook);
  }

  @FieldResolver(() => [WebhookDelivery], { description: 'Its deliveries, newest first: status, attempts, the last response code (at most 100)' })
  async deliveries(@Parent() webhook: Webhook, @Arg('first', () => Int, { nullable: true }) first: number | null, @Ctx() ctx: ConversationsContext): Promise<WebhookDelivery[]> {
    return (await ctx.services.webhooks.deliveries(webhook.id, first)).map(toDelivery);
  }

  @Mutation(() => WebhookCreated, {
    description:
      'POSTs the chosen events to the URL, signed with a secret shown only here; loopback and private-network URLs are refused (MANAGE_COMPANY). README, "Webhooks", shows the body, the headers and how to verify the signature',
  })
  async createWebhook(
    @Arg('companyId', () => ID) companyId: string,
    @Arg('url') url: string,
    @Arg('events', () => [WebhookEvent]) events: WebhookEvent[],
    @Ctx() ctx: ConversationsContext,
  ): Promise<WebhookCreated> {
    const { secret, row } = await ctx.services.webhooks.create(operator(ctx), companyId, url, events);
    return { secret, webhook: toWebhook(row) };
  }

  @Mutation(() => Webhook, { description: 'Turns a webhook off or on again; on again, its waiting deliveries go out in order (MANAGE_COMPANY)' })
  async setWebhookEnabled(@Arg('id', () => ID) id: string, @Arg('enabled') enabled: boolean, @Ctx() ctx: ConversationsContext): Promise<Webhook> {
    return toWebhook(await ctx.services.webhooks.setEnabled(operator(ctx), id, enabled));
  }

  @Mutation(() => Boolean, { description: 'Deletes a webhook and its deliveries (MANAGE_COMPANY)' })
  deleteWebhook(@Arg('id', () => ID) id: string, @Ctx() ctx: ConversationsContext): Promise<boolean> {
    return ctx.services.webhooks.delete(operator(ctx), id);
  }

  @Mutation(() => WebhookDelivery, { description: 'Sends a delivery again now, with the same id and body (MANAGE_COMPANY)' })
  async redeliverWebhookDelivery(@Arg('id', () => ID) id: string, @Ctx() ctx: ConversationsContext): Promise<WebhookDelivery> {
    return toDelivery(await ctx.services.webhooks.redeliver(operator(ctx), id));
  }
}
