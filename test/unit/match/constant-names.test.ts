import { ConstantNames } from '../../../src/match/constant-names';
import { kbOf } from '../../helpers/small-kb';

const kb = kbOf([
  { id: 't/lost', signals: ['MQTT_ERR_CONN_LOST', 'connection lost'] },
  { id: 't/auth', signals: ['MqttUnauthorizedException', 'notAuthorizedAtAll'] },
  { id: 't/short', signals: ['RC_OK'] },
]);
const names = new ConstantNames(
  kb.entries.flatMap((e, entryIndex) =>
    e.signals.map((s) => ({ entryIndex, phrase: s.phrase, weak: s.weak })),
  ),
);
const idsOf = (typed: string): string[] =>
  names.find(typed.toLowerCase()).map((c) => kb.entries[c.entryIndex]!.id);

describe('ConstantNames', () => {
  it.each([
    'MQTT_ERR_CONN_LOST',
    'mqtt err conn lost',
    'Mqtt-Err-Conn-Lost',
    'mqtt_err_conn_lost (7)',
    'MQTT ERR CONN LOST = 7',
    'mqtt err conn lost rc 7',
  ])('finds a constant typed as %s', (typed) => {
    expect(idsOf(typed)).toEqual(['t/lost']);
  });

  it('finds camelCase and PascalCase names written as words', () => {
    expect(idsOf('Mqtt Unauthorized Exception')).toEqual(['t/auth']);
    expect(idsOf('not authorized at all')).toEqual(['t/auth']);
  });

  it('leaves out phrases that are not names, names too short to tell from words, and near misses', () => {
    expect(idsOf('connection lost')).toEqual([]);
    expect(idsOf('rc ok')).toEqual([]);
    expect(idsOf('mqtt err conn lost badly')).toEqual([]);
  });
});
