import { randomUUID } from 'crypto';
import { Queue } from 'bullmq';
import { BrokerConfig } from '../../../src/probe/brokers';
import { brokerConfig } from '../../helpers/broker-config';
import { HEALTH_QUEUE, scheduleOffset, syncHealthSchedules } from '../../../jobs/health-job';
import { REDIS_URL, deleteKeys } from '../../helpers/bot-harness';

const EVERY = 60_000;

function checked(name: string): BrokerConfig {
  return brokerConfig(name, 1, {
    health: {
      everyMs: EVERY,
      channel: null,
      failAfter: 2,
      recoverAfter: 2,
      steps: ['dns', 'tcp', 'connect'],
      latencyMs: null,
      certDays: 14,
    },
  });
}

describe('health check schedules spread over the interval', () => {
  const prefix = `test-${randomUUID()}:`;
  let queue: Queue;

  beforeAll(() => {
    queue = new Queue(HEALTH_QUEUE, { connection: { url: REDIS_URL }, prefix });
  });
  afterAll(async () => {
    await queue.close();
    await deleteKeys(prefix);
  });

  const next = async () =>
    new Map((await queue.getJobSchedulers(0, -1)).map((s) => [s.key, s.next ?? NaN]));
  // Jobs added outside a scheduler: the first checks of new brokers.
  const firstChecks = async () =>
    (await queue.getJobs(['waiting', 'delayed']))
      .filter((j) => !j.repeatJobKey)
      .map((j) => (j.data as { broker: string }).broker)
      .sort();

  it('runs each broker at its own point of the interval, with one check now for a new broker, and leaves both alone on the next start', async () => {
    const brokers = ['north', 'south', 'east'].map(checked);
    await syncHealthSchedules(queue, brokers);
    const first = await next();
    for (const b of brokers) {
      const at = first.get(`health:${b.name}`)!;
      expect(at % EVERY).toBe(scheduleOffset(b.name, EVERY));
      expect(at - Date.now()).toBeLessThanOrEqual(EVERY);
    }
    expect(await firstChecks()).toEqual(['east', 'north', 'south']);

    await syncHealthSchedules(queue, brokers);
    expect(await next()).toEqual(first);
    expect(await firstChecks()).toEqual(['east', 'north', 'south']);
  });

  it('moves a scheduler made before offsets to its point, without an extra check', async () => {
    // As older versions made it: fired when made, then every interval from that moment.
    await queue.upsertJobScheduler(
      'health:west',
      { every: EVERY },
      { name: 'health', data: { broker: 'west' } },
    );
    const old = (await next()).get('health:west')!;
    await syncHealthSchedules(queue, ['north', 'south', 'east', 'west'].map(checked));
    const moved = (await next()).get('health:west')!;
    expect(moved % EVERY).toBe(scheduleOffset('west', EVERY));
    if (old % EVERY !== scheduleOffset('west', EVERY)) expect(moved).not.toBe(old);
    expect(await firstChecks()).toEqual(['east', 'north', 'south']);
  });

  it('adds one first check for a new broker when two processes start at once', async () => {
    const other = new Queue(HEALTH_QUEUE, { connection: { url: REDIS_URL }, prefix });
    try {
      await Promise.all([
        syncHealthSchedules(queue, [checked('twin')]),
        syncHealthSchedules(other, [checked('twin')]),
      ]);
      expect((await firstChecks()).filter((b) => b === 'twin')).toEqual(['twin']);
    } finally {
      await other.close();
    }
  });

  it('rewrites a scheduler whose interval or job options changed, and only that one', async () => {
    const brokers = ['north', 'south', 'east'].map(checked);
    await syncHealthSchedules(queue, brokers);
    const before = await next();
    // The same interval and offset, but a job template without the clean-up options.
    const offset = scheduleOffset('south', EVERY);
    await queue.upsertJobScheduler(
      'health:south',
      { every: EVERY, offset },
      { name: 'health', data: { broker: 'south' } },
    );
    const faster = brokers.map((b) =>
      b.name === 'east' ? { ...b, health: { ...b.health!, everyMs: EVERY / 2 } } : b,
    );
    await syncHealthSchedules(queue, faster);
    const after = new Map((await queue.getJobSchedulers(0, -1)).map((s) => [s.key, s]));
    expect(after.get('health:east')!.every).toBe(EVERY / 2);
    expect(after.get('health:south')!.template?.opts?.removeOnComplete).toEqual({ count: 100 });
    expect(after.get('health:north')!.next).toBe(before.get('health:north'));
  });
});
