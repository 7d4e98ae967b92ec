import Redis from 'ioredis';
import { inClusterWorker, primaryLink } from './cluster';
import { AppError } from './errors';

/**
 * Fixed-window counters for brute-force protection. In one process the counters live in memory;
 * with REDIS_URL every process shares them (INCR + PEXPIRE), so a limit holds across subgraph
 * instances.
 */
export interface RateLimiter {
  /** Counts one hit on the key and returns how many the current window holds. */
  hit(key: string, windowMs: number): Promise<number>;
  /** How many hits the current window holds, without counting one. */
  peek(key: string): Promise<number>;
  close(): void;
}

export interface Limit {
  max: number;
  windowMs: number;
}

export class MemoryRateLimiter implements RateLimiter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  async hit(key: string, windowMs: number): Promise<number> {
    const now = Date.now();
    const window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      if (this.windows.size > 100_000) this.sweep(now);
      this.windows.set(key, { count: 1, resetAt: now + windowMs });
      return 1;
    }
    window.count += 1;
    return window.count;
  }

  async peek(key: string): Promise<number> {
    const window = this.windows.get(key);
    return window && window.resetAt > Date.now() ? window.count : 0;
  }

  private sweep(now: number) {
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
  }

  close(): void {
    this.windows.clear();
  }
}

class RedisRateLimiter implements RateLimiter {
  private readonly redis: Redis;

  constructor(url: string) {
    this.redis = new Redis(url, { maxRetriesPerRequest: 2 });
  }

  async hit(key: string, windowMs: number): Promise<number> {
    const [[, count]] = (await this.redis.multi().incr(`ratelimit:${key}`).pexpire(`ratelimit:${key}`, windowMs, 'NX').exec()) as [[null, number]];
    return count;
  }

  async peek(key: string): Promise<number> {
    return Number((await this.redis.get(`ratelimit:${key}`)) ?? 0);
  }

  close(): void {
    this.redis.disconnect();
  }
}

/** In a worker of `npm start` (kernel/cluster.ts): the primary holds the counters for all workers. */
class ClusterRateLimiter implements RateLimiter {
  hit(key: string, windowMs: number): Promise<number> {
    return primaryLink().ask({ livechat: 'rate', key, windowMs });
  }

  peek(key: string): Promise<number> {
    return primaryLink().ask({ livechat: 'rate', key });
  }

  close(): void {}
}

export function createRateLimiter(redisUrl: string | undefined): RateLimiter {
  if (redisUrl) return new RedisRateLimiter(redisUrl);
  return inClusterWorker() ? new ClusterRateLimiter() : new MemoryRateLimiter();
}

export const rateLimited = () => new AppError('RATE_LIMITED', 'Too many attempts. Wait a few minutes and try again.');
