import { renderProbe } from '../../../src/render/probe-text';
import { entry, kbOf, probeResult, step } from '../fixtures';

describe('probe results for a terminal', () => {
  it('prints one line per step with its time, and Healthy when every step passed', () => {
    const text = renderProbe(
      probeResult([step('dns', true, { ms: 0.25 }), step('tcp', true, { ms: 12.04 })], {
        target: { name: 'prod', url: 'mqtt://10.0.0.1:1883' },
      }),
      null,
      false,
    );
    const lines = text.split('\n');
    expect(lines[0]).toBe('Probe prod (mqtt://10.0.0.1:1883)');
    expect(lines[1]).toBe('  ok   dns           0.3 ms  dns fine');
    expect(lines[2]).toBe('  ok   tcp          12.0 ms  tcp fine');
    expect(text).toContain('Healthy: every step passed.');
    expect(text.endsWith('\n')).toBe(true);
    expect(text).not.toContain('\x1b[');
  });

  it('marks a failed step, lists its entries, and gives the diagnosis with titles and show commands', () => {
    const kb = kbOf([entry({ id: 'auth/not-authorized', title: 'Not authorised' })]);
    const text = renderProbe(
      probeResult([
        step('connect', false, {
          summary: 'CONNACK 0x87',
          kbIds: ['auth/not-authorized', 'auth/unknown'],
        }),
      ]),
      kb,
      false,
    );
    expect(text).toContain('Probe mqtt://broker.example.com:1883');
    expect(text).toContain('  FAIL connect');
    expect(text).toContain('-> auth/not-authorized');
    expect(text).toContain(
      '  auth/not-authorized — Not authorised\n    mqtt-why show auth/not-authorized',
    );
    expect(text).toContain('  auth/unknown\n');
    expect(text).not.toContain('Healthy');
    // Where results are read in the console, the show command is the console's.
    const inConsole = renderProbe(
      probeResult([step('connect', false, { kbIds: ['auth/not-authorized'] })]),
      kb,
      false,
      (id) => `/mqtt-why show ${id}`,
    );
    expect(inConsole).toContain('    /mqtt-why show auth/not-authorized');
  });

  it('says when no entry explains a failure, and paints only when asked', () => {
    const failed = probeResult([step('tcp', false)]);
    expect(renderProbe(failed, null, false)).toContain('no KB entry is about this failure');
    expect(renderProbe(failed, null, true)).toContain('\x1b[31mFAIL\x1b[0m');
  });
});
