/**
 * Every return/reason code the MQTT specifications define, by packet.
 * MQTT 3.1.1 §3.2.2.3 (CONNACK return codes) and §3.9.3 (SUBACK return codes);
 * MQTT 5.0 §2.4 Table 2-6 (reason codes) and the per-packet tables in §3.
 * The matcher uses it to read a bare code in every way the protocol allows and to say so when
 * a code is ambiguous; the KB lint uses it to reject code claims the protocol does not define.
 */
/** The packets that carry return or reason codes, as the specs name them. */
export const MQTT_PACKETS = [
  'CONNACK',
  'PUBACK',
  'PUBREC',
  'PUBREL',
  'PUBCOMP',
  'SUBACK',
  'UNSUBACK',
  'DISCONNECT',
  'AUTH',
] as const;
export type MqttPacket = (typeof MQTT_PACKETS)[number];

export type ProtocolFamily = 'v3' | 'v5';

export interface ReasonCodeReading {
  value: number;
  packets: MqttPacket[];
  family: ProtocolFamily;
  meaning: string;
  /** Success codes (< 0x80, bar v3 CONNACK refusals) are not errors: no KB entry is expected. */
  error: boolean;
}

const ALL_ACKS: MqttPacket[] = ['CONNACK', 'PUBACK', 'PUBREC', 'SUBACK', 'UNSUBACK', 'DISCONNECT'];

const V3: ReasonCodeReading[] = [
  { value: 0x00, packets: ['CONNACK'], family: 'v3', meaning: 'Connection Accepted', error: false },
  {
    value: 0x01,
    packets: ['CONNACK'],
    family: 'v3',
    meaning: 'Connection Refused, unacceptable protocol version',
    error: true,
  },
  {
    value: 0x02,
    packets: ['CONNACK'],
    family: 'v3',
    meaning: 'Connection Refused, identifier rejected',
    error: true,
  },
  {
    value: 0x03,
    packets: ['CONNACK'],
    family: 'v3',
    meaning: 'Connection Refused, Server unavailable',
    error: true,
  },
  {
    value: 0x04,
    packets: ['CONNACK'],
    family: 'v3',
    meaning: 'Connection Refused, bad user name or password',
    error: true,
  },
  {
    value: 0x05,
    packets: ['CONNACK'],
    family: 'v3',
    meaning: 'Connection Refused, not authorized',
    error: true,
  },
  {
    value: 0x00,
    packets: ['SUBACK'],
    family: 'v3',
    meaning: 'Success, maximum QoS 0',
    error: false,
  },
  {
    value: 0x01,
    packets: ['SUBACK'],
    family: 'v3',
    meaning: 'Success, maximum QoS 1',
    error: false,
  },
  {
    value: 0x02,
    packets: ['SUBACK'],
    family: 'v3',
    meaning: 'Success, maximum QoS 2',
    error: false,
  },
  { value: 0x80, packets: ['SUBACK'], family: 'v3', meaning: 'Failure', error: true },
];

const v5 = (value: number, meaning: string, packets: MqttPacket[]): ReasonCodeReading => ({
  value,
  packets,
  family: 'v5',
  meaning,
  error: value >= 0x80,
});

