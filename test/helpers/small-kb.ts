/** A small KB with overlapping codes, for matcher tests whose outcome must not depend on kb/. */
import { buildKnowledgeBase, KnowledgeBase } from '../../src/kb/load';
import { EntrySpec, entryText } from './entry-text';

const SHARED_0X87 =
  'CONNACK, PUBACK and SUBACK all use 0x87: the packet named in the text decides.';

export const SMALL_KB_SPECS: EntrySpec[] = [
  {
    id: 't/not-authorized',
    codes: [
      ['0x05', 'CONNACK', '3.1.1', 'Connection Refused, not authorized'],
      ['0x87', 'CONNACK', '5.0', 'Not authorized'],
      ['5', 'connect', 'paho-java', 'Not authorized to connect'],
    ],
    signals: [
      'not authorised',
      'not authorized',
      'Client * disconnected, not authorised',
      'Connection Refused: not authorised',
    ],
    disambiguation: SHARED_0X87,
  },
  {
    id: 't/bad-credentials',
    codes: [
      ['0x04', 'CONNACK', '3.1.1', 'bad user name or password'],
      ['0x86', 'CONNACK', '5.0', 'Bad User Name or Password'],
    ],
    signals: ['bad user name or password'],
  },
  {
    id: 't/publish-denied',
    codes: [
      ['0x87', 'PUBACK', '5.0', 'Not authorized'],
      // A publish-time -2 (esp-mqtt's outbox full), to rank against PubSubClient's connect-time -2.
      ['-2', 'publish', 'esp-mqtt', 'outbox full'],
    ],
    signals: ['Denied PUBLISH from'],
    disambiguation: SHARED_0X87,
  },
  {
    id: 't/subscription-rejected',
    codes: [
      ['0x80', 'SUBACK', '3.1.1', 'Failure'],
      ['0x87', 'SUBACK', '5.0', 'Not authorized'],
    ],
    disambiguation: SHARED_0X87,
  },
  {
    id: 't/identifier-rejected',
    codes: [
      ['0x02', 'CONNACK', '3.1.1', 'identifier rejected'],
      ['0x85', 'CONNACK', '5.0', 'Client Identifier not valid'],
    ],
    signals: ['identifier rejected'],
  },
  {
    id: 't/connection-refused',
    codes: [['-2', 'state()', 'pubsubclient', 'MQTT_CONNECT_FAILED']],
    signals: ['ECONNREFUSED` (needs MQTT context)', 'MQTT_CONNECT_FAILED'],
  },
  {
    id: 't/connection-lost',
    codes: [['7', 'on_disconnect', 'paho-python', 'MQTT_ERR_CONN_LOST']],
    signals: [
      'MQTT_ERR_CONN_LOST',
      'Connection lost',
      'The connection was lost.` (needs MQTT context)',
    ],
  },
];

export function smallKb(): KnowledgeBase {
  return kbOf(SMALL_KB_SPECS);
}

/** A KB made of the given entries, or an error naming each problem. */
export function kbOf(specs: EntrySpec[]): KnowledgeBase {
  const result = buildKnowledgeBase(
    'test-kb',
    specs.map((s) => ({ file: `test-kb/${s.id}.md`, id: s.id, text: entryText(s) })),
  );
  if (!result.ok)
    throw new Error(result.problems.map((p) => `${p.file}:${p.line}: ${p.message}`).join('\n'));
  return result.kb;
}
