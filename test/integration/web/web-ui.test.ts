import { advance } from '../../../src/alerts/health-state';
import { CheckRecord } from '../../../src/alerts/health-records';
import { Triage } from '../../../src/core/triage';
import { RunningServer, serveHttp } from '../../../src/apps/http-server';
import { webRoutes } from '../../../src/apps/web-routes';
import { TRIAGE_TEXT_CHARS } from '../../../src/web/triage-pages';
import { MemoryHealthStore } from '../../../src/state/memory-health-store';
import { BrokerConfig } from '../../../src/probe/brokers';
import { brokerConfig } from '../../helpers/broker-config';
import { smallKb } from '../../helpers/small-kb';

// What an attacker controls: a paste, a query, a path, and what a broker says about itself (a TLS
// subject, a reason string) that ends up in a check's reason. An admin's typo can do the rest.
const SCRIPT = '<script>alert(1)</script>';
const IMG = '"><img src=x onerror=alert(2)>';
const HOSTILE = `${SCRIPT}${IMG}'\u202e`;
const PASSWORD = 'hunter2-S3CRET';

const health = {
  everyMs: 60_000,
  channel: null,
  failAfter: 1,
  recoverAfter: 1,
  steps: ['dns', 'tcp', 'tls'] as const,
  latencyMs: null,
  certDays: 14,
};

function hostileBroker(): BrokerConfig {
  return brokerConfig(HOSTILE, 8883, {
    username: 'alice',
    password: PASSWORD,
    passwordEnv: 'PLANT_PW',
    health: { ...health, steps: [...health.steps] },
  });
}

let server: RunningServer;
let base: string;
const store = new MemoryHealthStore();
const T0 = Date.now() - 3600_000;

async function fill(): Promise<void> {
  const b = hostileBroker();
  const check = (t: number, outcome: CheckRecord['outcome']): CheckRecord => ({
    t,
    outcome,
    ms: 12.5,
    reason: `tls: certificate subject CN=${HOSTILE}, seen at mqtt://alice:${PASSWORD}@broker:8883`,
    certDays: 3,
    steps: [{ name: HOSTILE, ms: 3, ok: outcome !== 'fail' }],
    kbIds: [HOSTILE, 't/not-authorized'],
  });
  for (const [i, outcome] of (['ok', 'fail', 'ok'] as const).entries()) {
    const c = check(T0 + i * 600_000, outcome);
    await store.record(b.name, c, (h) =>
      advance(h, outcome, c.t, health, { count: 9, windowMs: 1 }),
    );
  }
}

async function get(
  path: string,
  init: RequestInit = {},
): Promise<{ status: number; body: string; type: string }> {
  const res = await fetch(`${base}${path}`, { redirect: 'manual', ...init });
  return {
    status: res.status,
    body: await res.text(),
    type: res.headers.get('content-type') ?? '',
  };
}

beforeAll(async () => {
  await fill();
  server = await serveHttp({
    port: 0,
    routes: webRoutes({
      triage: new Triage(smallKb()),
      brokers: [hostileBroker(), brokerConfig('quiet', 1883)],
      health: store,
      token: null,
      triagePerMinute: 1000,
    }),
  });
  base = `http://127.0.0.1:${server.port}`;
});
afterAll(async () => {
  await server.close();
});

/** No markup of the attacker's survives, and no password, whatever the page. */
function inert(path: string, body: string): void {
  if (body.includes(PASSWORD)) throw new Error(`${path} shows the password`);
  expect(body).not.toContain('<script');
  expect(body).not.toMatch(/<img src=x/);
  expect(body).not.toContain('\u202e');
  expect(body).not.toContain(PASSWORD);
  expect(body).not.toMatch(/alice:(?!\*\*\*\*@)/);
}

