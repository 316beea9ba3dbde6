import { redactSecrets } from '../../../src/common/redact';
import { SecretForm, itHidesEachForm } from '../../helpers/redaction-forms';

/**
 * Credentials that MQTT products print with no key word the general passes knew, found by an
 * audit that read each product's source at a named version (the line is rebuilt from the format
 * string there, with a made-up secret), and prose that names a password before giving it.
 */
const FORMS: SecretForm[] = [
  // Prose: how people give a password in a sentence.
  ['"the password is" then the value', 'my password is Hunter22!', ['Hunter22!']],
  ['"password was set to"', 'the mqtt password was set to 12345678', ['12345678']],
  ['"password for <user> is"', 'The password for the mqtt user is Zx9!kQ', ['Zx9!kQ']],
  ['"password is:" with a full stop', 'the password is: Hunter22.', ['Hunter22']],
  [
    'Aliyun iotkit-embedded ALCS "deviceSecret is"',
    '[inf] alcs_mqtt_prefixkey_update(542): The prefix is  a1b2c3d4, deviceSecret is xZ7kQ2mN9pR4tW6y',
    ['xZ7kQ2mN9pR4tW6y'],
  ],
  // Key names the passes did not know.
  [
    'aws-iot-device-sdk-js 2.2.15 SigV4 "signing key:" (debug)',
    'signing key: 9a8b7c6d5e4f30211203f4e5d6c7b8a99a8b7c6d5e4f30211203f4e5d6c7b8a9',
    ['9a8b7c6d5e4f30211203f4e5d6c7b8a9'],
  ],
  [
    'Aliyun iotkit-embedded dynamic registration "Sign:"',
    '[inf] _calc_dynreg_sign(143): Sign: F0E1D2C3B4A5968778695A4B3C2D1E0F',
    ['F0E1D2C3B4A5968778695A4B3C2D1E0F'],
  ],
  [
    'ESPHome 2024.10 BLE "Bindkey:"',
    '[C][xiaomi_lywsd03mmc:013]:   Bindkey: E9.EF.AA.6D.EF.D3.2E.6B.7B.A3.F0.8E.C2.CC.83.B1 (16)',
    ['E9.EF.AA.6D'],
  ],
  // Byte lists: every byte is secret, not only the first.
  [
    'Paho Java v5 1.2.5 MqttConnect.toString() password bytes',
    'msg=MqttConnect [clientId=dev1, userName=alice, password=[83, 51, 99, 114, 51, 116, 80, 119], keepAliveInterval=60]',
    ['83, 51', '51, 99', '80, 119'],
  ],
  [
    'Paho Java v5 1.2.5 MQTT 5 authenticationData bytes',
    'authenticationMethod=SCRAM-SHA-1, authenticationData=[110, 44, 44, 110, 61, 117]]',
    ['110, 44', '61, 117'],
  ],
  // Tasmota's numbered and run-together keys.
  ['Tasmota Password1 reply', '{"Password1":"WifiS3cret9"}', ['WifiS3cret9']],
  [
    'Tasmota Backlog command',
    'Backlog SSID1 MyWifi; Password1 WifiS3cret9; MqttHost 192.168.1.10; MqttUser dvs; MqttPassword MqttS3cret9',
    ['WifiS3cret9', 'MqttS3cret9'],
  ],
  // Command lines.
  [
    'mosquitto_ctrl 2.0 dynsec createClient -p',
    'mosquitto_ctrl -u admin -P AdminPw1 dynsec createClient alice -p AliceSecr3t',
    ['AdminPw1', 'AliceSecr3t'],
  ],
  [
    'mosquitto_ctrl 2.0 dynsec setClientPassword',
    'mosquitto_ctrl -u admin -P AdminPw1 dynsec setClientPassword alice N3wSecr3tPw',
    ['N3wSecr3tPw'],
  ],
  [
    'two mosquitto_ctrl commands on one line',
    'mosquitto_ctrl dynsec createClient a -p Xy12abc; mosquitto_ctrl dynsec setClientPassword a Zz99pw',
    ['Xy12abc', 'Zz99pw'],
  ],
  ['emqx ctl admins passwd', 'emqx ctl admins passwd admin N3wDashb0ardPw', ['N3wDashb0ardPw']],
  ['emqx ctl admins add', 'emqx ctl admins add ops Op3ratorPw "ops team"', ['Op3ratorPw']],
  ['emqx_ctl (EMQX 4) admins add', 'emqx_ctl admins add ops Op3ratorPw', ['Op3ratorPw']],
  [
    "EMQX 4's emqx_auth_username: emqx_ctl users add",
    './bin/emqx_ctl users add dev01 D3vicePw01',
    ['D3vicePw01'],
  ],
  [
    "EMQX 4's emqx_auth_clientid and emqx_auth_mnesia: clientid add, user update",
    'emqx_ctl clientid add c1 D3vicePw02\nemqx_ctl user update dev01 D3vicePw03',
    ['D3vicePw02', 'D3vicePw03'],
  ],
  // An access token used as the MQTT user name.
  [
    'ThingsBoard access token as mosquitto_pub -u',
    'mosquitto_pub -d -q 1 -h "demo.thingsboard.io" -p "1883" -t "v1/devices/me/telemetry" -u "A1bC2dE3fG4hI5jK6lM7" -m {"temperature":25}',
    ['A1bC2dE3fG4hI5jK6lM7'],
  ],
  [
    'ThingsBoard MQTT transport DEBUG log',
    '2024-01-01 12:00:00,000 [nioEventLoopGroup-4-1] DEBUG o.t.s.t.mqtt.MqttTransportHandler - [/10.0.0.5:51234][6f1c3e0a] Processing connect msg for client with user name: A1bC2dE3fG4hI5jK6lM7!',
    ['A1bC2dE3fG4hI5jK6lM7'],
  ],
];

