import { endpointOf } from '../../helpers/broker-config';
import { randomUUID } from 'crypto';
import Redis from 'ioredis';
import { webApi } from '@slack/bolt';
import { BrokerConfig } from '../../../src/probe/brokers';
import { HealthStore } from '../../../src/state/health-store';
import { bullPrefixFor } from '../../../src/apps/probe-worker';
import { startHealthChecks } from '../../../src/apps/health-wiring';
import { Triage } from '../../../src/core/triage';
import { createLogger } from '../../../src/log';
import { SlackHealthNotifier } from '../../../src/chat/slack/health-notifier';
import { REDIS_URL, deleteKeys } from '../../helpers/bot-harness';
import { RunningBroker, freePort, startMosquitto } from '../../helpers/brokers';
import { FakeSlack } from '../../helpers/fake-slack';
import { smallKb } from '../../helpers/small-kb';

describe('a broker that keeps flipping', () => {
  it('is reported once as flapping, and its further flips are not announced', async () => {
    const prefix = `test-${randomUUID()}:`;
    const port = await freePort();
    const fake = new FakeSlack();
    await fake.start();
    const redis = new Redis(REDIS_URL);
    const store = new HealthStore({ redis, prefix });
    const broker: BrokerConfig = {
      name: 'flappy',
      endpoint: endpointOf(`mqtt://127.0.0.1:${port}`),
      username: null,
      password: null,
      passwordEnv: null,
      protocol: '3.1.1',
      tls: { ca: null, cert: null, key: null, insecure: false },
      topic: 'mqtt-why/health',
      channels: [],
      health: {
        everyMs: 200,
        channel: 'CFLAP',
        failAfter: 1,
        recoverAfter: 1,
        steps: ['dns', 'tcp'],
        latencyMs: null,
        certDays: 14,
      },
    };
    const client = new webApi.WebClient(fake.botToken, {
      slackApiUrl: fake.apiUrl,
      retryConfig: { retries: 0 },
    });
    const checks = await startHealthChecks({
      redisUrl: REDIS_URL,
      bullPrefix: bullPrefixFor(prefix),
      stateRedis: redis,
      statePrefix: prefix,
      brokers: [broker],
      triage: new Triage(smallKb()),
      notifier: new SlackHealthNotifier(client, smallKb()),
      logger: createLogger('silent'),
      settings: {
        inProcessWorker: true,
        workerConcurrency: 2,
        timeoutMs: 500,
        brokersFile: { path: '', explicit: false },
        lockDurationMs: 30_000,
        stalledIntervalMs: 30_000,
        shutdownGraceMs: 8000,
      },
      runWorker: true,
    });
    const stateIs = async (want: string) => {
      for (let i = 0; i < 100; i++) {
        const s = await store.state('flappy');
        if (s.ok && s.value?.state === want) return;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`flappy never became ${want}`);
    };
    let mosquitto: RunningBroker | null = null;
    try {
      await stateIs('DOWN');
      for (let flip = 0; flip < 3; flip++) {
        mosquitto = await startMosquitto(['allow_anonymous true'], {}, port);
        await stateIs('UP');
        await mosquitto.stop();
        mosquitto = null;
        await stateIs('DOWN');
      }
      await new Promise((r) => setTimeout(r, 500));
      const texts = fake.callsTo('chat.postMessage').map((c) => String(c.args.text));
      expect(texts.filter((t) => t.includes('is flapping'))).toHaveLength(1);
      // The first verdict (DOWN) is no flip; after it UP, DOWN, UP are announced, the fourth flip is
      // announced as flapping, and the flips after it are not announced one by one.
      expect(texts.filter((t) => t.includes('is DOWN'))).toHaveLength(2);
      const after = texts.slice(texts.findIndex((t) => t.includes('is flapping')) + 1);
      expect(after).toEqual([]);
    } finally {
      await mosquitto?.stop();
      await checks.close();
      redis.disconnect();
      await deleteKeys(prefix);
      await fake.close();
    }
  }, 60_000);
});