describe('the web UI on hostile input', () => {
  it('escapes HTML and script in every field of every page, and never shows a password', async () => {
    const enc = encodeURIComponent(HOSTILE);
    const pages = [
      '/',
      '/status',
      `/status/${enc}`,
      '/api/status',
      `/api/status/${enc}`,
      `/badge/${enc}.svg`,
      '/kb',
      `/kb?q=${enc}`,
      `/kb/${enc}`,
      `/status/${enc}x`,
      `/triage?text=${enc}`,
      `/triage?text=${encodeURIComponent(`mqtt://alice:${PASSWORD}@broker:1883 ${HOSTILE} 0x87`)}`,
      `/${enc}`,
    ];
    for (const path of pages) {
      const r = await get(path);
      expect([200, 404]).toContain(r.status);
      inert(path, r.body);
    }
    const posted = await get('/triage', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        text: `Client ${HOSTILE} disconnected, not authorised. password=${PASSWORD}`,
      }).toString(),
    });
    expect(posted.status).toBe(200);
    inert('POST /triage', posted.body);
    expect(posted.body).toContain('&lt;script&gt;');
    expect(posted.body).toContain('Title of t/not-authorized');
  });

  it('takes a full textarea of any characters, and explains a body past that on a page', async () => {
    // The form's whole maxlength of non-ASCII text: URL-encoded it is several times as large.
    const full = `Connection Refused: not authorised ${'€—ü'.repeat(TRIAGE_TEXT_CHARS / 3 - 20)}`;
    const form = (text: string) => ({
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ text }).toString(),
    });
    const ok = await get('/triage', form(full.slice(0, TRIAGE_TEXT_CHARS)));
    expect(ok.status).toBe(200);
    expect(ok.body).toContain('Title of t/not-authorized');
    // The textarea sets no maxlength: a browser would keep a long log's start and drop its end,
    // where the newest lines and the error are. A 700 KB log is answered from its last line.
    const home = await get('/');
    expect(home.body).toMatch(/<textarea[^>]*name="text"/);
    expect(home.body).not.toMatch(/<textarea[^>]*maxlength/);
    const lines = Array.from(
      { length: 7000 },
      (_, i) =>
        `17000${String(i).padStart(5, '0')}: Received PUBLISH from plc-${i % 9} (d0, q0, r0, m0, 'plant/line/${i}', ... (42 bytes))`,
    );
    lines.push('1700099999: Client plc-4 disconnected, not authorised.');
    const big = lines.join('\n');
    expect(big.length).toBeGreaterThan(TRIAGE_TEXT_CHARS);
    const newest = await get('/triage', form(big));
    expect(newest.status).toBe(200);
    expect(newest.body).toContain('Title of t/not-authorized');
    const tooLarge = await get('/triage', form('€'.repeat(TRIAGE_TEXT_CHARS * 2)));
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.type).toContain('text/html');
    expect(tooLarge.body).toContain('Paste too large');
    expect(tooLarge.body).toContain('mqtt-why &lt; broker.log');
  });

  it('shows the hostile broker escaped, with its incidents and the KB entry linked', async () => {
    const r = await get(`/status/${encodeURIComponent(HOSTILE)}`);
    expect(r.status).toBe(200);
    expect(r.type).toContain('text/html');
    expect(r.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(r.body).toContain('href="/kb/t/not-authorized"');
    expect(r.body).toContain('class="state s-UP"');
    expect(r.body).toContain('Failing step');
    const json = JSON.parse((await get('/api/status')).body) as {
      brokers: { name: string; state: string; url: string }[];
    };
    expect(json.brokers.map((b) => b.name)).toEqual([HOSTILE]);
    expect(json.brokers[0]!.url).toBe('mqtt://127.0.0.1:8883');
  });

  it('answers HEAD as GET without a body, and another method with 405 and what the path takes', async () => {
    const head = await fetch(`${base}/status`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toContain('text/html');
    expect(await head.text()).toBe('');
    for (const method of ['PUT', 'DELETE', 'PATCH']) {
      const res = await fetch(`${base}/status`, { method });
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe('GET, HEAD');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
    expect((await fetch(`${base}/triage`, { method: 'PUT' })).headers.get('allow')).toBe(
      'GET, POST, HEAD',
    );
  });

  it('answers 404 for an unknown broker, entry or badge, and sends a policy that forbids scripts', async () => {
    expect((await get('/status/nobody')).status).toBe(404);
    expect((await get('/api/status/nobody')).status).toBe(404);
    expect((await get('/kb/nowhere/nothing')).status).toBe(404);
    expect((await get('/badge/nobody.svg')).status).toBe(404);
    const res = await fetch(`${base}/kb`);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('content-security-policy')).not.toContain('script-src');
  });

  it('serves its icon, a skip link, and status pages whose reloading can be turned off', async () => {
    for (const icon of ['/favicon.ico', '/favicon.svg']) {
      const r = await get(icon);
      expect([r.status, r.type]).toEqual([200, expect.stringContaining('image/svg+xml')]);
    }
    const on = await get('/status');
    expect(on.body).toContain('<a class="skip" href="#main">');
    expect(on.body).toMatch(/<meta http-equiv="refresh"/);
    expect(on.body).toContain('href="?refresh=off"');
    const off = await get('/status?refresh=off');
    expect(off.body).not.toMatch(/<meta http-equiv="refresh"/);
    expect(off.body).toContain('not reloading');
  });
});

