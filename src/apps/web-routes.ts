/**
 * The web UI's routes on the bot's public port, in every mode: `/` and `/triage` (triage as a
 * page), `/status`, `/status/<name>`, `/api/status`, `/badge/<name>.svg`, `/kb`, `/kb/<id>`.
 * Pages are rendered on the server (src/web) with no script, and sent with a policy that would
 * refuse to run one anyway. With WEB_TOKEN set, every route here needs it.
 */
import { IncomingMessage, ServerResponse } from 'http';
import { timingSafeEqual } from 'crypto';
import { HealthRecords } from '../alerts/health-records';
import { allReports, brokerReport } from '../alerts/status-report';
import { Triage } from '../core/triage';
import { redactSecrets } from '../common/redact';
import { closestWord } from '../common/edit-distance';
import { KnowledgeBase } from '../kb/load';
import { entryPath } from '../render/links';
import { BrokerConfig } from '../probe/brokers';
import { Handler, HttpRoute, readBody } from './http-server';
import { LocalRateLimiter } from '../state/rate-limit';
import { Html, html } from '../web/html';
import { FAVICON_SVG, page } from '../web/layout';
import { badge } from '../web/badge';
import { brokerPage, statusPage } from '../web/status-pages';
import { brokerJson, statusJson } from '../web/status-json';
import { kbEntryPage, kbIndexPage } from '../web/kb-pages';
import { TRIAGE_TEXT_CHARS, homePage, triageForm, triagePage } from '../web/triage-pages';

export interface WebDeps {
  triage: Triage;
  brokers: BrokerConfig[];
  /** Health records, or null when nothing keeps them (no broker is health-checked). */
  health: HealthRecords | null;
  /** WEB_TOKEN: Bearer token, or the password of Basic auth (what a browser can send unscripted). */
  token: string | null;
  /** Triage requests per client address per minute (LIMIT_WEB_TRIAGE_PER_MINUTE). */
  triagePerMinute: number;
  now?: () => number;
}

/**
 * The form's body: its text field URL-encoded, where a character can take up to 9 bytes
 * (`%E2%80%94`), so a full textarea always fits.
 */
export const TRIAGE_BODY_LIMIT = 9 * TRIAGE_TEXT_CHARS + 1024;
// A refusal keeps a paste for sending again only when it is short: a refusal must stay cheap.
const KEPT_ON_REFUSAL = 64 * 1024;

/** Nothing on these pages runs script or loads from elsewhere: the policy says so to the browser. */
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, {
    'content-type': type,
    'cache-control': 'no-store',
    ...SECURITY_HEADERS,
  });
  res.end(body);
}

const sendHtml = (res: ServerResponse, status: number, body: Html) =>
  send(res, status, 'text/html; charset=utf-8', body.value);

/**
 * JSON with `<`, `>`, `&` and invisible direction marks written as \u escapes: the same values,
 * but nothing in it can read as markup if someone ever pastes it into a page.
 */
