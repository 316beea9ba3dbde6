import { CheckRecord } from '../../../src/alerts/health-records';
import { initialHealth } from '../../../src/alerts/health-state';
import { brokerStatus, duration, statusLine } from '../../../src/alerts/status';

const NOW = Date.UTC(2026, 10, 20, 10, 30);
const HOUR = 3600_000;
const check = (
  ago: number,
  outcome: CheckRecord['outcome'],
  ms = 10,
  certDays: number | null = null,
): CheckRecord => ({
  t: NOW - ago,
  outcome,
  ms,
  reason: '',
  certDays,
});

describe('durations as people say them', () => {
  it('uses seconds, minutes, hours, then days', () => {
    expect(duration(45_000)).toBe('45 s');
    expect(duration(119_000)).toBe('119 s');
    expect(duration(12 * 60_000)).toBe('12 min');
    expect(duration(3 * HOUR + 20 * 60_000)).toBe('3 h');
    expect(duration(52 * HOUR)).toBe('2 days');
  });
});

describe('status at a glance', () => {
  it('reads state, latency, uptime over 24 h, certificate days and a strip from newest-first checks', () => {
    const history = [
      check(1000, 'ok', 12, 40),
      check(2000, 'fail'),
      check(3000, 'degraded', 30),
      check(4000, 'ok', 8, 41),
      check(25 * HOUR, 'fail'),
    ];
    const s = brokerStatus('prod', { ...initialHealth(NOW - 600_000), state: 'UP' }, history, NOW);
    expect(s).toEqual({
      broker: 'prod',
      state: 'UP',
      since: NOW - 600_000,
      lastMs: 12,
      medianMs: 12,
      uptime24h: 0.75,
      certDays: 40,
      strip: '✗✓!✗✓',
      flapping: false,
    });
    expect(statusLine(s, NOW)).toBe(
      'prod: UP · for 10 min · last 12 ms · median 12 ms · uptime 24 h 75.0% · certificate 40 days left · ✗✓!✗✓',
    );
  });

  it('says only UNKNOWN for a broker never checked, and no latency after a failed check', () => {
    const never = brokerStatus('new', null, [], NOW);
    expect(statusLine(never, NOW)).toBe('new: UNKNOWN');
    const failed = brokerStatus('down', null, [check(1000, 'fail')], NOW);
    expect(failed.lastMs).toBeNull();
    expect(failed.uptime24h).toBe(0);
  });

  it('keeps the strip to its length, oldest on the left', () => {
    const history = Array.from({ length: 30 }, (_, i) => check(i * 1000, i === 0 ? 'fail' : 'ok'));
    const s = brokerStatus('prod', null, history, NOW, 5);
    expect(s.strip).toBe('✓✓✓✓✗');
  });

  it('takes the same median as the status report (nearest rank), for an even number of checks', () => {
    const s = brokerStatus('prod', null, [check(1000, 'ok', 20), check(2000, 'ok', 10)], NOW);
    expect(s.medianMs).toBe(10);
  });
});
