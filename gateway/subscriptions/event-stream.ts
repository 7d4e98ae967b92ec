/**
 * A push-driven async iterator: the subscription layer pushes results, graphql-ws pulls them.
 * Ending the iteration (client unsubscribes or disconnects) runs the cleanups once.
 */
export class EventStream<T> implements AsyncIterableIterator<T> {
  private readonly buffered: T[] = [];
  private readonly waiting: ((result: IteratorResult<T>) => void)[] = [];
  private done = false;
  private readonly cleanups: (() => Promise<void> | void)[] = [];

  /** Adds work to run once when the stream ends (each added function runs, in order). */
  onClose(cleanup: () => Promise<void> | void): void {
    this.cleanups.push(cleanup);
  }

  get closed(): boolean {
    return this.done;
  }

  push(value: T): void {
    if (this.done) return;
    const waiter = this.waiting.shift();
    if (waiter) waiter({ value, done: false });
    else this.buffered.push(value);
  }

  next(): Promise<IteratorResult<T>> {
    const value = this.buffered.shift();
    if (value !== undefined) return Promise.resolve({ value, done: false });
    if (this.done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  async return(): Promise<IteratorResult<T>> {
    if (!this.done) {
      this.done = true;
      this.buffered.length = 0;
      for (const waiter of this.waiting.splice(0)) waiter({ value: undefined, done: true });
      for (const cleanup of this.cleanups.splice(0)) await cleanup();
    }
    return { value: undefined, done: true };
  }

  async throw(error: unknown): Promise<IteratorResult<T>> {
    await this.return();
    throw error;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
