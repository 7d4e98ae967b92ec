import { channels, type PubSub } from '../kernel/pubsub';
import { publishEvent } from '../subgraphs/events';

/**
 * Presence by connection: which operators hold an open WebSocket to this gateway. The first socket
 * of an operator is announced at once, and every operator still connected is announced again every
 * third of the presence lease, so the conversations subgraph keeps them routable
 * (presence.service.ts). When the last socket closes nothing is sent: the lease runs out, which
 * also covers a gateway that dies without saying goodbye.
 */
export class OperatorConnections {
  private readonly sockets = new Map<string, number>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly pubsub: PubSub,
    leaseSeconds: number,
  ) {
    this.timer = setInterval(() => this.announce([...this.sockets.keys()]), (leaseSeconds * 1000) / 3);
    this.timer.unref();
  }

  opened(userId: string): void {
    const count = this.sockets.get(userId) ?? 0;
    this.sockets.set(userId, count + 1);
    if (count === 0) this.announce([userId]);
  }

  closed(userId: string): void {
    const count = (this.sockets.get(userId) ?? 1) - 1;
    if (count > 0) this.sockets.set(userId, count);
    else this.sockets.delete(userId);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private announce(userIds: string[]): void {
    // At most once, like every realtime event: a notice lost in a broker outage is made good by the next one.
    if (userIds.length > 0) publishEvent(this.pubsub, channels.operatorConnections, { type: 'operator.connected', userIds }).catch(() => undefined);
  }
}
