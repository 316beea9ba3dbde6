import {
  FinishedProbe,
  LOCAL_TEAM,
  ProbeReporter,
  ThreadRef,
  routeReports,
} from '../../../src/probe/report';
import { probeResult } from '../fixtures';

/** A reporter of our own interface that writes down who was asked what. */
function recorder(name: string, calls: string[]): ProbeReporter {
  return {
    start: async (w, label) => (calls.push(`${name}.start ${w.team} ${label}`), `${name}-ref`),
    progress: async (w) => void calls.push(`${name}.progress ${w.team}`),
    finish: async (w) => void calls.push(`${name}.finish ${w.team}`),
    failed: async (w, ref, reason) => void calls.push(`${name}.failed ${w.team} ${ref} ${reason}`),
  };
}

const done: FinishedProbe = {
  result: probeResult([]),
  changes: [],
  previousAt: null,
  verdict: null,
  again: { broker: 'b', url: null, cardEntryId: null },
};

describe('routing probe reports', () => {
  it('sends chat probes to chat and local ones to the local reporter', async () => {
    const calls: string[] = [];
    const routed = routeReports(recorder('chat', calls), recorder('local', calls));
    const slack: ThreadRef = { team: 'T1', channel: 'C1', threadTs: null };
    const local: ThreadRef = { team: LOCAL_TEAM, channel: 'console', threadTs: null };
    expect(await routed.start(slack, 'prod')).toBe('chat-ref');
    expect(await routed.start(local, 'prod')).toBe('local-ref');
    await routed.progress(slack, 'r', probeResult([]));
    await routed.finish(local, 'r', done);
    await routed.failed(slack, null, 'boom', null);
    expect(calls).toEqual([
      'chat.start T1 prod',
      'local.start local prod',
      'chat.progress T1',
      'local.finish local',
      'chat.failed T1 null boom',
    ]);
  });

  it('sends everything to the local reporter on a worker without chat', async () => {
    const calls: string[] = [];
    const routed = routeReports(null, recorder('local', calls));
    await routed.start({ team: 'T1', channel: 'C1', threadTs: '1.2' }, 'prod');
    expect(calls).toEqual(['local.start T1 prod']);
  });
});
