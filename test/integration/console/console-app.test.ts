import { randomUUID } from 'crypto';
import net from 'net';
import { PassThrough } from 'stream';
import { readBotConfig } from '../../../src/config';
import { Triage } from '../../../src/core/triage';
import { createLogger } from '../../../src/log';
import { RunningConsoleBot, startConsoleBot } from '../../../src/apps/console-app';
import { BrokersFile } from '../../../src/probe/brokers';
import { REDIS_URL, deleteKeys } from '../../helpers/bot-harness';
import { brokerConfig } from '../../helpers/broker-config';
import { RunningBroker, freePort, startMosquitto } from '../../helpers/brokers';
import { smallKb } from '../../helpers/small-kb';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Session {
  bot: RunningConsoleBot;
  input: PassThrough;
  out: () => string;
  notes: () => string;
  say(line: string): void;
  until(what: RegExp | string, ms?: number): Promise<void>;
}

async function startConsole(env: Record<string, string>, brokers: BrokersFile): Promise<Session> {
  const read = readBotConfig({ PORT: '0', PROBE_TIMEOUT_MS: '1000', ...env });
  if (!read.ok || read.config.mode.kind !== 'console') throw new Error(JSON.stringify(read));
  const input = new PassThrough();
  const output = new PassThrough();
  const notes = new PassThrough();
  let out = '';
  let noted = '';
  output.on('data', (c: Buffer) => (out += c.toString()));
  notes.on('data', (c: Buffer) => (noted += c.toString()));
  const bot = await startConsoleBot(
    { ...read.config, mode: read.config.mode },
    { triage: new Triage(smallKb()), brokers },
    { input, output, notes, colour: false, pasteIdleMs: 20 },
    createLogger('silent'),
    { redisWaitMs: 1000 },
  );
  return {
    bot,
    input,
    out: () => out,
    notes: () => noted,
    say: (line) => void input.write(`${line}\n`),
    async until(what, ms = 10_000) {
      const found = () => (typeof what === 'string' ? out.includes(what) : what.test(out));
      for (const end = Date.now() + ms; Date.now() < end; await sleep(25)) if (found()) return;
      throw new Error(`console never printed ${String(what)}; it printed:\n${out}`);
    },
  };
}

function checkedBroker(port: number) {
  return brokerConfig('plant', port, {
    health: {
      everyMs: 1000,
      channel: null,
      failAfter: 1,
      recoverAfter: 1,
      steps: ['dns', 'tcp', 'connect'],
      latencyMs: null,
      certDays: 14,
    },
  });
}