const V5: ReasonCodeReading[] = [
  v5(0x00, 'Success', ['CONNACK', 'PUBACK', 'PUBREC', 'PUBREL', 'PUBCOMP', 'UNSUBACK', 'AUTH']),
  v5(0x00, 'Normal disconnection', ['DISCONNECT']),
  v5(0x00, 'Granted QoS 0', ['SUBACK']),
  v5(0x01, 'Granted QoS 1', ['SUBACK']),
  v5(0x02, 'Granted QoS 2', ['SUBACK']),
  v5(0x04, 'Disconnect with Will Message', ['DISCONNECT']),
  v5(0x10, 'No matching subscribers', ['PUBACK', 'PUBREC']),
  v5(0x11, 'No subscription existed', ['UNSUBACK']),
  v5(0x18, 'Continue authentication', ['AUTH']),
  v5(0x19, 'Re-authenticate', ['AUTH']),
  v5(0x80, 'Unspecified error', ALL_ACKS),
  v5(0x81, 'Malformed Packet', ['CONNACK', 'DISCONNECT']),
  v5(0x82, 'Protocol Error', ['CONNACK', 'DISCONNECT']),
  v5(0x83, 'Implementation specific error', ALL_ACKS),
  v5(0x84, 'Unsupported Protocol Version', ['CONNACK']),
  v5(0x85, 'Client Identifier not valid', ['CONNACK']),
  v5(0x86, 'Bad User Name or Password', ['CONNACK']),
  v5(0x87, 'Not authorized', ALL_ACKS),
  v5(0x88, 'Server unavailable', ['CONNACK']),
  v5(0x89, 'Server busy', ['CONNACK', 'DISCONNECT']),
  v5(0x8a, 'Banned', ['CONNACK']),
  v5(0x8b, 'Server shutting down', ['DISCONNECT']),
  v5(0x8c, 'Bad authentication method', ['CONNACK', 'DISCONNECT']),
  v5(0x8d, 'Keep Alive timeout', ['DISCONNECT']),
  v5(0x8e, 'Session taken over', ['DISCONNECT']),
  v5(0x8f, 'Topic Filter invalid', ['SUBACK', 'UNSUBACK', 'DISCONNECT']),
  v5(0x90, 'Topic Name invalid', ['CONNACK', 'PUBACK', 'PUBREC', 'DISCONNECT']),
  v5(0x91, 'Packet Identifier in use', ['PUBACK', 'PUBREC', 'SUBACK', 'UNSUBACK']),
  v5(0x92, 'Packet Identifier not found', ['PUBREL', 'PUBCOMP']),
  v5(0x93, 'Receive Maximum exceeded', ['DISCONNECT']),
  v5(0x94, 'Topic Alias invalid', ['DISCONNECT']),
  v5(0x95, 'Packet too large', ['CONNACK', 'DISCONNECT']),
  v5(0x96, 'Message rate too high', ['DISCONNECT']),
  v5(0x97, 'Quota exceeded', ['CONNACK', 'PUBACK', 'PUBREC', 'SUBACK', 'DISCONNECT']),
  v5(0x98, 'Administrative action', ['DISCONNECT']),
  v5(0x99, 'Payload format invalid', ['CONNACK', 'PUBACK', 'PUBREC', 'DISCONNECT']),
  v5(0x9a, 'Retain not supported', ['CONNACK', 'DISCONNECT']),
  v5(0x9b, 'QoS not supported', ['CONNACK', 'DISCONNECT']),
  v5(0x9c, 'Use another server', ['CONNACK', 'DISCONNECT']),
  v5(0x9d, 'Server moved', ['CONNACK', 'DISCONNECT']),
  v5(0x9e, 'Shared Subscriptions not supported', ['SUBACK', 'DISCONNECT']),
  v5(0x9f, 'Connection rate exceeded', ['CONNACK', 'DISCONNECT']),
  v5(0xa0, 'Maximum connect time', ['DISCONNECT']),
  v5(0xa1, 'Subscription Identifiers not supported', ['SUBACK', 'DISCONNECT']),
  v5(0xa2, 'Wildcard Subscriptions not supported', ['SUBACK', 'DISCONNECT']),
];

export const REASON_CODES: readonly ReasonCodeReading[] = [...V3, ...V5];

/** A single code/packet/family reading, one per packet. */
export interface CodeReading {
  value: number;
  packet: MqttPacket;
  family: ProtocolFamily;
  meaning: string;
  error: boolean;
}

const byValue = new Map<number, CodeReading[]>();
for (const r of REASON_CODES)
  for (const packet of r.packets) {
    const list = byValue.get(r.value) ?? [];
    list.push({ value: r.value, packet, family: r.family, meaning: r.meaning, error: r.error });
    byValue.set(r.value, list);
  }

/** Every way the specifications read `value`. */
export function readingsOf(value: number): readonly CodeReading[] {
  return byValue.get(value) ?? [];
}

/** MQTT 3.1 and 3.1.1 share one return-code table (§3.2.2.3); MQTT 5.0 has reason codes (§2.4). */
export function familyOf(protocol: '3.1' | '3.1.1' | '5.0'): ProtocolFamily {
  return protocol === '5.0' ? 'v5' : 'v3';
}

/** A code as the specs write it: `0x87`. */
export function hex(value: number): string {
  return `0x${value.toString(16).toUpperCase().padStart(2, '0')}`;
}
