/**
 * The one HTTP server the bot owns on a port: routes by method and path, with deadlines on every
 * request (a half-sent body or slow headers cannot hold a socket for Node's default 300 s).
 * Slack's endpoint, the web pages and the operator routes all hang on it.
 */
import http, { IncomingMessage, ServerResponse } from 'http';
import { AddressInfo } from 'net';
import { timingSafeEqual } from 'crypto';
import { Readable } from 'stream';

export type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface HttpRoute {
  method: 'GET' | 'POST';
  /** An exact path, or a prefix ending in `/` that matches everything below it. */
  path: string;
  handler: Handler;
}

/** Deadlines of every request: headers, the whole request, idle keep-alive sockets. */
export const HTTP_LIMITS = { headersMs: 10_000, requestMs: 15_000, keepAliveMs: 5_000 } as const;

export interface RunningServer {
  port: number;
  close(): Promise<void>;
}

function routesAt(routes: HttpRoute[], path: string): HttpRoute[] {
  return routes.filter((r) => r.path === path || (r.path.endsWith('/') && path.startsWith(r.path)));
}

/** The route for a request; HEAD is answered as GET (Node sends the headers only). */
function routeFor(at: HttpRoute[], method: string | undefined): HttpRoute | null {
  const wanted = method === 'HEAD' ? 'GET' : method;
  return at.find((r) => r.method === wanted) ?? null;
}

const PLAIN = { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' };

export async function serveHttp(opts: {
  port: number;
  host?: string;
  routes: HttpRoute[];
  onError?: (err: Error) => void;
}): Promise<RunningServer> {
  // Deadlines take effect only when given at creation; Node checks them every
  // connectionsCheckingInterval (30 s by default).
  const server = http.createServer(
    {
      connectionsCheckingInterval: 1000,
      headersTimeout: HTTP_LIMITS.headersMs,
      requestTimeout: HTTP_LIMITS.requestMs,
      keepAliveTimeout: HTTP_LIMITS.keepAliveMs,
    },
    (req, res) => {
      const path = (req.url ?? '/').split('?')[0]!;
      const at = routesAt(opts.routes, path);
      const route = routeFor(at, req.method);
      if (!route) {
        // A path that exists, asked with another method (PUT /status): 405 and what it takes.
        // (The home page's catch-all '/' answers any path's GET with a 404 page: it makes no
        // other path exist.)
        const real = at.filter((r) => r.path !== '/' || path === '/');
        const allowed: string[] = [...new Set(real.map((r) => r.method))];
        if (allowed.includes('GET')) allowed.push('HEAD');
        if (allowed.length > 0)
          res
            .writeHead(405, { ...PLAIN, allow: allowed.join(', ') })
            .end(`method not allowed: ${allowed.join(', ')}\n`);
        else res.writeHead(404, PLAIN).end('not found\n');
        return;
      }
      Promise.resolve()
        .then(() => route.handler(req, res))
        .catch((err: Error) => {
          opts.onError?.(err);
          if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
          res.end();
        });
    },
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Requires `Authorization: Bearer <token>` (compared in constant time) before `handler` runs. */
export function withBearerToken(token: string, handler: Handler): Handler {
  const want = Buffer.from(`Bearer ${token}`);
  return (req, res) => {
    const got = Buffer.from(req.headers.authorization ?? '');
    if (got.length !== want.length || !timingSafeEqual(got, want)) {
      res
        .writeHead(401, { 'www-authenticate': 'Bearer', 'content-type': 'text/plain' })
        .end('unauthorized\n');
      return;
    }
    return handler(req, res);
  };
}

/** Slack signs a timestamp; Bolt refuses old ones but accepts any in the future. */
export const SLACK_CLOCK_SKEW_S = 300;

/** Slack's payloads are small (a message is at most 40,000 characters): larger bodies are refused. */
export const SLACK_BODY_LIMIT = 1024 * 1024;

/** A request body must arrive whole within this long, whatever Node's own checks do. */
export const BODY_READ_MS = 10_000;

/** Reads a body of at most `limit` bytes within BODY_READ_MS. */
export async function readBody(
  req: IncomingMessage,
  limit: number,
): Promise<Buffer | 'too-large' | 'too-slow'> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (r: Buffer | 'too-large' | 'too-slow') => {
      clearTimeout(timer);
      req.removeAllListeners('data');
      resolve(r);
    };
    const timer = setTimeout(() => done('too-slow'), BODY_READ_MS);
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) done('too-large');
      else chunks.push(chunk);
    });
    req.once('end', () => done(Buffer.concat(chunks)));
    req.once('error', () => done('too-slow'));
  });
}

/**
 * Refuses a Slack request whose timestamp is missing or more than five minutes away from now in
 * either direction (a request signed for the future could be replayed for as long as it likes),
 * reads its body (bounded) and refuses JSON that is not an object (Bolt's receiver dies on a
 * signed `null`), then hands Bolt the same bytes; Bolt checks the signature. A request Bolt has
 * not answered within its ack window plus a margin is answered 500 rather than left hanging.
 */
export function slackEventsHandler(bolt: Handler, now: () => number = Date.now): Handler {
  return async (req, res) => {
    const raw = req.headers['x-slack-request-timestamp'];
    const ts = typeof raw === 'string' && /^\d{1,12}$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isFinite(ts) || Math.abs(now() / 1000 - ts) > SLACK_CLOCK_SKEW_S) {
      // Closing the connection: an unread body cannot keep the socket.
      res
        .writeHead(401, { 'content-type': 'text/plain', connection: 'close' })
        .end('stale or missing request timestamp\n');
      return;
    }
    const body = await readBody(req, SLACK_BODY_LIMIT);
    if (body === 'too-large' || body === 'too-slow') {
      // Nothing more is read from this client: answer, then cut the socket.
      res.writeHead(body === 'too-large' ? 413 : 408, { connection: 'close' });
      res.end(() => req.socket.destroy());
      return;
    }
    if (/json/i.test(req.headers['content-type'] ?? '')) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(body.toString('utf8'));
      } catch {
        parsed = undefined;
      }
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
        res
          .writeHead(400, { 'content-type': 'text/plain' })
          .end('the body must be a JSON object\n');
        return;
      }
    }
    const replay = Object.assign(Readable.from([body]), {
      headers: req.headers,
      method: req.method,
      url: req.url,
      socket: req.socket,
      httpVersion: req.httpVersion,
    }) as unknown as IncomingMessage;
    const timer = setTimeout(() => {
      if (!res.writableEnded) {
        if (!res.headersSent) res.writeHead(500);
        res.end();
      }
    }, 10_000);
    res.once('close', () => clearTimeout(timer));
    return bolt(replay, res);
  };
}
