import { channels, PubSub } from '../../kernel/pubsub';

/**
 * Tells the gateway that a user's access changed (a session ended, a membership or permission
 * changed), after commit. HTTP requests see the change at once because the gateway resolves every
 * request anew; open WebSockets re-check and close when they no longer hold.
 */
export class AccessEvents {
  constructor(private readonly pubsub: PubSub) {}

  accessChanged(userId: string): Promise<void> {
    return this.pubsub.publish(channels.userAccess(userId), { type: 'access.changed', userId });
  }
}
