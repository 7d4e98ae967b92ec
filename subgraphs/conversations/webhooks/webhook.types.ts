import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { WEBHOOK_EVENTS, type WebhookEventValue } from './webhook.events';

/** The catalog's list as a GraphQL enum: one set of names. */
export const WebhookEvent = Object.fromEntries(WEBHOOK_EVENTS.map((name) => [name, name])) as { [K in WebhookEventValue]: K };
export type WebhookEvent = WebhookEventValue;
registerEnumType(WebhookEvent, { name: 'WebhookEvent', description: 'What a webhook can be told of' });

export enum WebhookDeliveryStatus {
  PENDING = 'PENDING',
  DELIVERED = 'DELIVERED',
  FAILED = 'FAILED',
}
registerEnumType(WebhookDeliveryStatus, {
  name: 'WebhookDeliveryStatus',
  description: 'PENDING: not answered with a 2xx yet (retried); DELIVERED: answered with a 2xx',
});

@ObjectType('WebhookDelivery', { description: 'One event sent (or to be sent) to a webhook: the same id on every attempt' })
export class WebhookDelivery {
  @Field(() => ID, { description: 'The X-Livechat-Delivery header and the body\'s "id"' }) id: string;
  @Field(() => WebhookEvent) event: WebhookEvent;
  @Field(() => WebhookDeliveryStatus) status: WebhookDeliveryStatus;
  @Field(() => Int) attempts: number;
  @Field(() => Int, { nullable: true, description: "The receiver's last HTTP status; null when it could not be reached" }) lastStatusCode: number | null;
  @Field(() => String, { nullable: true }) lastError: string | null;
  @Field() createdAt: Date;
  @Field(() => Date, { nullable: true, description: 'When the next attempt is due, while pending' }) nextAttemptAt: Date | null;
  @Field(() => Date, { nullable: true }) deliveredAt: Date | null;
}

@ObjectType('Webhook', { description: "A company's webhook: its events are POSTed to the URL, signed (README, Webhooks)" })
export class Webhook {
  @Field(() => ID) id: string;
  @Field() url: string;
  @Field(() => [WebhookEvent]) events: WebhookEvent[];
  @Field({ description: 'False once disabled, by hand or after a day of failed deliveries' }) enabled: boolean;
  @Field() createdAt: Date;
  @Field(() => Date, { nullable: true, description: 'Since when every delivery has failed; null while it works' }) failingSince: Date | null;
}

@ObjectType('WebhookCreated')
export class WebhookCreated {
  @Field({ description: 'The signing secret: shown only here' }) secret: string;
  @Field(() => Webhook) webhook: Webhook;
}
