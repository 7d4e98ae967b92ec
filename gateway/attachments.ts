import type { IncomingMessage } from 'node:http';
import type { Config } from '../kernel/config';
import { FileStore, FileTooLargeError, verifyDownloadGrant, verifyUploadGrant } from '../kernel/files';
import { type RouteHandler, replyError } from '../kernel/http';
import type { Logger } from '../kernel/logger';

/**
 * The attachment endpoints (README, "Attachments"). Both are authorised by the signed link the
 * conversations subgraph hands out, not by a bearer token, so an <img> tag or a download manager can
 * use them:
 *   PUT /uploads/<id>?token=…  the file's bytes as the body, at most the declared size; once.
 *   GET /files/<id>?token=…    the file, as long as the link has not expired.
 */
export function attachmentRoutes(config: Config, log: Logger): Record<string, RouteHandler> {
  const store = new FileStore(config.attachmentsDir);
  return {
    'PUT /uploads/*': async (req, res) => {
      const { id, token } = linkOf(req);
      const grant = token ? verifyUploadGrant(token, config.secret) : null;
      if (!grant || grant.id !== id) return replyError(res, 403, 'FORBIDDEN', 'The upload link is invalid or has expired');
      if ((await store.sizeOf(id)) !== null) return replyError(res, 409, 'CONFLICT', 'This file has already been uploaded');
      const declared = Number(req.headers['content-length']);
      if (Number.isFinite(declared) && declared > grant.size) return replyError(res, 413, 'BAD_USER_INPUT', `The upload must be ${grant.size} bytes`);
      try {
        const size = await store.save(id, req, grant.size);
        if (size !== grant.size) {
          await store.remove(id);
          return replyError(res, 400, 'BAD_USER_INPUT', `The upload must be ${grant.size} bytes, got ${size}`);
        }
        res.statusCode = 204;
        res.end();
      } catch (error) {
        if (error instanceof FileTooLargeError) {
          replyError(res, 413, 'BAD_USER_INPUT', `The upload must be ${grant.size} bytes`);
          req.resume();
          return;
        }
        log.error({ err: error }, 'upload failed');
        replyError(res, 500, 'INTERNAL_SERVER_ERROR', 'The upload failed');
      }
    },
    '/files/*': async (req, res) => {
      const { id, token } = linkOf(req);
      const grant = token ? verifyDownloadGrant(token, config.secret) : null;
      if (!grant || grant.id !== id) return replyError(res, 403, 'FORBIDDEN', 'The download link is invalid or has expired');
      const size = await store.sizeOf(id);
      if (size === null) return replyError(res, 404, 'NOT_FOUND', 'File not found');
      res.setHeader('content-type', grant.type);
      res.setHeader('content-length', String(size));
      // Served as a download under its own name, never rendered as a page of ours.
      res.setHeader('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(grant.name)}`);
      res.setHeader('x-content-type-options', 'nosniff');
      res.setHeader('cache-control', 'private, max-age=60');
      store.read(id).pipe(res);
    },
  };
}

function linkOf(req: IncomingMessage): { id: string; token: string | null } {
  const url = new URL(req.url ?? '/', 'http://localhost');
  return { id: decodeURIComponent(url.pathname.split('/')[2] ?? ''), token: url.searchParams.get('token') };
}