describe('npm start without Slack: the console is the whole product', () => {
  let broker: RunningBroker;
  let port: number;
  beforeEach(async () => {
    port = await freePort();
    broker = await startMosquitto(['allow_anonymous true'], {}, port);
  });
  afterEach(async () => {
    await broker.stop().catch(() => undefined);
  });

  it('without Redis: probes any URL inline, runs the health checks in memory, prints the alert and the recovery, and serves the status page', async () => {
    const s = await startConsole(
      { REDIS_URL: 'redis://127.0.0.1:1' },
      {
        brokers: [checkedBroker(port)],
        allowHosts: [],
      },
    );
    try {
      expect(s.bot.redis).toBe(false);
      expect(s.notes()).toMatch(/web UI at http:\/\/localhost:\d+\//);
      expect(s.notes()).toContain(
        'no Redis at redis://127.0.0.1:1: connection refused (ECONNREFUSED): nothing listens there; probes run inline',
      );
      s.say(`/mqtt-why probe mqtt://127.0.0.1:${port}`);
      await s.until('Healthy: every step passed.');
      expect(s.out()).toContain('(probed inline)');
      await broker.stop();
      // A check in flight as the broker stops may pass TCP and be refused at CONNECT.
      await s.until(/ALERT plant is DOWN — (tcp|connect) failed/);
      expect(s.out()).toMatch(new RegExp(`http://localhost:${s.bot.port}/status/plant`));
      broker = await startMosquitto(['allow_anonymous true'], {}, port);
      await s.until(/RECOVERED plant is UP again after/);
      s.say('/mqtt-why status plant');
      await s.until(/plant: UP · for/);
      // Its recent checks in the same clock as the alerts and the web: UTC, to the second.
      await s.until(/\n {2}\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC {2}ok/);
      s.say('/mqtt-why 0x87');
      await s.until(
        'Full entry (1 dead end(s) not to waste time on): /mqtt-why show t/not-authorized',
      );
      const page = await (await fetch(`http://127.0.0.1:${s.bot.port}/status/plant`)).text();
      expect(page).toContain('Incidents');
      expect(page).toMatch(/s-DOWN[\s\S]*Failing step[\s\S]*(tcp|connect)/);
      s.input.end();
      await s.bot.inputDone;
    } finally {
      await s.bot.stop();
    }
  });

  it('with Redis: probes go through the queue and health checks through BullMQ, recorded in Redis', async () => {
    const prefix = `test-${randomUUID()}:`;
    const s = await startConsole(
      { REDIS_URL, REDIS_PREFIX: prefix, METRICS_PORT: '0' },
      {
        brokers: [checkedBroker(port)],
        allowHosts: [],
      },
    );
    try {
      expect(s.bot.redis).toBe(true);
      // Operators' /metrics on METRICS_PORT, as in the Slack modes.
      const metrics = await fetch(`http://127.0.0.1:${s.bot.metricsPort}/metrics`);
      expect(metrics.status).toBe(200);
      expect(await metrics.text()).toContain('# TYPE');
      s.say('/mqtt-why probe plant');
      await s.until('(probed through the queue)');
      expect(s.out()).toContain('Healthy: every step passed.');
      await broker.stop();
      // A check in flight as the broker stops may pass TCP and be refused at CONNECT.
      await s.until(/ALERT plant is DOWN — (tcp|connect) failed/);
      const api = (await (
        await fetch(`http://127.0.0.1:${s.bot.port}/api/status/plant`)
      ).json()) as { state: string; incidents: { to: string; step: string | null }[] };
      expect(api.state).toBe('DOWN');
      expect(api.incidents[0]).toMatchObject({ to: 'DOWN' });
      expect(['tcp', 'connect']).toContain(api.incidents[0]!.step);
      s.input.end();
      await s.bot.inputDone;
    } finally {
      await s.bot.stop();
      await deleteKeys(prefix);
    }
  });

  it("says a taken METRICS_PORT among the console's notes, not as a JSON log line", async () => {
    const taken = net.createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
    const metricsPort = String((taken.address() as net.AddressInfo).port);
    const prefix = `test-${randomUUID()}:`;
    const s = await startConsole(
      { REDIS_URL, REDIS_PREFIX: prefix, METRICS_PORT: metricsPort },
      { brokers: [], allowHosts: [] },
    );
    try {
      expect(s.notes()).toMatch(
        new RegExp(`/metrics not served on METRICS_PORT ${metricsPort} \\(.*\\): set METRICS_PORT`),
      );
    } finally {
      await s.bot.stop();
      await deleteKeys(prefix);
      await new Promise((r) => taken.close(r));
    }
  });

  it('with Redis but no worker anywhere (WORKER=off), probes inline at once instead of waiting on the queue', async () => {
    const prefix = `test-${randomUUID()}:`;
    const s = await startConsole(
      { REDIS_URL, REDIS_PREFIX: prefix, WORKER: 'off' },
      { brokers: [], allowHosts: [] },
    );
    try {
      expect(s.bot.redis).toBe(true);
      s.say(`/mqtt-why probe mqtt://127.0.0.1:${port}`);
      // Well inside the queue's wait for a result (the probe's deadline plus 15 s).
      await s.until('(probed inline (no worker listens on the queue))', 8000);
      expect(s.out()).toContain('Healthy: every step passed.');
    } finally {
      await s.bot.stop();
      await deleteKeys(prefix);
    }
  });
});