describe('WEB_TOKEN', () => {
  let guarded: RunningServer;
  const token = 'a-web-token-of-24-chars!';
  beforeAll(async () => {
    guarded = await serveHttp({
      port: 0,
      routes: webRoutes({
        triage: new Triage(smallKb()),
        brokers: [],
        health: null,
        token,
        triagePerMinute: 1000,
      }),
    });
  });
  afterAll(async () => {
    await guarded.close();
  });

  it('is asked for with a browser prompt, and taken as Bearer or as the Basic password', async () => {
    const url = `http://127.0.0.1:${guarded.port}`;
    const none = await fetch(`${url}/kb`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Basic realm="mqtt-why"/);
    expect(
      (await fetch(`${url}/status`, { headers: { authorization: 'Bearer wrong' } })).status,
    ).toBe(401);
    expect(
      (await fetch(`${url}/status`, { headers: { authorization: `Bearer ${token}` } })).status,
    ).toBe(200);
    const basic = Buffer.from(`anyone:${token}`).toString('base64');
    expect(
      (await fetch(`${url}/kb`, { headers: { authorization: `Basic ${basic}` } })).status,
    ).toBe(200);
    const wrong = Buffer.from(`anyone:${token}x`).toString('base64');
    expect(
      (await fetch(`${url}/kb`, { headers: { authorization: `Basic ${wrong}` } })).status,
    ).toBe(401);
  });
});

describe('LIMIT_WEB_TRIAGE_PER_MINUTE', () => {
  let limited: RunningServer;
  // 10 s before a minute ends: the third request in it is told to come back in 10 s.
  const clock = { t: Math.floor(Date.now() / 60_000) * 60_000 + 50_000 };
  beforeAll(async () => {
    limited = await serveHttp({
      port: 0,
      routes: webRoutes({
        triage: new Triage(smallKb()),
        brokers: [],
        health: null,
        token: null,
        triagePerMinute: 2,
        now: () => clock.t,
      }),
    });
  });
  afterAll(async () => {
    await limited.close();
  });

  it('refuses a client address past its triage requests for the minute, GET or POST, until the next', async () => {
    const url = `http://127.0.0.1:${limited.port}`;
    const post = (body = 'text=0x87') =>
      fetch(`${url}/triage`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
      });
    expect((await post()).status).toBe(200);
    expect((await fetch(`${url}/triage?text=0x87`)).status).toBe(200);
    const refused = await post('text=0x87+mqtt%3A%2F%2Fu%3ASecr3tPw%40h');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('10');
    const body = await refused.text();
    expect(body).toMatch(/more than 2 times this minute/);
    // Not answered, but the paste is kept in the box to send again, redacted.
    expect(body).not.toContain('Title of t/not-authorized');
    expect(body).toMatch(/<textarea[^>]*>\s*0x87 mqtt:\/\/u:\*\*\*\*@h<\/textarea>/);
    expect(body).not.toContain('Secr3tPw');
    // Pages other than triage are not counted; the next minute starts afresh.
    expect((await fetch(`${url}/kb`)).status).toBe(200);
    clock.t += 10_000;
    expect((await post()).status).toBe(200);
  });
});
