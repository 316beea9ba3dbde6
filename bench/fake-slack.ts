/**
 * A small local stand-in for Slack's Web API: records every call the bot makes, answers like
 * Slack, serves shared files (bot token required) and response_url posts, and can be told to
 * fail (429 with Retry-After, 500) to exercise retries. With `socketMode` set it also answers
 * `apps.connections.open` with that Socket Mode stand-in's URL.
 */
import http from 'http';
import { AddressInfo } from 'net';
import type { FakeSocketMode } from './fake-socket-mode';

export interface RecordedCall {
  method: string;
  args: Record<string, unknown>;
  authorization: string | undefined;
}

interface Failure {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export class FakeSlack {
  readonly calls: RecordedCall[] = [];
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

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString();
    const url = new URL(req.url ?? '/', this.url);
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
    this.calls.push({ method, args, authorization: req.headers.authorization });
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
    send(200, this.answer(method, args));
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