// Adafruit MQTT Library 2.6.5 with MQTT_DEBUG: the CONNECT packet, one byte at a time. The user
// name is "alice", the Adafruit IO key "aio_FakeKeyAbcdEfgh1234IjklMnop".
const ADAFRUIT_DUMP = [
  'MQTT connect packet:',
  '\t  [0x10], 9 [0x39],   [0x00],   [0x04], M [0x4D], Q [0x51], T [0x54], T [0x54], ',
  '\t  [0x04],   [0xC2],   [0x00], < [0x3C],   [0x00],   [0x05], a [0x61], d [0x64], ',
  '\ta [0x61], - [0x2D], 1 [0x31],   [0x00],   [0x05], a [0x61], l [0x6C], i [0x69], ',
  '\tc [0x63], e [0x65],   [0x00],   [0x1F], a [0x61], i [0x69], o [0x6F], _ [0x5F], ',
  '\tF [0x46], a [0x61], k [0x6B], e [0x65], K [0x4B], e [0x65], y [0x79], A [0x41], ',
  '\tn [0x6E], o [0x6F], p [0x70], ',
  'MQTT connect failed',
].join('\n');

/** Near the forms above, and not secrets. */
const KEEP = [
  'the password is wrong',
  'password for sensor-1 is wrong',
  'password authentication failed for user dev',
  'the password is not accepted since the upgrade',
  'mosquitto_ctrl -h localhost -p 1883 -u admin dynsec createClient alice -c dev1',
  'mosquitto_ctrl dynsec setClientPassword alice',
  'mosquitto_pub -h broker -t sensors/x -u sensor1 -m hi',
  'emqx ctl listeners',
  './bin/emqx_ctl users list',
  'emqx_ctl clientid del c1',
  'Client sent M [0x4D] once',
  'rc [0x05] from the broker',
  'the design: keep it simple',
  'sign in to the console',
  'MqttPassword not set',
  'signal=SIGTERM tokenizer=basic',
];

describe('redactSecrets on products and prose', () => {
  itHidesEachForm(FORMS, KEEP);

  it("hides every byte of Adafruit's packet dump, line by line, and keeps the lines", () => {
    const out = redactSecrets(ADAFRUIT_DUMP, { keepLines: true });
    const spelled = (s: string) => [...s].map((c) => `${c} [0x`).join('');
    expect(out).not.toMatch(/\[0x/);
    expect(out).not.toContain(spelled('op'));
    expect(out.split('\n')).toHaveLength(ADAFRUIT_DUMP.split('\n').length);
    expect(out.split('\n')[0]).toBe('MQTT connect packet:');
    expect(out.split('\n').at(-1)).toBe('MQTT connect failed');
    expect(redactSecrets(out)).toBe(out);
  });

  it('finds a dump after a "[0x" that is no byte (at the start of the text)', () => {
    const out = redactSecrets('[0x10] header\n' + ADAFRUIT_DUMP);
    expect(out).not.toMatch(/[a-z] \[0x6[0-9A-F]\]/);
  });

  it('keeps the quotes around a token it hides, and the rest of the command', () => {
    expect(
      redactSecrets('mosquitto_pub -t "v1/devices/me/telemetry" -u "A1bC2dE3fG4hI5jK6lM7" -m 1'),
    ).toBe('mosquitto_pub -t "v1/devices/me/telemetry" -u "****" -m 1');
  });
});
