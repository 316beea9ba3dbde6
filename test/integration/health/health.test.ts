import { randomUUID } from 'crypto';
import Redis from 'ioredis';
import { Queue } from 'bullmq';
import { BrokerConfig, BrokersFile } from '../../../src/probe/brokers';
import { brokerConfig } from '../../helpers/broker-config';
import { HealthStore } from '../../../src/state/health-store';
import { bullPrefixFor } from '../../../src/apps/probe-worker';
import { startHealthChecks } from '../../../src/apps/health-wiring';
import { Triage } from '../../../src/core/triage';
import { createLogger } from '../../../src/log';
import { SlackHealthNotifier } from '../../../src/chat/slack/health-notifier';
import { HEALTH_QUEUE, syncHealthSchedules } from '../../../jobs/health-job';
import { REDIS_URL, TestBot, deleteKeys, startTestBot } from '../../helpers/bot-harness';
import { FakeSlack } from '../../helpers/fake-slack';
import { promises as fs } from 'fs';
import path from 'path';
import { runBin } from '../../helpers/cli-run';
import { RunningBroker, freePort, startMosquitto, tempDir } from '../../helpers/brokers';
import { smallKb } from '../../helpers/small-kb';
import { webApi } from '@slack/bolt';

function checked(name: string, port: number): BrokerConfig {
  return brokerConfig(name, port, {
    topic: 'mqtt-why/health',
    health: {
      everyMs: 300,
      channel: 'CALERT',
      failAfter: 2,
      recoverAfter: 2,
      steps: ['dns', 'tcp', 'connect'],
      latencyMs: null,
      certDays: 14,
    },
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('scheduled health checks', () => {
  const prefix = `test-${randomUUID()}:`;
  const env = { PROBE_TIMEOUT_MS: '1000', WORKER: 'off' };
  let broker: RunningBroker;
  let brokers: BrokersFile;
  let bot: TestBot;
  let redis: Redis;
  // Alerts from every worker go to this one fake Slack, which outlives the restarts.
  const alertsFake = new FakeSlack();
  let workers: Awaited<ReturnType<typeof startHealthChecks>>[] = [];

  const startWorkers = async (n: number) => {
    const client = new webApi.WebClient(alertsFake.botToken, {
      slackApiUrl: alertsFake.apiUrl,
      retryConfig: { retries: 0 },
    });
    for (let i = 0; i < n; i++)
      workers.push(
        await startHealthChecks({
          redisUrl: REDIS_URL,
          bullPrefix: bullPrefixFor(prefix),
          stateRedis: redis,
          statePrefix: prefix,
          brokers: brokers.brokers,
          triage: new Triage(smallKb()),
          notifier: new SlackHealthNotifier(client, smallKb()),
          logger: createLogger('silent'),
          settings: {
            inProcessWorker: true,
            workerConcurrency: 5,
            timeoutMs: 1000,
            brokersFile: { path: '', explicit: false },
            lockDurationMs: 30_000,
            stalledIntervalMs: 30_000,
            shutdownGraceMs: 8000,
          },
          runWorker: true,
        }),
      );
  };
  const stopWorkers = async () => {
    await Promise.all(workers.map((w) => w.close()));
    workers = [];
  };

  beforeAll(async () => {
    await alertsFake.start();
    redis = new Redis(REDIS_URL);
    broker = await startMosquitto(['allow_anonymous true']);
    brokers = {
      brokers: [checked('plant', broker.port), brokerConfig('bench', broker.port)],
      allowHosts: [],
    };
    bot = await startTestBot(env, { brokers, prefix, keepKeys: true });
    await startWorkers(2);
  });
  afterAll(async () => {
    await stopWorkers();
    await bot.stop();
    await broker.stop().catch(() => undefined);
    await deleteKeys(prefix);
    redis.disconnect();
    await alertsFake.close();
  });

  const alerts = () =>
    alertsFake.callsTo('chat.postMessage').filter((c) => c.args.channel === 'CALERT');
  const downAlerts = () => alerts().filter((c) => String(c.args.text).includes('is DOWN'));

  it('with two workers, stays quiet while the broker is up and alerts once when it goes down, with the failing step and triage', async () => {
    const store = new HealthStore({ redis, prefix });
    for (let i = 0; i < 50; i++) {
      const s = await store.state('plant');
      if (s.ok && s.value?.state === 'UP') break;
      await sleep(100);
    }
    expect(alerts()).toEqual([]);
    await broker.stop();
    await alertsFake.waitFor(() => downAlerts().length > 0, 10_000);
    await sleep(1500);
    expect(downAlerts()).toHaveLength(1);
    const alert = JSON.stringify(downAlerts()[0]!.args);
    expect(alert).toContain('Failing step: *tcp*');
    expect(alert).toContain('t/connection-refused');
    expect(alert).toContain('run_probe_pick');
    // ~5 checks in 1.5 s at 300 ms, not twice that: the two workers share each scheduled check.
    const history = await store.history('plant');
    const recent = history.ok ? history.value.filter((c) => Date.now() - c.t < 1500).length : -1;
    expect(recent).toBeGreaterThan(0);
    expect(recent).toBeLessThanOrEqual(7);
  });

  it('after a restart of the bot and its workers during the outage, does not alert again', async () => {
    await stopWorkers();
    await bot.stop();
    bot = await startTestBot(env, { brokers, prefix, keepKeys: true });
    await startWorkers(1);
    await sleep(1500);
    expect(downAlerts()).toHaveLength(1);
  });

  it('recovers in the DOWN alert thread, saying for how long it was down', async () => {
    broker = await startMosquitto(['allow_anonymous true'], {}, brokers.brokers[0]!.endpoint.port);
    await alertsFake.waitFor(
      () => alerts().some((c) => String(c.args.text).includes('again after')),
      10_000,
    );
    const recovery = alerts().find((c) => String(c.args.text).includes('again after'))!;
    expect(recovery.args.thread_ts).toBe(downAlerts()[0]!.args.ts ?? '1800000000.000001');
    expect(String(recovery.args.text)).toMatch(/plant is UP again after \d+ s down/);
  });

  it('shows status at a glance with /mqtt-why status, and one broker with its history', async () => {
    const ask = async (text: string) => {
      const before = bot.fake.callsTo('response_url').length;
      await bot.command(text);
      await bot.fake.waitFor(() => bot.fake.callsTo('response_url').length > before);
      return String(bot.fake.callsTo('response_url').at(-1)!.args.text);
    };
    const all = await ask('status');
    expect(all).toMatch(/plant: UP · for \d+ s/);
    expect(all).toMatch(/uptime 24 h \d+\.\d%/);
    expect(all).toMatch(/[✓✗]+/);
    const one = await ask('status plant');
    expect(one).toMatch(
      /\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\s+fail\s+\d+ ms\s+tcp: nothing listens/,
    );
    expect(await ask('status nope')).toMatch(
      /No broker named "nope" is configured for this channel. Health-checked: plant/,
    );
  });

  it('keeps the schedules in step with brokers.yml', async () => {
    const queue = new Queue(HEALTH_QUEUE, {
      connection: { url: REDIS_URL },
      prefix: bullPrefixFor(prefix),
    });
    try {
      const changed = await syncHealthSchedules(queue, [
        checked('other', 1),
        { ...checked('plain', 2), health: null },
      ]);
      expect(changed).toEqual({ added: ['other'], removed: ['plant'] });
      const ids = (await queue.getJobSchedulers(0, -1)).map((s) => s.key);
      expect(ids).toEqual(['health:other']);
      await syncHealthSchedules(queue, brokers.brokers);
    } finally {
      await queue.close();
    }
  });
});

describe('mqtt-why health --once', () => {
  it('runs every configured check now and prints the table; exit 1 when one is down', async () => {
    const up = await startMosquitto(['allow_anonymous true']);
    const dir = await tempDir('mqtt-why-health-');
    const file = path.join(dir, 'brokers.yml');
    const closed = await freePort();
    await fs.writeFile(
      file,
      `brokers:\n  - name: good\n    url: mqtt://127.0.0.1:${up.port}\n    health: { every: 30s }\n  - name: gone\n    url: mqtt://127.0.0.1:${closed}\n    health: { every: 30s }\n  - name: unchecked\n    url: mqtt://127.0.0.1:${closed}\n`,
    );
    try {
      const r = await runBin(['health', '--once', '--brokers', file]);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/^BROKER\s+STATE/m);
      expect(r.stdout).toMatch(/^good\s+UP\s+\d+\s+all checks passed/m);
      expect(r.stdout).toMatch(
        /^gone\s+DOWN\s+\d+\s+tcp: nothing listens .*\s{2}communication\/mqtt-tcp-connection-refused$/m,
      );
      expect(r.stdout).not.toContain('unchecked');
      expect((await runBin(['health'])).code).toBe(2);
    } finally {
      await up.stop();
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
