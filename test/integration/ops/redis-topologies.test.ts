/**
 * The bot against Redis Sentinel and Redis Cluster, given only through REDIS_URL: answers are
 * stored, probes go through BullMQ and come back, /healthz sees Redis, and the keys land where
 * the topology needs them (the primary behind Sentinel; one hash slot in a cluster).
 */
import { randomUUID } from 'crypto';
import { brokerConfig } from '../../helpers/broker-config';
import { TestBot, startTestBot } from '../../helpers/bot-harness';
import { RunningBroker, startMosquitto } from '../../helpers/brokers';
import {
  RunningCluster,
  RunningRedis,
  redisCli,
  startRedisCluster,
  startRedisServer,
  startSentinel,
  until,
} from '../../helpers/redis-servers';

let mosquitto: RunningBroker;
beforeAll(async () => {
  mosquitto = await startMosquitto(['allow_anonymous true']);
});
afterAll(async () => {
  await mosquitto.stop();
});

async function botOn(redisUrl: string, prefix: string): Promise<TestBot> {
  const t = await startTestBot(
    { REDIS_URL: redisUrl, PROBE_TIMEOUT_MS: '2000' },
    {
      prefix,
      keepKeys: true,
      brokers: { brokers: [brokerConfig('local', mosquitto.port)], allowHosts: [] },
    },
  );
  // Start-up waits 2 s for Redis and then goes on without it; on a loaded machine a cluster can
  // take longer to be ready. The bot says when it is.
  await healthy(t, 20_000);
  return t;
}

async function healthy(t: TestBot, ms: number): Promise<void> {
  await until(async () => {
    const res = await fetch(`http://127.0.0.1:${t.bot.port}/healthz`);
    return ((await res.json()) as { status: string }).status === 'ok';
  }, ms);
}

/** Triage stored for its buttons, a probe through the queue, and /healthz, on this Redis. */
async function exercise(t: TestBot, probeWithinMs = 15_000): Promise<void> {
  const posts = t.fake.callsTo('chat.postMessage').length;
  const updates = t.fake.callsTo('chat.update').length;
  const logs = t.logs.length;
  await t.command('rc=5', { channel: 'CTOPO' });
  await t.fake.waitFor(() =>
    t.fake
      .callsTo('chat.postMessage')
      .slice(posts)
      .some((c) => JSON.stringify(c.args).includes('t/not-authorized')),
  );
  await t.command('probe local', { channel: 'CTOPO' });
  await t.fake.waitFor(
    () =>
      t.fake
        .callsTo('chat.update')
        .slice(updates)
        .some((c) => String(c.args.text).includes('is healthy')),
    probeWithinMs,
  );
  const health = (await (await fetch(`http://127.0.0.1:${t.bot.port}/healthz`)).json()) as {
    redis: string;
  };
  expect(health.redis).toBe('up');
  const trouble = t.logs.slice(logs).filter((l) => /answer not stored|Redis trouble/.test(l));
  expect(trouble).toEqual([]);
}

const keysOn = async (port: number, pattern: string): Promise<string[]> =>
  (await redisCli(port, '--scan', '--pattern', pattern)).split('\n').filter((k) => k !== '');

describe('REDIS_URL naming a Sentinel', () => {
  let primary: RunningRedis;
  let sentinel: RunningRedis;
  let t: TestBot;
  const prefix = `topo-${randomUUID()}:`;

  beforeAll(async () => {
    primary = await startRedisServer();
    sentinel = await startSentinel(primary.port, 'mqttwhy');
    t = await botOn(`redis+sentinel://127.0.0.1:${sentinel.port}/mqttwhy`, prefix);
  });
  afterAll(async () => {
    await t?.stop();
    await sentinel?.stop();
    await primary?.stop();
  });

  it('answers, stores, probes and reports healthy through the primary the Sentinel names', async () => {
    await exercise(t);
    const keys = await keysOn(primary.port, `${prefix}*`);
    expect(keys.some((k) => k.startsWith(`${prefix}bull:probe:`))).toBe(true);
    expect(keys.some((k) => !k.startsWith(`${prefix}bull`))).toBe(true);
  });
});

describe('REDIS_URL naming a Sentinel, through a failover', () => {
  let primary: RunningRedis;
  let replica: RunningRedis;
  let sentinel: RunningRedis;
  let t: TestBot;
  const prefix = `topo-${randomUUID()}:`;

  beforeAll(async () => {
    primary = await startRedisServer();
    replica = await startRedisServer(['--replicaof', '127.0.0.1', String(primary.port)]);
    sentinel = await startSentinel(primary.port, 'mqttwhy');
    // The sentinel must know the replica before it can promote it.
    await until(
      async () =>
        (await redisCli(sentinel.port, 'sentinel', 'replicas', 'mqttwhy')).includes(
          String(replica.port),
        ),
      15_000,
    );
    t = await botOn(`redis+sentinel://127.0.0.1:${sentinel.port}/mqttwhy`, prefix);
  });
  afterAll(async () => {
    await t?.stop();
    await sentinel?.stop();
    await replica?.stop();
    await primary?.stop();
  });

  it('follows the primary when it dies and Sentinel promotes the replica: answers stored, probes run', async () => {
    await exercise(t);
    await primary.stop();
    // Sentinel calls it down after down-after-milliseconds (2 s here) and promotes the replica.
    await until(
      async () =>
        (await redisCli(sentinel.port, 'sentinel', 'get-master-addr-by-name', 'mqttwhy')).includes(
          String(replica.port),
        ),
      40_000,
    );
    // Every client finds the new primary through Sentinel on its own; /healthz says ok once the
    // state client and the queue's have.
    await healthy(t, 30_000);
    const before = (await keysOn(replica.port, `${prefix}answer*`)).length;
    // A worker whose blocking read failed waits BullMQ's fixed 15 s before its next one.
    await exercise(t, 40_000);
    expect((await keysOn(replica.port, `${prefix}answer*`)).length).toBeGreaterThan(before);
  }, 120_000);
});

describe('REDIS_URL naming a Redis Cluster', () => {
  let cluster: RunningCluster;
  let t: TestBot;
  const prefix = `topo-${randomUUID()}:`;

  beforeAll(async () => {
    cluster = await startRedisCluster();
    t = await botOn(cluster.url, prefix);
  });
  afterAll(async () => {
    await t?.stop();
    await cluster?.stop();
  });

  it('answers, stores, probes and reports healthy, every key of the deployment in one slot', async () => {
    await exercise(t);
    // The prefix became a hash tag, so BullMQ's multi-key scripts and ours stay on one node.
    const perNode = await Promise.all(cluster.ports.map((p) => keysOn(p, `{${prefix}}*`)));
    const nodesWithKeys = perNode.filter((keys) => keys.length > 0);
    expect(nodesWithKeys).toHaveLength(1);
    const keys = nodesWithKeys[0]!;
    expect(keys.some((k) => k.startsWith(`{${prefix}}bull:probe:`))).toBe(true);
    expect(keys.some((k) => !k.startsWith(`{${prefix}}bull`))).toBe(true);
  });
});
