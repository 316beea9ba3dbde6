/**
 * The web UI in a real browser: Debian's Chromium driven by playwright-core, against a running
 * bot (the console app, headless, with Redis and BullMQ) whose history is real: a Mosquitto that
 * goes down and comes back, one that is never there, and one behind TLS. JavaScript is off in
 * every page: the UI must not need it.
 */
import { promises as fs } from 'fs';
import path from 'path';
import os from 'os';
import { randomUUID } from 'crypto';
import { PassThrough } from 'stream';
import { Browser, BrowserContext, Page, chromium } from 'playwright-core';
import { readBotConfig } from '../../../src/config';
import { Triage } from '../../../src/core/triage';
import { loadKnowledgeBase } from '../../../src/kb/load';
import { createLogger } from '../../../src/log';
import { RunningConsoleBot, startConsoleBot } from '../../../src/apps/console-app';
import { BrokerConfig, HealthSettings } from '../../../src/probe/brokers';
import { REDIS_URL, deleteKeys } from '../../helpers/bot-harness';
import { brokerConfig, endpointOf } from '../../helpers/broker-config';
import { RunningBroker, TestPki, freePort, makePki, startMosquitto } from '../../helpers/brokers';

const CHROMIUM = '/usr/bin/chromium';
/** The flags this machine's Chromium needs (no sandbox as root, no background network calls). */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** Set SCREENSHOTS_DIR=docs/screenshots to refresh the README's pictures; tests save to a temp dir anyway. */
const SHOTS_EXTRA = process.env.SCREENSHOTS_DIR ?? null;
const README_SHOTS = ['status.png', 'broker.png', 'triage.png'];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const health = (everyMs: number): HealthSettings => ({
  everyMs,
  channel: null,
  failAfter: 2,
  recoverAfter: 2,
  steps: ['dns', 'tcp', 'tls', 'connect'],
  latencyMs: null,
  certDays: 14,
});

let bot: RunningConsoleBot;
let base: string;
let browser: Browser;
let shots: string;
let flaky: RunningBroker;
let tls: RunningBroker;
let pki: TestPki;
let flakyPort: number;
const prefix = `test-${randomUUID()}:`;

async function state(name: string): Promise<string> {
  const r = await fetch(`${base}/api/status/${name}`);
  return ((await r.json()) as { state: string }).state;
}

async function until(name: string, wanted: string, ms = 15_000): Promise<void> {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(100))
    if ((await state(name)) === wanted) return;
  throw new Error(`${name} never became ${wanted}`);
}

async function shoot(page: Page, name: string): Promise<string> {
  const file = path.join(shots, name);
  await page.screenshot({ path: file, fullPage: true });
  if (SHOTS_EXTRA && README_SHOTS.includes(name))
    await fs.copyFile(file, path.join(SHOTS_EXTRA, name));
  return file;
}

