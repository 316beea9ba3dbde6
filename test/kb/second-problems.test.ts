/**
 * A log's answer on the real KB, in every renderer: a second problem on another line is named as
 * also in the text (not as another reading), and what told two readings of one line apart is said.
 */
import { DEFAULT_KB_DIR } from '../../src/config';
import { Triage } from '../../src/core/triage';
import { loadKnowledgeBase } from '../../src/kb/load';
import { answerMessage } from '../../src/chat/slack/blocks';
import { renderAnswer } from '../../src/render/text';
import { triagePage } from '../../src/web/triage-pages';
import { answerJson } from '../../src/render/json';

let triage: Triage;
beforeAll(async () => {
  const loaded = await loadKnowledgeBase(DEFAULT_KB_DIR);
  if (!loaded.ok) throw new Error('KB does not load');
  triage = new Triage(loaded.kb);
});

const refusal = '1701000002: Client <unknown> disconnected, not authorised.';
const log = [
  '1701000000: mosquitto version 2.0.18 starting',
  '1701000000: Opening ipv4 listen socket on port 1883.',
  '1701000001: New client connected from 10.0.0.5:51234 as sensor-1 (p2, c1, k60).',
  '1701000002: New connection from 10.0.0.6:40000 on port 1883.',
  refusal,
  '1701000003: Received PINGREQ from sensor-1',
  '1701000100: Client sensor-1 has exceeded timeout, disconnecting.',
].join('\n');
const ANON = 'communication/mqtt-mosquitto-anonymous-disabled';
const DENIED = 'communication/mqtt-connack-not-authorized';
const KEEPALIVE = 'communication/mqtt-keepalive-timeout';

describe('a Mosquitto log with a refusal and another client timing out', () => {
  it('in a terminal: the refusal, the banner that made it Mosquitto 2.x, and the timeout as a second problem', () => {
    const a = triage.triage(log);
    expect(a.matches[0]!.id).toBe(ANON);
    const chosen = `Chosen over ${DENIED} by line 1: 1701000000: mosquitto version 2.0.18 starting`;
    const also = new RegExp(
      `Also in this text\\n  line 7: 1701000100: Client sensor-1 has exceeded timeout, disconnecting.\\n    -> .*\\(${KEEPALIVE}\\)\\n\\nRoot cause`,
    );
    const out = renderAnswer(a, { colour: false });
    expect(out).toContain(chosen);
    expect(out).toMatch(also);
    expect(out).not.toMatch(new RegExp(`Also possible:.*${KEEPALIVE}`));
    const full = renderAnswer(a, { colour: false }, { full: true });
    expect(full).toContain(chosen);
    expect(full).toMatch(/Also in this text\n {2}line 7: [^\n]+\n {4}-> [^\n]+\n\n(?:In short|Root cause)/);
    const json = answerJson(a) as { alsoInText: unknown; chosenOver: unknown };
    expect(json.alsoInText).toEqual([{ id: KEEPALIVE, line: 7 }]);
    expect(json.chosenOver).toEqual({
      id: DENIED,
      line: 1,
      text: '1701000000: mosquitto version 2.0.18 starting',
    });
  });

  it('quotes lines to a terminal without their bidi controls', () => {
    const tricky = log.replace('sensor-1 has', 'sensor-1\u202e has');
    const out = renderAnswer(triage.triage(tricky), { colour: false });
    expect(out).toContain('line 7:');
    expect(out).not.toContain('\u202e');
  });

  it('in Slack and on the web, the same', () => {
    const a = triage.triage(log);
    const slack = JSON.stringify(answerMessage(a, { answerId: 'a', feedback: null }).blocks);
    expect(slack).toContain('Chosen over _');
    expect(slack).toContain(
      '*Also in this text*\\n• line 7: `1701000100: Client sensor-1 has exceeded timeout, disconnecting.`',
    );
    expect(slack).toContain(`/mqtt-why show ${KEEPALIVE}`);
    const page = triagePage(a, log, triage.kb).toString();
    expect(page).toContain('Also in this text');
    expect(page).toContain(`href="/kb/${KEEPALIVE}"`);
  });

  it('the refusal alone is the generic entry, with nothing claimed to tell it apart', () => {
    const a = triage.triage(refusal);
    expect(a.matches[0]!.id).toBe(DENIED);
    const out = renderAnswer(a, { colour: false });
    expect(out).not.toContain('Chosen over');
    expect(out).not.toContain('Also in this text');
  });
});

describe('a healthy log asked about in a terminal', () => {
  it('lists the closest entries a line each, with no fixes to apply on a guess', () => {
    const healthy = [
      '1700000000: mosquitto version 2.0.18 starting',
      '1700000000: Opening ipv4 listen socket on port 1883.',
      '1700000005: New client connected from 10.0.0.5:51234 as sensor-1 (p2, c1, k60).',
      '1700000065: Received PINGREQ from sensor-1',
      '1700000065: Sending PINGRESP to sensor-1',
    ].join('\n');
    const a = triage.triage(healthy);
    expect(a.abstainReason).toBe('no-failure');
    const out = renderAnswer(a, { colour: false });
    expect(out).toContain('If something is wrong all the same, its words come closest to:');
    expect(out).not.toMatch(/Try first|Root cause/);
    expect(out.split('\n').filter((l) => l.startsWith('  communication/'))).toHaveLength(
      a.matches.length,
    );
  });
});
