import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { RouteHandler } from '../kernel/http';

/** The project's root, from gateway/ (ts-node, jest) or dist/gateway/ (built). */
const ROOT = [join(__dirname, '..'), join(__dirname, '..', '..')].find((dir) => existsSync(join(dir, 'package.json'))) ?? process.cwd();
/** Built by scripts/build-widget.js (npm run build, npm start, the tests). */
const WIDGET_BUNDLE = join(ROOT, 'dist', 'widget', 'widget.js');

/**
 * GET /widget.js: the script the embed code loads (Campaign.embedCode). Public and cacheable for a
 * few minutes, so a new release reaches visitors soon; the ETag spares the body on revalidation.
 */
export function widgetScriptRoute(): RouteHandler {
  let cached: { mtimeMs: number; body: Buffer; etag: string } | null = null;
  return async (req, res) => {
    const info = await stat(WIDGET_BUNDLE).catch(() => null);
    if (!info) {
      res.statusCode = 503;
      res.setHeader('content-type', 'text/plain; charset=utf-8');
      res.end('The widget is not built: run npm run build');
      return;
    }
    if (cached?.mtimeMs !== info.mtimeMs) cached = { mtimeMs: info.mtimeMs, body: await readFile(WIDGET_BUNDLE), etag: `"${info.size}-${Math.floor(info.mtimeMs)}"` };
    res.setHeader('content-type', 'text/javascript; charset=utf-8');
    res.setHeader('cache-control', 'public, max-age=300');
    res.setHeader('etag', cached.etag);
    res.setHeader('x-content-type-options', 'nosniff');
    if (req.headers['if-none-match'] === cached.etag) {
      res.statusCode = 304;
      res.end();
      return;
    }
    res.end(cached.body);
  };
}
