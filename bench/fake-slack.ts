/**
 * A small local stand-in for Slack's Web API: records every call the bot makes, answers like
 * Slack, serves shared files (bot token required) and response_url posts, takes file uploads the
 * way files.uploadV2 makes them (files.getUploadURLExternal, the bytes to the upload URL,
 * files.completeUploadExternal), and can be told to fail (429 with Retry-After, 500) to exercise
 * retries. With `socketMode` set it also answers `apps.connections.open` with that Socket Mode
 * stand-in's URL.
 */
import http from 'http';
import { AddressInfo } from 'net';
import type { FakeSocketMode } from './fake-socket-mode';

export interface RecordedCall {
  method: string;
  args: Record<string, unknown>;
  authorization: string | undefined;
  /** What the fake answered (a posted message's ts, an upload URL...). */
  response?: unknown;
}

interface Failure {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** A file uploaded through files.uploadV2: its bytes, and where completeUploadExternal put it. */
export interface Upload {
  id: string;
  filename: string;
  bytes: Buffer;
  channel: string | null;
  threadTs: string | null;
  title: string | null;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export class FakeSlack {
  readonly calls: RecordedCall[] = [];
  readonly uploads = new Map<string, Upload>();
  readonly files = new Map<string, { content: string; info: Record<string, unknown> }>();
  readonly threads = new Map<string, { text: string }[]>();
  private readonly failures = new Map<string, Failure[]>();
  private server: http.Server | null = null;
  private tsCounter = 0;
  url = '';
  botToken = 'xoxb-test-token';
  /** Socket Mode: where `apps.connections.open` sends the client (null: Slack's error). */
  socketMode: FakeSocketMode | null = null;

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server?.closeAllConnections();
      this.server?.close(() => resolve());
    });
  }

  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  responseUrl(id: string): string {
    return `${this.url}/respond/${id}`;
  }

  failNext(method: string, ...failures: Failure[]): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), ...failures]);
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Resolves with the calls once `predicate` holds, polling; rejects after `ms`. */
  async waitFor(predicate: (calls: RecordedCall[]) => boolean, ms = 5000): Promise<RecordedCall[]> {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      if (predicate(this.calls)) return this.calls;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(
      `fake Slack: condition not met in ${ms} ms; calls: ${this.calls.map((c) => c.method).join(', ')}`,
    );
  }

  /** Uploads completed into a channel (and thread), in order. */
  completedUploads(): Upload[] {
    return [...this.uploads.values()].filter((u) => u.channel !== null);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const raw = body.toString();
    const url = new URL(req.url ?? '/', this.url);

    // Step 2 of files.uploadV2: the bytes, posted to the URL step 1 gave (multipart here).
    if (req.method === 'POST' && url.pathname.startsWith('/upload/')) {
      const upload = this.uploads.get(url.pathname.slice('/upload/'.length));
      const at = body.indexOf(PNG_SIGNATURE);
      this.calls.push({
        method: 'file.upload',
        args: { id: upload?.id ?? null, size: body.length, png: at >= 0 },
        authorization: req.headers.authorization,
      });
      if (!upload) {
        res.writeHead(404).end();
        return;
      }
      upload.bytes = at >= 0 ? body.subarray(at, pngEnd(body, at)) : body;
      res.writeHead(200, { 'content-type': 'text/plain' }).end('OK');
      return;
    }
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };

    if (req.method === 'GET' && url.pathname.startsWith('/files/')) {
      const file = this.files.get(url.pathname.slice('/files/'.length));
      this.calls.push({
        method: 'file.download',
        args: { path: url.pathname },
        authorization: req.headers.authorization,
      });
      if (!file) return send(404, 'not found');
      if (req.headers.authorization !== `Bearer ${this.botToken}`) return send(403, 'forbidden');
      res.writeHead(200, { 'content-type': 'text/plain' });
      return void res.end(file.content);
    }

    const args = this.parseArgs(raw, req.headers['content-type'] ?? '');
    const method = url.pathname.startsWith('/respond/')
      ? 'response_url'
      : url.pathname.replace(/^\/api\//, '');
    const call: RecordedCall = { method, args, authorization: req.headers.authorization };
    this.calls.push(call);
    const failure = this.failures.get(method)?.shift();
    if (failure)
      return send(
        failure.status,
        failure.body ?? { ok: false, error: 'fake_failure' },
        failure.headers,
      );
    if (method === 'response_url') return send(200, { ok: true });
    if (method === 'apps.connections.open')
      return send(
        200,
        this.socketMode?.connectionsOpen(req.headers.authorization) ?? {
          ok: false,
          error: 'not_allowed_token_type',
        },
      );
    call.response = this.answer(method, args);
    send(200, call.response);
  }

  private parseArgs(raw: string, type: string): Record<string, unknown> {
    if (raw === '') return {};
    if (type.includes('json')) return JSON.parse(raw) as Record<string, unknown>;
    const params = Object.fromEntries(new URLSearchParams(raw));
    const out: Record<string, unknown> = { ...params };
    for (const key of ['blocks', 'attachments'])
      if (typeof params[key] === 'string') out[key] = JSON.parse(params[key]!);
    return out;
  }

  private answer(method: string, args: Record<string, unknown>): unknown {
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: 'https://test.slack.com/',
          team: 'Test',
          user: 'mqtt-why',
          team_id: 'T1',
          user_id: 'UBOT',
          bot_id: 'BBOT',
        };
      case 'chat.postMessage':
        return {
          ok: true,
          channel: args.channel,
          ts: `1800000000.${String(++this.tsCounter).padStart(6, '0')}`,
          message: { text: args.text },
        };
      case 'chat.update':
      case 'chat.postEphemeral':
        return {
          ok: true,
          channel: args.channel,
          ts: args.ts ?? `1800000000.${String(++this.tsCounter).padStart(6, '0')}`,
        };
      case 'files.getUploadURLExternal': {
        const id = `F${String(++this.tsCounter).padStart(8, '0')}`;
        this.uploads.set(id, {
          id,
          filename: String(args.filename ?? ''),
          bytes: Buffer.alloc(0),
          channel: null,
          threadTs: null,
          title: null,
        });
        return { ok: true, upload_url: `${this.url}/upload/${id}`, file_id: id };
      }
      case 'files.completeUploadExternal': {
        const files = (typeof args.files === 'string' ? JSON.parse(args.files) : args.files) as {
          id: string;
          title?: string;
        }[];
        for (const f of files) {
          const upload = this.uploads.get(f.id);
          if (!upload) return { ok: false, error: 'file_not_found' };
          upload.channel = typeof args.channel_id === 'string' ? args.channel_id : null;
          upload.threadTs = typeof args.thread_ts === 'string' ? args.thread_ts : null;
          upload.title = f.title ?? null;
        }
        return { ok: true, files: files.map((f) => ({ id: f.id, title: f.title ?? '' })) };
      }
      case 'files.info': {
        const file = this.files.get(String(args.file));
        return file ? { ok: true, file: file.info } : { ok: false, error: 'file_not_found' };
      }
      case 'conversations.replies':
        return {
          ok: true,
          messages: this.threads.get(`${args.channel}:${args.ts}`) ?? [],
          has_more: false,
        };
      default:
        return { ok: true };
    }
  }
}

/** Where a PNG that starts at `start` ends: after its IEND chunk (or at the end of `buf`). */
function pngEnd(buf: Buffer, start: number): number {
  const iend = buf.indexOf('IEND', start);
  return iend >= 0 ? Math.min(buf.length, iend + 8) : buf.length;
}
