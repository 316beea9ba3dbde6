/**
 * A Mosquitto bridge refused by its remote broker, on the real KB: the answer is the not-authorized
 * entry, its card says the refusal is the remote broker's, and the full entry carries the bridge's
 * own fix (`remote_username` / `remote_password` in the local mosquitto.conf), not only the local
 * password file. Log lines from Mosquitto v2.0.15 src/bridge.c, src/handle_connack.c, src/loop.c.
 */
import { DEFAULT_KB_DIR } from '../../src/config';
import { Triage } from '../../src/core/triage';
import { loadKnowledgeBase } from '../../src/kb/load';
import { Matcher } from '../../src/match/matcher';
import { renderAnswer } from '../../src/render/text';

const DENIED = 'communication/mqtt-connack-not-authorized';

let triage: Triage;
let matcher: Matcher;
beforeAll(async () => {
  const loaded = await loadKnowledgeBase(DEFAULT_KB_DIR);
  if (!loaded.ok) throw new Error('KB does not load');
  triage = new Triage(loaded.kb);
  matcher = new Matcher(loaded.kb);
});

const head = [
  '1709900000: mosquitto version 2.0.15 running',
  '1709900000: Connecting bridge (step 1) cloud-bridge (mqtt.example-cloud.io:8883)',
  '1709900001: Connecting bridge (step 2) cloud-bridge (mqtt.example-cloud.io:8883)',
  '1709900001: Connection Refused: not authorised',
];
const logs: [string, string][] = [
  // as a user reported it
  ['as reported', [...head, '1709900001: Client local.edge-gw01.cloud-bridge disconnected: Connection refused.'].join('\n')],
  // what 2.0.15 prints after a refused CONNACK (MOSQ_ERR_CONN_LOST, src/loop.c)
  ['2.0.x', [...head, '1709900001: Client local.edge-gw01.cloud-bridge closed its connection.'].join('\n')],
  // 2.1.x without asynchronous DNS, MQTT 5 bridge
  [
    '2.1.x, MQTT 5',
    [
      '1709900000: mosquitto version 2.1.2 running',
      '1709900000: Connecting bridge cloud-bridge (mqtt.example-cloud.io:8883)',
      '1709900001: Connection Refused: Not authorized',
      '1709900001: Client local.edge-gw01.cloud-bridge [203.0.113.7:8883] disconnected: connection closed by client.',
    ].join('\n'),
  ],
];

describe('a Mosquitto bridge refused by its remote broker', () => {
  it.each(logs)('%s: is answered with the not-authorized entry', (_, log) => {
    expect(matcher.match(log).matches[0]?.id).toBe(DENIED);
    expect(triage.triage(log).matches[0]!.id).toBe(DENIED);
  });

  it('the card says the remote broker refused the bridge; the full entry has the bridge fix', () => {
    const answer = triage.triage(logs[0]![1]);
    const card = renderAnswer(answer, { colour: false }).replace(/\s+/g, ' ');
    expect(card).toContain('A Mosquitto bridge that logs it after `Connecting bridge …` was refused by the remote broker');
    expect(card).toContain('remote_username');
    const full = renderAnswer(answer, { colour: false }, { full: true });
    expect(full).toContain('Mosquitto bridge refused by its remote broker');
    expect(full).toMatch(/^\s*remote_username \S+$/m);
    expect(full).toMatch(/^\s*remote_password \S+$/m);
    expect(full).toContain('remote_clientid');
  });
});
