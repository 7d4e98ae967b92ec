import { type DocumentNode, type ExecutionResult, parse } from 'graphql';
import type { Identity } from '../kernel/auth';
import { bearerToken } from '../kernel/auth';
import { clientIp, type RouteHandler, replyError } from '../kernel/http';
import type { Runtime } from '../kernel/subgraph';
import { authenticate, REFUSALS } from './authenticate';

/**
 * Statistics as SVG charts, for a manager who would rather look than read (README, "Charts"):
 *   GET /charts/<chats-per-day|chats-per-hour|satisfaction>.svg?companyId=…&from=…&to=…[&operatorId=…&campaignId=…&successCodeId=…&proactive=…]
 * with `Authorization: Bearer <token>`. The figures come from running statistics() through the
 * gateway as the caller, so the same rules (VIEW_REPORTS in that company), checks and errors apply.
 */
const STATISTICS: DocumentNode = parse(`query Chart($companyId: ID!, $from: DateTime!, $to: DateTime!, $filter: StatisticsFilter) {
  statistics(companyId: $companyId, from: $from, to: $to, filter: $filter) {
    chatsPerDay { day count }
    chatsPerHour { hour count }
    satisfaction { ratings positiveShare }
  }
}`);

interface ChartStatistics {
  chatsPerDay: { day: string; count: number }[];
  chatsPerHour: { hour: number; count: number }[];
  satisfaction: { ratings: number; positiveShare: number | null };
}

const CHARTS: Record<string, { title: string; bars: (s: ChartStatistics) => { label: string; value: number }[] }> = {
  'chats-per-day': { title: 'Chats per day', bars: (s) => s.chatsPerDay.map(({ day, count }) => ({ label: day, value: count })) },
  'chats-per-hour': { title: 'Chats per hour of the day', bars: (s) => s.chatsPerHour.map(({ hour, count }) => ({ label: String(hour).padStart(2, '0'), value: count })) },
  satisfaction: {
    title: 'Satisfaction',
    bars: ({ satisfaction: { ratings, positiveShare } }) => {
      const positive = Math.round((positiveShare ?? 0) * ratings);
      return [
        { label: 'Positive', value: positive },
        { label: 'Negative', value: ratings - positive },
      ];
    },
  },
};

const STATUS: Record<string, number> = { UNAUTHENTICATED: 401, FORBIDDEN: 403, BAD_USER_INPUT: 400, NOT_FOUND: 404, RATE_LIMITED: 429 };

export type ExecuteAs = (document: DocumentNode, variables: Record<string, unknown>, identity: Identity) => Promise<ExecutionResult>;

export function chartRoutes(runtime: Runtime, executeAs: ExecuteAs): Record<string, RouteHandler> {
  return {
    '/charts/*': async (req, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const chart = CHARTS[(url.pathname.split('/')[2] ?? '').replace(/\.svg$/, '')];
      if (!chart) return replyError(res, 404, 'NOT_FOUND', 'No such chart: chats-per-day, chats-per-hour or satisfaction');
      const token = bearerToken(req.headers.authorization);
      if (!token) return replyError(res, 401, 'UNAUTHENTICATED', 'Sign in first: Authorization: Bearer <token>');
      const signedIn = await authenticate(runtime, { token, origin: req.headers.origin, ip: clientIp(req, runtime.config.trustedProxies) });
      if (!('identity' in signedIn)) {
        const refusal = REFUSALS[signedIn.refused];
        return replyError(res, refusal.status, refusal.code, refusal.message);
      }
      const query = url.searchParams;
      const filter = Object.fromEntries(
        ['operatorId', 'campaignId', 'successCodeId', 'proactive', 'status']
          .filter((name) => query.has(name))
          .map((name) => [name, name === 'proactive' ? query.get(name) === 'true' : query.get(name)]),
      );
      const result = await executeAs(STATISTICS, { companyId: query.get('companyId'), from: query.get('from'), to: query.get('to'), filter }, signedIn.identity);
      const error = result.errors?.[0];
      if (error || !result.data) {
        const code = String(error?.extensions?.code ?? 'BAD_USER_INPUT');
        return replyError(res, STATUS[code] ?? 500, code, error?.message ?? 'The chart could not be drawn');
      }
      res.setHeader('content-type', 'image/svg+xml; charset=utf-8');
      res.setHeader('cache-control', 'private, no-store');
      res.setHeader('x-content-type-options', 'nosniff');
      res.end(barChart(chart.title, chart.bars(result.data.statistics as ChartStatistics)));
    },
  };
}

const WIDTH = 800;
const HEIGHT = 320;
const PLOT = { left: 48, right: 16, top: 40, bottom: 56 };

/** A bar chart; each bar carries its label and value (data-label, data-value) as well as its height. */
export function barChart(title: string, bars: { label: string; value: number }[]): string {
  const plotWidth = WIDTH - PLOT.left - PLOT.right;
  const plotHeight = HEIGHT - PLOT.top - PLOT.bottom;
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  const slot = plotWidth / Math.max(bars.length, 1);
  const labelEvery = Math.ceil(bars.length / 24);
  const shapes = bars.map((bar, i) => {
    const height = (bar.value / max) * plotHeight;
    const x = PLOT.left + i * slot + slot * 0.1;
    const y = PLOT.top + plotHeight - height;
    const label =
      i % labelEvery === 0 ? `<text x="${round(x + slot * 0.4)}" y="${HEIGHT - PLOT.bottom + 16}" font-size="11" text-anchor="middle">${escapeXml(bar.label)}</text>` : '';
    return `<rect x="${round(x)}" y="${round(y)}" width="${round(slot * 0.8)}" height="${round(height)}" fill="#3b82f6" data-label="${escapeXml(bar.label)}" data-value="${bar.value}"><title>${escapeXml(bar.label)}: ${bar.value}</title></rect>${label}`;
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" role="img" aria-label="${escapeXml(title)}">`,
    `<text x="${PLOT.left}" y="24" font-size="16">${escapeXml(title)}</text>`,
    `<text x="${PLOT.left - 6}" y="${PLOT.top + 4}" font-size="11" text-anchor="end">${max}</text>`,
    `<line x1="${PLOT.left}" y1="${PLOT.top + plotHeight}" x2="${WIDTH - PLOT.right}" y2="${PLOT.top + plotHeight}" stroke="#999"/>`,
    ...shapes,
    '</svg>',
  ].join('\n');
}

const round = (value: number) => Math.round(value * 100) / 100;
const escapeXml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
