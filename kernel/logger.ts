import pino, { Logger } from 'pino';

export type { Logger };

/** Structured JSON logs; one child per part of the graph. */
export function createLogger(level: string, name = 'livechat'): Logger {
  return pino({ name, level, redact: ['req.headers.authorization', '*.password', '*.token'] });
}
