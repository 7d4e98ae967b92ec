import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sleep } from './client';

/** One request a fake API received: JSON bodies parsed, multipart bodies as their fields and files. */
export interface ApiCall {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  json: Record<string, unknown> | null;
  form: Map<string, string | { name: string; type: string; bytes: Buffer }> | null;
}

type Answer = { status?: number; json?: unknown; bytes?: Buffer; type?: string };
type Handler = (call: ApiCall, match: RegExpMatchArray) => Answer | Promise<Answer>;

/**
 * A local stand-in for a messenger's HTTP API: it records every request (so tests check the exact
 * shape the public docs give: URL, method, headers, JSON fields, multipart parts) and answers with
 * the handlers a test sets. Requests no handler takes get 404, as the real APIs answer.
 */
export class FakeApi {
  readonly calls: ApiCall[] = [];
  private readonly handlers: { method: string; path: RegExp; handler: Handler }[] = [];
  private server?: Server;
  url = '';

  on(method: string, path: RegExp, handler: Handler): this {
    this.handlers.unshift({ method, path, handler });
    return this;
  }

  async start(): Promise<string> {
    this.server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const raw = Buffer.concat(chunks);
      const url = new URL(req.url ?? '/', 'http://fake');
      const type = String(req.headers['content-type'] ?? '');
      const call: ApiCall = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        json: type.startsWith('application/json') && raw.length ? JSON.parse(raw.toString('utf8')) : null,
        form: type.startsWith('multipart/form-data') ? await parseForm(raw, type) : null,
      };
      this.calls.push(call);
      const found = this.handlers.find((h) => h.method === call.method && h.path.test(call.path));
      const answer: Answer = found ? await found.handler(call, call.path.match(found.path)!) : { status: 404, json: { error: { message: 'Unknown path' } } };
      res.statusCode = answer.status ?? 200;
      if (answer.bytes) {
        res.setHeader('content-type', answer.type ?? 'application/octet-stream');
        res.end(answer.bytes);
      } else {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(answer.json ?? {}));
      }
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  callsTo(method: string, path: RegExp): ApiCall[] {
    return this.calls.filter((call) => call.method === method && path.test(call.path));
  }

  async waitFor(method: string, path: RegExp, count = 1, timeoutMs = 15_000): Promise<ApiCall[]> {
    for (let waited = 0; this.callsTo(method, path).length < count; waited += 50) {
      if (waited > timeoutMs) throw new Error(`${this.callsTo(method, path).length} of ${count} calls to ${method} ${path}`);
      await sleep(50);
    }
    return this.callsTo(method, path);
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** A multipart body's parts, parsed by the platform's own parser (undici's Request). */
async function parseForm(raw: Buffer, contentType: string): Promise<ApiCall['form']> {
  const form = await new Request('http://fake/', { method: 'POST', headers: { 'content-type': contentType }, body: raw }).formData();
  const parts: NonNullable<ApiCall['form']> = new Map();
  for (const [name, value] of form.entries()) {
    if (typeof value === 'string') parts.set(name, value);
    else parts.set(name, { name: (value as File).name, type: value.type, bytes: Buffer.from(await value.arrayBuffer()) });
  }
  return parts;
}