export function safeJson(body: object): string {
  return JSON.stringify(body, null, 2).replace(
    /[<>&\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

const sendJson = (res: ServerResponse, status: number, body: object) =>
  send(res, status, 'application/json; charset=utf-8', safeJson(body));

function notFound(res: ServerResponse, what: Html): void {
  sendHtml(
    res,
    404,
    page({
      title: 'Not found',
      body: html`<h1>Not found</h1>
        <p>${what}</p>
        <p><a href="/">Home</a></p>`,
    }),
  );
}

/** The request's URL, or null for one that does not parse. */
function urlOf(req: IncomingMessage): URL | null {
  try {
    return new URL(req.url ?? '/', 'http://localhost');
  } catch {
    return null;
  }
}

/** The path below `prefix`, percent-decoded, or null when it is malformed. */
function below(url: URL, prefix: string): string | null {
  try {
    return decodeURIComponent(url.pathname.slice(prefix.length));
  } catch {
    return null;
  }
}

/** Bearer <token>, or Basic with <token> as password (any user name): compared in constant time. */
export function withWebToken(token: string, handler: Handler): Handler {
  const want = Buffer.from(token);
  const same = (got: string) => {
    const b = Buffer.from(got);
    return b.length === want.length && timingSafeEqual(b, want);
  };
  return (req, res) => {
    const auth = req.headers.authorization ?? '';
    let ok = false;
    if (auth.startsWith('Bearer ')) ok = same(auth.slice(7));
    else if (auth.startsWith('Basic ')) {
      const decoded = Buffer.from(auth.slice(6), 'base64').toString('utf8');
      ok = same(decoded.slice(decoded.indexOf(':') + 1));
    }
    if (!ok) {
      res.writeHead(401, {
        'www-authenticate': 'Basic realm="mqtt-why", charset="UTF-8"',
        'content-type': 'text/plain; charset=utf-8',
        ...SECURITY_HEADERS,
      });
      res.end('This mqtt-why needs its WEB_TOKEN: any user name, the token as password.\n');
      return;
    }
    return handler(req, res);
  };
}

export function webRoutes(deps: WebDeps): HttpRoute[] {
  const now = deps.now ?? Date.now;
  const kb = deps.triage.kb;
  const checked = deps.brokers.filter((b) => b.health);
  const unchecked = deps.brokers.filter((b) => !b.health).map((b) => b.name);

  const reports = async (): ReturnType<typeof allReports> =>
    deps.health ? allReports(deps.health, checked, now()) : { ok: true, reports: [] };

  const home: Handler = async (req, res) => {
    const url = urlOf(req);
    if (url?.pathname !== '/') return notFound(res, html`No page here.`);
    const r = await reports();
    sendHtml(res, 200, homePage({ reports: r.ok ? r.reports : null, entries: kb.entries.length }));
  };

  // Triage runs on this process's CPU, so this process counts, per client address: the socket's,
  // never a forwarded-for header a client could write itself.
  const limiter = new LocalRateLimiter();
  const answer = (req: IncomingMessage, res: ServerResponse, text: string) => {
    const at = now();
    const address = req.socket.remoteAddress ?? 'unknown';
    if (!limiter.allow(address, deps.triagePerMinute, 60, at)) {
      const wait = Math.ceil((60_000 - (at % 60_000)) / 1000);
      res.setHeader('retry-after', String(wait));
      return sendHtml(
        res,
        429,
        page({
          title: 'Too many requests',
          body: html`<h1>Too many triage requests</h1>
            <p>
              This address asked more than ${deps.triagePerMinute} times this minute
              (LIMIT_WEB_TRIAGE_PER_MINUTE). Try again in ${wait} s; the CLI (<code>mqtt-why</code>)
              has no limit.${text.length <= KEPT_ON_REFUSAL ? ' Your paste is kept below.' : ''}
            </p>
            ${text.length <= KEPT_ON_REFUSAL ? triageForm(redactSecrets(text)) : ''}
            <p><a href="/">Home</a></p>`,
        }),
      );
    }
    // Nothing asked (the bare /triage address): the box. Only white space: the page says why.
    if (text === '') {
      res.writeHead(303, { location: '/#triage' }).end();
      return;
    }
    // What is echoed back into the form is the redacted text: a pasted password is not shown again.
    sendHtml(res, 200, triagePage(deps.triage.triage(text), redactSecrets(text), kb));
  };

  const status: Handler = async (req, res) => {
    const r = await reports();
    sendHtml(
      res,
      200,
      statusPage(r.ok ? r.reports : [], {
        now: now(),
        unchecked,
        unavailable: r.ok ? null : r.reason,
        refresh: urlOf(req)?.searchParams.get('refresh') !== 'off',
        kb,
      }),
    );
  };

  /** One broker's report, or a 404 / 503 already sent. */
  const oneBroker = async (name: string | null, res: ServerResponse, json: boolean) => {
    const broker = name === null ? undefined : checked.find((b) => b.name === name);
    if (!broker || !deps.health) {
      if (json) sendJson(res, 404, { error: 'no health-checked broker by that name' });
      else
        notFound(
          res,
          html`No health-checked broker named “${name ?? ''}”. <a href="/status">All brokers</a>`,
        );
      return null;
    }
    const r = await brokerReport(deps.health, broker, now());
    if (!r.ok) {
      if (json) sendJson(res, 503, { error: r.reason });
      else
        sendHtml(
          res,
          503,
          page({
            title: 'Unavailable',
            body: html`<h1>Unavailable</h1>
              <p>${r.reason}.</p>`,
          }),
        );
      return null;
    }
    return r.report;
  };

  const favicon: Handler = (_req, res) => send(res, 200, 'image/svg+xml', FAVICON_SVG);
  const routes: HttpRoute[] = [
    { method: 'GET', path: '/status', handler: status },
    // Browsers ask for /favicon.ico whatever the page links: both names get the icon.
    { method: 'GET', path: '/favicon.svg', handler: favicon },
    { method: 'GET', path: '/favicon.ico', handler: favicon },
    {
      method: 'GET',
      path: '/status/',
      handler: async (req, res) => {
        const url = urlOf(req);
        const name = url ? below(url, '/status/') : null;
        if (name === '') return status(req, res);
        const report = await oneBroker(name, res, false);
        const refresh = url?.searchParams.get('refresh') !== 'off';
        if (report) sendHtml(res, 200, brokerPage(report, kb, now(), refresh));
      },
    },
    {
      method: 'GET',
      path: '/api/status',
      handler: async (_req, res) => {
        const r = await reports();
        if (!r.ok) return sendJson(res, 503, { error: r.reason });
        sendJson(res, 200, statusJson(r.reports, now()));
      },
    },
    {
      method: 'GET',
      path: '/api/status/',
      handler: async (req, res) => {
        const url = urlOf(req);
        const report = await oneBroker(url ? below(url, '/api/status/') : null, res, true);
        if (report) sendJson(res, 200, brokerJson(report, { checks: 100 }));
      },
    },
    {
      method: 'GET',
      path: '/badge/',
      handler: async (req, res) => {
        const url = urlOf(req);
        const file = url ? below(url, '/badge/') : null;
        const name = file?.endsWith('.svg') ? file.slice(0, -4) : null;
        const broker = checked.find((b) => b.name === name);
        if (!broker || !deps.health)
          return send(res, 404, 'text/plain; charset=utf-8', 'no such badge\n');
        const state = await deps.health.state(broker.name);
        send(
          res,
          200,
          'image/svg+xml; charset=utf-8',
          badge(broker.name, state.ok ? (state.value?.state ?? 'UNKNOWN') : 'UNKNOWN').value,
        );
      },
    },
    {
      method: 'GET',
      path: '/kb',
      handler: (req, res) =>
        sendHtml(
          res,
          200,
          kbIndexPage(kb, (urlOf(req)?.searchParams.get('q') ?? '').slice(0, 200)),
        ),
    },
    {
      method: 'GET',
      path: '/kb/',
      handler: (req, res) => {
        const url = urlOf(req);
        const id = url ? below(url, '/kb/') : null;
        if (id === '') return sendHtml(res, 200, kbIndexPage(kb, ''));
        const entry = id ? deps.triage.find(id) : null;
        if (!entry) {
          const near = id ? nearestEntryId(kb, id) : null;
          return notFound(
            res,
            html`No entry
              “${id ?? ''}”.${near ? html` Did you mean <a href="${entryPath(near)}">${near}</a>?` : ''}
              <a href="/kb">All entries</a>`,
          );
        }
        sendHtml(res, 200, kbEntryPage(entry, kb));
      },
    },
    {
      method: 'GET',
      path: '/triage',
      handler: (req, res) => answer(req, res, urlOf(req)?.searchParams.get('text') ?? ''),
    },
    {
      method: 'POST',
      path: '/triage',
      handler: async (req, res) => {
        const body = await readBody(req, TRIAGE_BODY_LIMIT);
        if (body === 'too-large' || body === 'too-slow') {
          // A page that says why, not the browser's bare error; then the rest is not read.
          res.setHeader('connection', 'close');
          sendHtml(
            res,
            body === 'too-large' ? 413 : 408,
            page({
              title: body === 'too-large' ? 'Paste too large' : 'Paste too slow',
              body: html`<h1>${body === 'too-large' ? 'Paste too large' : 'Paste too slow'}</h1>
                <p>
                  ${
                    body === 'too-large'
                      ? `The page takes pastes up to ${(TRIAGE_BODY_LIMIT / 1e6).toFixed(1)} MB as the browser sends them (at least ${TRIAGE_TEXT_CHARS.toLocaleString('en')} characters of any kind). Paste the end of the log (the newest lines), or pipe the whole file to the command line: mqtt-why < broker.log`
                      : 'The paste did not arrive in time. Try again, or pipe the log to the command line: mqtt-why < broker.log'
                  }
                </p>
                <p><a href="/">Back</a></p>`,
            }),
          );
          res.on('finish', () => req.socket.destroy());
          return;
        }
        answer(req, res, new URLSearchParams(body.toString('utf8')).get('text') ?? '');
      },
    },
    // Last: '/' as a prefix matches every path, so the others are tried first.
    { method: 'GET', path: '/', handler: home },
  ];
  return deps.token
    ? routes.map((r) => ({ ...r, handler: withWebToken(deps.token!, r.handler) }))
    : routes;
}

/** The entry id a mistyped one was meant to be: whole, or its last part (`mqtt-baned`). */
function nearestEntryId(kb: KnowledgeBase, typed: string): string | null {
  const lower = typed.toLowerCase().slice(0, 120);
  const byName = new Map(kb.entries.map((e) => [e.id.slice(e.id.lastIndexOf('/') + 1), e.id]));
  const whole = closestWord(
    lower,
    kb.entries.map((e) => e.id),
    3,
  );
  if (whole) return whole;
  const name = closestWord(lower.slice(lower.lastIndexOf('/') + 1), byName.keys(), 3);
  return name ? byName.get(name)! : null;
}
