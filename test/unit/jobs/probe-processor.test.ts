import { Job, UnrecoverableError } from 'bullmq';
import { createProbeProcessor, ProbeProcessorDeps } from '../../../jobs/probe-processor';
import { FinishedProbe, ProbeReporter } from '../../../src/probe/report';
import { ProbeHistory } from '../../../src/state/probe-history';
import { brokerConfig } from '../../helpers/broker-config';
import { entry, kbOf, probeResult, step } from '../fixtures';
import { TestRedis, testRedis } from '../redis';

let r: TestRedis;
let history: ProbeHistory;
beforeAll(() => {
  r = testRedis();
  history = new ProbeHistory({ redis: r.redis, prefix: r.prefix });
});
afterAll(() => r.done());

/** A reporter of our own interface that keeps what it was told. */
function recorder() {
  const calls: string[] = [];
  const finished: FinishedProbe[] = [];
  const reporter: ProbeReporter = {
    start: async () => (calls.push('start'), 'ref-1'),
    progress: async () => void calls.push('progress'),
    finish: async (_w, ref, report) => void (calls.push(`finish ${ref}`), finished.push(report)),
    failed: async () => void calls.push('failed'),
  };
  return { calls, finished, reporter };
}

const where = { team: 'T1', channel: 'C1', threadTs: '1700000000.000100' };
const card = entry({
  id: 'net/refused',
  probeChecks: [{ line: 1, step: 'tcp', description: '' }],
});

function processor(reporter: ProbeReporter) {
  const deps: ProbeProcessorDeps = {
    brokers: [brokerConfig('prod', 1)],
    kb: kbOf([card]),
    diagnose: () => [],
    reporter,
    history,
    timeoutMs: 500,
  };
  return createProbeProcessor(deps);
}
/** What the processor reads of a job when it has nothing to update: its data. */
const jobWith = (data: unknown) => ({ data }) as Job;

describe('the probe job processor', () => {
  it('fails a malformed job or an unknown broker once, without retries or a report', async () => {
    const { calls, reporter } = recorder();
    const run = processor(reporter);
    await expect(run(jobWith({ target: {}, where }))).rejects.toThrow(UnrecoverableError);
    await expect(run(jobWith({ target: { broker: 'gone' }, where }))).rejects.toThrow(
      'no broker named "gone"',
    );
    expect(calls).toEqual([]);
  });

  it('reports a retried job from its stored result, with changes since the last run and the card verdict', async () => {
    const before = probeResult([step('tcp', true)], { target: { name: 'prod', url: 'x' } });
    await history.add('prod', before);
    const result = probeResult([
      step('tcp', false, { summary: 'refused', kbIds: ['net/refused'] }),
    ]);
    const { calls, finished, reporter } = recorder();
    const out = await processor(reporter)(
      jobWith({
        target: { broker: 'prod' },
        where,
        cardEntryId: 'net/refused',
        takeover: false,
        messageRef: 'ref-0',
        result,
      }),
    );
    expect(out).toEqual(result);
    expect(calls).toEqual(['finish ref-0']);
    expect(finished[0]).toEqual({
      result,
      changes: ['tcp: ok -> now failed (refused)'],
      previousAt: before.startedAt,
      verdict: 'Confirms the card: the probe hit the same problem (net/refused).',
      again: { broker: 'prod', url: null, cardEntryId: 'net/refused' },
    });
    expect(await history.last('prod')).toEqual({ ok: true, value: result });
  });
});
