import { In, Not } from 'typeorm';
import { channels } from '../../../kernel/pubsub';
import type { Runtime } from '../../../kernel/subgraph';
import { type DomainEvent, listenToEvents } from '../../events';
import { ConversationEntity, ConversationEventEntity } from '../conversations/conversation.entity';
import { recordConversationEvent } from '../conversations/conversation.events';

/**
 * The transcript's "client left" and "came back" (seed 002's dialogs): when a visitor's last socket
 * closes, their open conversation's access log says they left; when one opens again, that they came
 * back. Notices are realtime (at most once), so a lost one leaves a gap in the log, never a wrong line.
 */
export function startVisitorConnectionListener(runtime: Runtime): Promise<() => Promise<void>> {
  return listenToEvents(runtime, channels.visitorConnections, (event) => {
    if (event.type !== 'visitor.connection-changed') return;
    noteVisitorConnection(runtime, event).catch((error) => runtime.log.warn({ err: error }, 'visitor connection note failed'));
  });
}

async function noteVisitorConnection(runtime: Runtime, event: DomainEvent<'visitor.connection-changed'>): Promise<void> {
  await runtime.db.transaction(async (m) => {
    const conversation = await m.findOne(ConversationEntity, { where: { clientId: event.clientId, status: Not('CLOSED') }, order: { createdAt: 'DESC', id: 'DESC' } });
    if (!conversation) return;
    const last = await m.findOne(ConversationEventEntity, {
      select: { id: true, kind: true },
      where: { conversationId: conversation.id, kind: In(['CLIENT_LEFT', 'CLIENT_RETURNED']) },
      order: { createdAt: 'DESC', id: 'DESC' },
    });
    const away = last?.kind === 'CLIENT_LEFT';
    // A first connection is not a return, and a second close is not another leaving.
    if (event.connected === away) {
      await recordConversationEvent(m, conversation, event.connected ? 'CLIENT_RETURNED' : 'CLIENT_LEFT', { kind: 'CLIENT', id: event.clientId }, new Date(event.at));
    }
  });
}
