/**
 * A local stand-in for Slack's Socket Mode (https://api.slack.com/apis/socket-mode), for tests and
 * benches. `FakeSlack` answers `apps.connections.open` (app-level token only) with a one-use
 * `ws://127.0.0.1:…/link/?ticket=…` URL of this server; a connection opened with it gets
 * `{"type": "hello", …}`, then the envelopes a test sends. The client must acknowledge each
 * envelope by sending `{"envelope_id": …}` back; every acknowledgement is recorded. `drop()` ends
 * connections the ways Slack does (a `disconnect` message, a close frame, or a dead TCP socket).
 */
import { randomUUID } from 'crypto';
import http from 'http';
import { AddressInfo, Socket } from 'net';
import { RawData, WebSocket, WebSocketServer } from 'ws';
import { actionBody, eventBody, slashCommandBody } from './slack-requests';

export type EnvelopeType = 'slash_commands' | 'events_api' | 'interactive';

/** An envelope as Slack sends it over the socket. */
export interface Envelope {
  envelope_id: string;
  type: EnvelopeType;
  payload: Record<string, unknown>;
  accepts_response_payload: boolean;
  retry_attempt?: number;
  retry_reason?: string;
}

export interface Ack {
  envelopeId: string;
  /** What the client sent with the acknowledgement (`payload`, e.g. a slash command's answer). */
  payload: unknown;
  /** The connection it came on (1 for the first connection the server accepted). */
  connection: number;
}

/** How `drop()` ends a connection. */
export type DropHow =
  /** Slack's warning before it recycles a connection: the client closes and reconnects. */
  | 'disconnect'
  /** A close frame from the server (1001, going away). */
  | 'close'
  /** The TCP socket destroyed without a close frame, as when a network path dies. */
  | 'terminate';

export class FakeSocketMode {
  readonly appToken = 'xapp-1-A1-test-app-token';
  /** Every envelope sent, in order. */
  readonly sent: Envelope[] = [];
  readonly acks: Ack[] = [];
  /** Messages from the client that acknowledge no envelope sent, or one a second time. */
  readonly strays: unknown[] = [];
  /** How many URLs `apps.connections.open` handed out. */
  urlsIssued = 0;
  /** How many WebSocket connections were accepted (and greeted with hello). */
  connectionsAccepted = 0;
  /** Upgrades refused: no ticket, an unknown one, or one already used. */
  refused = 0;
  private readonly tickets = new Set<string>();
  private readonly open = new Map<WebSocket, number>();
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly server = http.createServer((_req, res) => {
    res.writeHead(426).end();
  });
  private readonly sockets = new Set<Socket>();
  private origin = '';

