import { ChildProcess, spawn } from 'child_process';
import { promises as fs } from 'fs';
import Redis from 'ioredis';
import type { Worker } from 'bullmq';
import { Triage } from '../../../src/core/triage';
import { createLogger } from '../../../src/log';
import { bullPrefixFor, startProbeWorker } from '../../../src/apps/probe-worker';
import { createSlackProbeReporter } from '../../../src/chat/slack/probe-reporter';
import { BrokerConfig } from '../../../src/probe/brokers';
import { TestBot, startTestBot } from '../../helpers/bot-harness';
import { RunningBroker, freePort, startMosquitto, tempDir } from '../../helpers/brokers';
import { smallKb } from '../../helpers/small-kb';

async function startRedis(port: number, dir: string): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--appendonly',
      'yes',
      '--save',
      '',
    ],
    { stdio: 'ignore' },
  );
  const probe = new Redis(`redis://127.0.0.1:${port}`, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  for (let i = 0; i < 100; i++) {
    if (
      await probe.connect().then(
        () => probe.ping(),
        () => null,
      )
    )
      break;
    await new Promise((r) => setTimeout(r, 50));
  }
  probe.disconnect();
  return child;
}

describe('Redis restarted mid-run', () => {
  it('keeps answering triage meanwhile, and the probes queued before are run once afterwards', async () => {
    const port = await freePort();
    const dir = await tempDir('mqtt-why-redis-');
    const url = `redis://127.0.0.1:${port}`;
    let redis = await startRedis(port, dir);
    const mosquitto: RunningBroker = await startMosquitto(['allow_anonymous true']);
    const local: BrokerConfig = {
      name: 'local',
      url: `mqtt://127.0.0.1:${mosquitto.port}`,
      username: null,
      password: null,
      passwordEnv: null,
      protocol: '3.1.1',
      tls: { ca: null, cert: null, key: null, insecure: false },
      topic: 'mqtt-why/probe',
      channels: [],
      health: null,
    };
    // No in-process worker: the probes wait in the queue across the restart.
    const bot: TestBot = await startTestBot(
      { REDIS_URL: url, WORKER: 'off' },
      { brokers: { brokers: [local], allowHosts: [] } },
    );
    let worker: Worker | null = null;
    const stateRedis = new Redis(url);
    stateRedis.on('error', () => undefined);
    try {
      for (const channel of ['CR1', 'CR2', 'CR3'])
        expect((await bot.command('probe local', { channel })).status).toBe(200);
      await new Promise((r) => setTimeout(r, 300));
      expect(bot.fake.callsTo('response_url').map((c) => String(c.args.text))).toEqual([]);

      redis.kill('SIGTERM');
      await new Promise((r) => redis.once('exit', r));
      const before = bot.fake.callsTo('chat.postMessage').length;
      await bot.command('0x87', { channel: 'CTRIAGE' });
      await bot.fake.waitFor(() => bot.fake.callsTo('chat.postMessage').length > before, 10_000);
      expect(JSON.stringify(bot.fake.callsTo('chat.postMessage').at(-1)!.args)).toContain(
        't/not-authorized',
      );

      redis = await startRedis(port, dir);
      worker = startProbeWorker({
        redisUrl: url,
        bullPrefix: bullPrefixFor(bot.prefix),
        stateRedis,
        statePrefix: bot.prefix,
        brokers: [local],
        triage: new Triage(smallKb()),
        reporter: createSlackProbeReporter({
          token: bot.fake.botToken,
          slackApiUrl: bot.fake.apiUrl,
          kb: smallKb(),
          logger: createLogger('silent'),
        }),
        logger: createLogger('silent'),
        settings: {
          inProcessWorker: true,
          workerConcurrency: 3,
          timeoutMs: 2000,
          brokersFile: { path: '', explicit: false },
          lockDurationMs: 30_000,
          stalledIntervalMs: 30_000,
        },
      });
      const finals = () =>
        bot.fake.callsTo('chat.update').filter((c) => JSON.stringify(c.args).includes('Re-probe'));
      await bot.fake.waitFor(() => finals().length >= 3, 20_000);
      await new Promise((r) => setTimeout(r, 500));
      expect(
        finals()
          .map((c) => c.args.channel)
          .sort(),
      ).toEqual(['CR1', 'CR2', 'CR3']);
    } finally {
      await worker?.close();
      stateRedis.disconnect();
      await bot.stop();
      await mosquitto.stop();
      redis.kill('SIGKILL');
      await fs.rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