let kbIds: string[] = [];
beforeAll(async () => {
  shots = await fs.mkdtemp(path.join(os.tmpdir(), 'mqtt-why-shots-'));
  pki = await makePki();
  flakyPort = await freePort();
  flaky = await startMosquitto(['allow_anonymous true'], {}, flakyPort);
  tls = await startMosquitto([
    'allow_anonymous true',
    `cafile ${pki.ca}`,
    `certfile ${pki.serverCert}`,
    `keyfile ${pki.serverKey}`,
  ]);
  const kb = await loadKnowledgeBase(path.join(__dirname, '../../../kb'));
  if (!kb.ok) throw new Error('the KB does not load');
  kbIds = kb.kb.entries.map((e) => e.id);
  const brokers: BrokerConfig[] = [
    brokerConfig('plant-a', flakyPort, { health: health(250) }),
    brokerConfig('lab-b', await freePort(), { health: health(400) }),
    {
      ...brokerConfig('plant-tls', tls.port, { health: health(300) }),
      endpoint: endpointOf(`mqtts://localhost:${tls.port}`),
      tls: { ca: pki.ca, cert: null, key: null, insecure: false },
    },
    brokerConfig('spare', 1),
  ];
  const read = readBotConfig({
    PORT: '0',
    REDIS_URL,
    REDIS_PREFIX: prefix,
    PROBE_TIMEOUT_MS: '1000',
    CONSOLE: 'off',
  });
  if (!read.ok || read.config.mode.kind !== 'console') throw new Error(JSON.stringify(read));
  bot = await startConsoleBot(
    { ...read.config, mode: read.config.mode },
    { triage: new Triage(kb.kb), brokers: { brokers, allowHosts: [] } },
    {
      input: new PassThrough(),
      output: new PassThrough(),
      notes: new PassThrough(),
      colour: false,
    },
    createLogger('silent'),
  );
  base = `http://127.0.0.1:${bot.port}`;
  // Real history: a few good checks, an outage, a recovery, good checks again.
  await until('plant-a', 'UP');
  await sleep(2500);
  await flaky.stop();
  await until('plant-a', 'DOWN');
  await sleep(1500);
  flaky = await startMosquitto(['allow_anonymous true'], {}, flakyPort);
  await until('plant-a', 'UP');
  await until('lab-b', 'DOWN');
  await until('plant-tls', 'UP');
  await sleep(2500);

  // Playwright starts Chromium with a fresh temporary --user-data-dir of its own (it refuses one
  // in args: that is launchPersistentContext's job) and removes it on close.
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await bot?.stop();
  await flaky?.stop().catch(() => undefined);
  await tls?.stop().catch(() => undefined);
  await deleteKeys(prefix);
  await fs.rm(pki.dir, { recursive: true, force: true }).catch(() => undefined);
}, 30_000);