  async start(): Promise<void> {
    this.server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    this.server.on('upgrade', (req, socket: Socket, head) => {
      const ticket = new URL(req.url ?? '/', 'ws://x').searchParams.get('ticket') ?? '';
      if (!this.tickets.delete(ticket)) {
        this.refused++;
        socket.end('HTTP/1.1 401 Unauthorized\r\nconnection: close\r\n\r\n');
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.origin = `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    for (const ws of this.open.keys()) ws.terminate();
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** `apps.connections.open`, as Slack answers it for the given Authorization header. */
  connectionsOpen(authorization: string | undefined): Record<string, unknown> {
    const token = (authorization ?? '').replace(/^Bearer /, '');
    if (!token) return { ok: false, error: 'not_authed' };
    if (!token.startsWith('xapp-')) return { ok: false, error: 'not_allowed_token_type' };
    if (token !== this.appToken) return { ok: false, error: 'invalid_auth' };
    const ticket = randomUUID();
    this.tickets.add(ticket);
    this.urlsIssued++;
    return { ok: true, url: `${this.origin}/link/?ticket=${ticket}&app_id=A1` };
  }

  /** Connections open now (greeted, not yet closed). */
  get openConnections(): number {
    return this.open.size;
  }

  /**
   * Sends an envelope on the newest open connection, waiting up to `ms` for one (the client may be
   * reconnecting); returns its envelope id.
   */
  async send(
    type: EnvelopeType,
    payload: Record<string, unknown>,
    opts: { retryAttempt?: number; retryReason?: string; ms?: number } = {},
  ): Promise<string> {
    const ws = await this.newestOpen(opts.ms ?? 10_000);
    const envelope: Envelope = {
      envelope_id: randomUUID(),
      type,
      payload,
      // Slack accepts a response in the acknowledgement of slash commands only (and some
      // interactive kinds this bot does not use).
      accepts_response_payload: type === 'slash_commands',
      ...(type === 'events_api'
        ? { retry_attempt: opts.retryAttempt ?? 0, retry_reason: opts.retryReason ?? '' }
        : {}),
    };
    this.sent.push(envelope);
    ws.send(JSON.stringify(envelope));
    return envelope.envelope_id;
  }

  /** A `/mqtt-why` slash command, shaped as the HTTP form Slack would have posted. */
  slashCommand(fields: {
    text: string;
    channel?: string;
    user?: string;
    responseUrl: string;
  }): Promise<string> {
    return this.send(
      'slash_commands',
      Object.fromEntries(new URLSearchParams(slashCommandBody(fields))),
    );
  }

  /** An Events API callback; a redelivery keeps the event id and counts `retryAttempt` up. */
  event(
    event: Record<string, unknown>,
    opts: { eventId?: string; retryAttempt?: number; retryReason?: string } = {},
  ): Promise<string> {
    const body = JSON.parse(eventBody(event, opts.eventId)) as Record<string, unknown>;
    return this.send('events_api', body, {
      ...(opts.retryAttempt ? { retryAttempt: opts.retryAttempt } : {}),
      ...(opts.retryReason ? { retryReason: opts.retryReason } : {}),
    });
  }

  /** A button press or menu pick (block_actions). */
  interactive(fields: Parameters<typeof actionBody>[0]): Promise<string> {
    const form = new URLSearchParams(actionBody(fields));
    return this.send('interactive', JSON.parse(form.get('payload')!) as Record<string, unknown>);
  }

  /** Resolves with the acknowledgement of `envelopeId`; rejects after `ms`. */
  async waitForAck(envelopeId: string, ms = 5000): Promise<Ack> {
    const ack = await this.waitUntil(
      () => this.acks.find((a) => a.envelopeId === envelopeId),
      ms,
      `no acknowledgement of envelope ${envelopeId}`,
    );
    return ack;
  }

  /** Resolves once `count` connections have been accepted in all; rejects after `ms`. */
  async waitForConnections(count: number, ms = 10_000): Promise<void> {
    await this.waitUntil(
      () => this.connectionsAccepted >= count && this.open.size > 0,
      ms,
      `${this.connectionsAccepted} connection(s) accepted, waiting for ${count}`,
    );
  }

  /** Envelope ids sent and never acknowledged. */
  unacknowledged(): string[] {
    const acked = new Set(this.acks.map((a) => a.envelopeId));
    return this.sent.map((e) => e.envelope_id).filter((id) => !acked.has(id));
  }

  /** Ends every open connection; the client is expected to reconnect through a new URL. */
  drop(how: DropHow): void {
    for (const ws of [...this.open.keys()]) {
      this.open.delete(ws);
      if (how === 'disconnect')
        ws.send(
          JSON.stringify({
            type: 'disconnect',
            reason: 'refresh_requested',
            debug_info: { host: 'applink-fake' },
          }),
        );
      else if (how === 'close') ws.close(1001, 'going away');
      else ws.terminate();
    }
  }

  private accept(ws: WebSocket): void {
    const connection = ++this.connectionsAccepted;
    ws.on('error', () => undefined); // a terminated peer is what some tests are about
    ws.on('close', () => this.open.delete(ws));
    ws.on('message', (data: RawData, isBinary: boolean) =>
      this.receive(data, isBinary, connection),
    );
    ws.send(
      JSON.stringify({
        type: 'hello',
        num_connections: 1,
        debug_info: { host: 'applink-fake', build_number: 1, approximate_connection_time: 18060 },
        connection_info: { app_id: 'A1' },
      }),
    );
    this.open.set(ws, connection);
  }

  private receive(data: RawData, isBinary: boolean, connection: number): void {
    let message: unknown;
    try {
      message = isBinary ? null : JSON.parse(String(data));
    } catch {
      message = null;
    }
    const id = (message as { envelope_id?: unknown } | null)?.envelope_id;
    const known = typeof id === 'string' && this.sent.some((e) => e.envelope_id === id);
    if (!known || this.acks.some((a) => a.envelopeId === id)) {
      this.strays.push(message ?? String(data));
      return;
    }
    this.acks.push({
      envelopeId: id,
      payload: (message as { payload?: unknown }).payload,
      connection,
    });
  }

  private async newestOpen(ms: number): Promise<WebSocket> {
    return this.waitUntil(
      () => [...this.open.keys()].filter((ws) => ws.readyState === WebSocket.OPEN).at(-1),
      ms,
      'no open Socket Mode connection',
    );
  }

  private async waitUntil<T>(get: () => T | undefined | false, ms: number, what: string) {
    const until = Date.now() + ms;
    for (;;) {
      const value = get();
      if (value) return value;
      if (Date.now() > until) throw new Error(`fake Socket Mode: ${what} after ${ms} ms`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}
