import type { ServerResponse } from 'node:http';
import { type RouteHandler, replyError } from '../kernel/http';
import type { Logger } from '../kernel/logger';
import type { Runtime } from '../kernel/subgraph';
import { type DownloadRefusal, type ReportRequest, reportOfExport, reportOfLink, writeReport } from '../subgraphs/analytics/reads';

/**
 * Report downloads (README, "Reports"), authorised by the link itself so an automated system needs
 * no session:
 *   GET /reports/<token>?from=YYYY-MM-DD&to=YYYY-MM-DD  a permanent link (createReportLink)
 *   GET /exports/<signed>                                a one-off export (exportReport), for an hour
 * A link that is unknown, revoked, tampered with or expired is refused alike (403).
 */
export function reportRoutes(runtime: Runtime, log: Logger): Record<string, RouteHandler> {
  const publicUrl = runtime.config.publicUrl.replace(/\/$/, '');
  const serve = async (res: ServerResponse, opened: ReportRequest | DownloadRefusal) => {
    if ('refused' in opened) {
      if (opened.refused === 'PERIOD') return replyError(res, 400, 'BAD_USER_INPUT', opened.message);
      return replyError(res, 403, 'FORBIDDEN', 'The report link is invalid, revoked or expired');
    }
    const day = (at: Date) => at.toISOString().slice(0, 10);
    res.setHeader('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader('content-disposition', `attachment; filename="${opened.kind.toLowerCase()}-${day(opened.from)}-${day(opened.to)}.xlsx"`);
    res.setHeader('cache-control', 'no-store');
    res.setHeader('x-content-type-options', 'nosniff');
    try {
      await writeReport(runtime.db, opened, res);
    } catch (error) {
      // Headers and part of the workbook may be out already: cut the response, so the client sees a failed download, not a short file.
      if (!res.destroyed) log.error({ err: error, kind: opened.kind }, 'report failed');
      if (!res.headersSent) replyError(res, 500, 'INTERNAL_SERVER_ERROR', 'The report failed');
      else res.destroy();
    }
  };
  return {
    '/reports/*': async (req, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const token = decodeURIComponent(url.pathname.split('/')[2] ?? '');
      await serve(res, await reportOfLink(runtime.db, publicUrl, token, url.searchParams.get('from'), url.searchParams.get('to')));
    },
    '/exports/*': async (req, res) => {
      const signed = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname.split('/')[2] ?? '');
      await serve(res, await reportOfExport(runtime.db, publicUrl, runtime.config.secret, signed));
    },
  };
}
