import type { DomainEvent } from '../../events';

/** The events a webhook can follow (integrations.graphql), from the durable log's events. */
export const WEBHOOK_EVENTS = ['CONVERSATION_OPENED', 'CONVERSATION_ASSIGNED', 'CONVERSATION_CLOSED', 'MESSAGE_CREATED', 'CONVERSATION_RATED', 'OFFLINE_FORM_SUBMITTED'] as const;
export type WebhookEventValue = (typeof WEBHOOK_EVENTS)[number];

const LOG_KINDS: Record<string, WebhookEventValue> = {
  OPENED: 'CONVERSATION_OPENED',
  TAKEN: 'CONVERSATION_ASSIGNED',
  ASSIGNED: 'CONVERSATION_ASSIGNED',
  ROUTED: 'CONVERSATION_ASSIGNED',
  FORWARDED: 'CONVERSATION_ASSIGNED',
  CLOSED: 'CONVERSATION_CLOSED',
  RATED: 'CONVERSATION_RATED',
};

/** What a logged event is to webhooks: its name, the conversation it orders by, and the data sent; null: not a webhook event. */
export function webhookEventOf(
  event: DomainEvent<'message.created'> | DomainEvent<'conversation.logged'> | DomainEvent<'offline-form.submitted'>,
): { event: WebhookEventValue; streamId: string; at: string; data: object } | null {
  switch (event.type) {
    case 'message.created':
      return { event: 'MESSAGE_CREATED', streamId: event.message.conversationId, at: event.message.createdAt, data: event.message };
    case 'offline-form.submitted':
      return { event: 'OFFLINE_FORM_SUBMITTED', streamId: '', at: event.at, data: event.form };
    case 'conversation.logged': {
      const name = LOG_KINDS[event.kind];
      // Routed or forwarded to nobody (back to the queue) is no assignment.
      if (!name || (name === 'CONVERSATION_ASSIGNED' && !event.operatorId)) return null;
      // The access-log line as it was written, less the envelope's own fields.
      const { type: _type, companyId: _companyId, position: _position, ...data } = event as DomainEvent<'conversation.logged'> & { position?: number };
      return { event: name, streamId: event.conversationId, at: event.at, data };
    }
  }
}