/** A context with JavaScript off: everything must work without it. */
async function context(opts: { dark?: boolean; phone?: boolean } = {}): Promise<BrowserContext> {
  return browser.newContext({
    javaScriptEnabled: false,
    colorScheme: opts.dark ? 'dark' : 'light',
    viewport: opts.phone ? { width: 390, height: 844 } : { width: 1280, height: 900 },
    ...(opts.phone ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
  });
}

describe('the web UI in Chromium, JavaScript off', () => {
  it('/status lists every checked broker with its state, uptime, latency, certificate and chart', async () => {
    const ctx = await context();
    const page = await ctx.newPage();
    const res = await page.goto(`${base}/status`);
    expect(res?.status()).toBe(200);
    await expect(page.locator('h1').textContent()).resolves.toBe('Broker status');
    const rows = page.locator('tbody tr');
    await expect(rows.count()).resolves.toBe(3);
    const row = (name: string) => page.locator('tbody tr', { hasText: name });
    await expect(row('plant-a').locator('.state').textContent()).resolves.toBe('UP');
    await expect(row('lab-b').locator('.state').textContent()).resolves.toBe('DOWN');
    await expect(row('plant-tls').locator('.state').textContent()).resolves.toBe('UP');
    expect(await row('plant-tls').textContent()).toMatch(/\b(29|30) d\b/);
    const uptime = (await row('plant-a').locator('td.num').first().textContent()) ?? '';
    // With how many checks it rests on, and the broker that is DOWN listed first.
    expect(uptime).toMatch(/^\d{2}\.\d\d%of \d+ checks$/);
    await expect(rows.first().locator('.state').textContent()).resolves.toBe('DOWN');
    // Above the table, a DOWN broker says why and links the entry that explains it.
    const why = page.locator('ul.attention li', { hasText: 'lab-b' });
    expect(await why.textContent()).toMatch(/tcp: .*connection refused/);
    await expect(why.locator('a[href^="/kb/communication/"]').count()).resolves.toBe(1);
    await expect(page.locator('ul.attention li', { hasText: 'plant-a' }).count()).resolves.toBe(0);
    await expect(row('plant-a').locator('svg[role=img]').count()).resolves.toBe(1);
    await expect(
      page.locator('text=Configured without health checks: spare.').count(),
    ).resolves.toBe(1);
    const file = await shoot(page, 'status.png');
    expect((await fs.stat(file)).size).toBeGreaterThan(10_000);
    await ctx.close();
  });

  it('follows a broker to its page: latency chart, uptime bars, steps, and the outage with its KB entry, linked', async () => {
    const ctx = await context();
    const page = await ctx.newPage();
    await page.goto(`${base}/status`);
    await page.click('a:has-text("plant-a")');
    expect(page.url()).toBe(`${base}/status/plant-a`);
    await expect(page.locator('h1').textContent()).resolves.toContain('plant-a');
    const chart = page.locator('svg[aria-label^="Latency of plant-a"]');
    await expect(chart.count()).resolves.toBe(1);
    await expect(chart.locator('polyline').count()).resolves.toBeGreaterThan(0);
    // The failed checks of the outage are drawn as red columns.
    await expect(chart.locator('rect.down').count()).resolves.toBeGreaterThan(0);
    await expect(
      page.locator('svg[aria-label^="Uptime of plant-a per day"] rect').count(),
    ).resolves.toBe(30);
    await expect(page.locator('table td:text-is("tcp")').count()).resolves.toBe(1);
    const incidents = page.locator('ol.timeline li');
    const down = incidents.filter({ has: page.locator('.s-DOWN') }).first();
    expect(await down.textContent()).toMatch(/Failing step: tcp/);
    expect(await incidents.first().locator('.state').textContent()).toBe('UP');
    expect(await incidents.first().textContent()).toMatch(/ongoing/);
    expect(await down.textContent()).toMatch(/lasted/);
    await shoot(page, 'broker.png');
    const entry = down.locator('a').first();
    const title = (await entry.textContent()) ?? '';
    expect(title.length).toBeGreaterThan(10);
    await entry.click();
    expect(page.url()).toMatch(new RegExp(`^${base}/kb/communication/`));
    await expect(page.locator('h1').textContent()).resolves.toBe(title);
    await expect(page.locator('h2#root-cause').count()).resolves.toBe(1);
    await ctx.close();
  });

  it('reads well in dark mode and on a phone', async () => {
    const dark = await context({ dark: true });
    const page = await dark.newPage();
    await page.goto(`${base}/status/plant-a`);
    // Run in the page (these tests compile without the DOM's types, hence the string).
    const bg = await page.evaluate('getComputedStyle(document.body).backgroundColor');
    expect(bg).toBe('rgb(13, 17, 23)');
    // The state pills are bright in the dark: their text is dark, not white (4.5:1 and more).
    const pill = await page.evaluate('getComputedStyle(document.querySelector(".state")).color');
    expect(pill).toBe('rgb(13, 17, 23)');
    await shoot(page, 'broker-dark.png');
    // A broker with no good check says so over its red columns in the text colour, not in grey
    // (3.4:1 light, 4.0:1 dark on the translucent red: under 4.5:1).
    await page.goto(`${base}/status/lab-b`);
    const note = await page.evaluate(
      'getComputedStyle(document.querySelector("svg text.note")).fill',
    );
    expect(note).toBe(await page.evaluate('getComputedStyle(document.body).color'));
    await dark.close();
    const phone = await context({ phone: true });
    const small = await phone.newPage();
    await small.goto(`${base}/status`);
    const overflow = await small.evaluate(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await shoot(small, 'status-phone.png');
    // A broker's charts keep a readable size on a phone, scrolling in their own box.
    await small.goto(`${base}/status/plant-a`);
    const chartWidth = await small.evaluate(
      'document.querySelector(".chart-box svg.chart").getBoundingClientRect().width',
    );
    expect(Number(chartWidth)).toBeGreaterThanOrEqual(500);
    expect(
      Number(
        await small.evaluate(
          'document.documentElement.scrollWidth - document.documentElement.clientWidth',
        ),
      ),
    ).toBeLessThanOrEqual(0);
    // Every entry page too: long URLs in the references wrap instead of widening the page.
    // (Sixty-odd page loads: hence this test's longer budget on a loaded machine.)
    const wide: string[] = [];
    for (const id of kbIds) {
      await small.goto(`${base}/kb/${id}`);
      const over = await small.evaluate(
        'document.documentElement.scrollWidth - document.documentElement.clientWidth',
      );
      if (Number(over) > 0) wide.push(`${id} (${String(over)} px)`);
    }
    expect(wide).toEqual([]);
    // The index too: no column left half hidden in a box that scrolls sideways.
    await small.goto(`${base}/kb`);
    const hidden = await small.evaluate(
      'document.querySelector("main .scroll").scrollWidth - document.querySelector("main .scroll").clientWidth',
    );
    expect(Number(hidden)).toBeLessThanOrEqual(0);
    await phone.close();
  }, 120_000);

  it('triages a paste from the box on / and leads to the whole entry', async () => {
    const ctx = await context();
    const page = await ctx.newPage();
    await page.goto(base);
    await page.fill(
      'textarea[name=text]',
      '1700000377: Client sensor-377 already connected, closing old connection.',
    );
    await page.click('input[type=submit]');
    expect(page.url()).toBe(`${base}/triage`);
    const card = page.locator('article.card');
    expect(await card.locator('h2').textContent()).toMatch(/^Session taken over/);
    expect(await page.title()).toMatch(/^Session taken over.* · Triage · mqtt-why$/);
    expect(await card.textContent()).toMatch(/Why this entry: line 1/);
    await expect(card.locator('h3:text-is("Try first") + ol > li').count()).resolves.toBe(2);
    await shoot(page, 'triage.png');
    await page.click('a:has-text("Full entry")');
    expect(page.url()).toBe(`${base}/kb/communication/mqtt-session-taken-over`);
    await expect(page.locator('h2#dead-ends').count()).resolves.toBe(1);
    await page.goto(`${base}/triage?text=${encodeURIComponent('CONNACK 134')}`);
    expect(await page.locator('article.card h2').textContent()).toMatch(/user name or password/i);
    // A sure answer shows its explanation; an unsure one says so, lists every candidate and
    // folds the explanation away until asked (a reviewer took a 0.27 guess for an answer).
    await expect(page.locator('article.card h3:text-is("Root cause")').isVisible()).resolves.toBe(
      true,
    );
    await expect(page.locator('.pill-unsure').count()).resolves.toBe(0);
    await page.goto(`${base}/triage?text=timeout`);
    const unsure = page.locator('article.card.unsure');
    await expect(unsure.locator('.pill-unsure').textContent()).resolves.toBe('Unsure');
    await expect(unsure.locator('h3:text-is("Root cause")').isVisible()).resolves.toBe(false);
    expect(await unsure.locator('ul > li > a').count()).toBeGreaterThanOrEqual(2);
    await unsure.locator('summary').click();
    await expect(unsure.locator('h3:text-is("Root cause")').isVisible()).resolves.toBe(true);
    // Other entries named in the card's prose are links, as on the entry's own page.
    await page.goto(
      `${base}/triage?text=${encodeURIComponent('1700000101: Client <unknown> disconnected due to protocol error.')}`,
    );
    await expect(
      page.locator('article.card a[href="/kb/communication/mqtt-tls-port-mismatch"]').count(),
    ).resolves.toBeGreaterThan(0);
    await ctx.close();
  });

  it('serves the badge and finds entries in the knowledge base', async () => {
    const ctx = await context();
    const page = await ctx.newPage();
    const badge = await page.goto(`${base}/badge/lab-b.svg`);
    expect(badge?.headers()['content-type']).toContain('image/svg+xml');
    expect(await badge?.text()).toContain('>DOWN<');
    await page.goto(`${base}/kb?q=banned`);
    const results = page.locator('tbody tr');
    expect(await results.count()).toBeGreaterThan(0);
    expect(await results.first().textContent()).toMatch(/ban/i);
    const missing = await page.goto(`${base}/status/nobody`);
    expect(missing?.status()).toBe(404);
    // Words in a title rank first; no match says what to try; a mistyped id is suggested.
    await page.goto(`${base}/kb?q=keepalive`);
    expect(await page.locator('tbody tr').first().textContent()).toMatch(/keep-?alive/i);
    await page.goto(`${base}/kb?q=${encodeURIComponent('zzz qqq')}`);
    await expect(page.locator('table').count()).resolves.toBe(0);
    expect(await page.locator('main').textContent()).toMatch(
      /No entry has every one of these words/,
    );
    const typo = await page.goto(`${base}/kb/mqtt-baned`);
    expect(typo?.status()).toBe(404);
    expect(await page.locator('main a').first().textContent()).toBe('communication/mqtt-banned');
    // A paste of white space only is told so, not sent back to an empty box.
    await page.goto(base);
    await page.fill('textarea[name=text]', '   ');
    await page.click('input[type=submit]');
    expect(await page.locator('main').textContent()).toMatch(/Nothing to read/);
    await ctx.close();
  });
});
