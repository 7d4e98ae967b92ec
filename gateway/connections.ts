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
  private readonly sockets = new SocketCounts();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly pubsub: PubSub,
    leaseSeconds: number,
  ) {
    this.timer = setInterval(() => this.announce(this.sockets.ids()), (leaseSeconds * 1000) / 3);
    this.timer.unref();
  }

  opened(userId: string): void {
    if (this.sockets.open(userId)) this.announce([userId]);
  }

  closed(userId: string): void {
    this.sockets.close(userId);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private announce(userIds: string[]): void {
    // At most once, like every realtime event: a notice lost in a broker outage is made good by the next one.
    if (userIds.length > 0) publishEvent(this.pubsub, channels.operatorConnections, { type: 'operator.connected', userIds }).catch(() => undefined);
  }
}

/**
 * Visitors' connections: when a visitor's first socket opens or their last one closes, the
 * conversations subgraph notes in their open conversation's access log that the client came back
 * or left (the transcript of seed 002's dialogs).
 */
export class VisitorConnections {
  private readonly sockets = new SocketCounts();

  constructor(private readonly pubsub: PubSub) {}

  opened(clientId: string): void {
    if (this.sockets.open(clientId)) this.announce(clientId, true);
  }

  closed(clientId: string): void {
    if (this.sockets.close(clientId)) this.announce(clientId, false);
  }

  private announce(clientId: string, connected: boolean): void {
    publishEvent(this.pubsub, channels.visitorConnections, { type: 'visitor.connection-changed', clientId, connected, at: new Date().toISOString() }).catch(() => undefined);
  }
}

/** Open sockets per id: `open` says whether it was the first, `close` whether it was the last. */
class SocketCounts {
  private readonly counts = new Map<string, number>();

  open(id: string): boolean {
    const count = this.counts.get(id) ?? 0;
    this.counts.set(id, count + 1);
    return count === 0;
  }

  close(id: string): boolean {
    const count = (this.counts.get(id) ?? 1) - 1;
    if (count > 0) this.counts.set(id, count);
    else this.counts.delete(id);
    return count <= 0;
  }

  ids(): string[] {
    return [...this.counts.keys()];
  }
}
