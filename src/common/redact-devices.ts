/**
 * Credentials that device firmware and device-cloud tools print with no key word in front: the
 * MQTT AT commands of cellular and Wi-Fi modems (echoed in serial logs by TinyGSM, the FONA
 * drivers and vendor SDKs), Blynk's debug dump of its login packet, the Particle CLI's access
 * tokens, Losant's positional access secret, tinytuya's scan lines and device listings, keys that
 * are a topic level (ThingSpeak, Kaa) and Shelly's Wi-Fi key in its settings URLs.
 */
import { Edit, MASK, MAX_VALUE } from './redact-edits';

/**
 * Which arguments of an MQTT AT command are credentials (0-based, after the `=` or `:`). Each
 * command is read as its firmware builds it:
 * - SIMCom SIM7000/7070/7080 `AT+SMCONF="PASSWORD",<pw>` and `"USERNAME"` (often an access key);
 *   botletics SIM7000-LTE-Shield `Adafruit_FONA.cpp` at b90767c;
 * - SIMCom A76xx/SIM7600 `AT+CMQTTCONNECT=<i>,"tcp://…",<keepalive>,<clean>,<user>,<pw>`;
 *   LilyGO's TinyGSM `TinyGsmMqttA76xx.h` at cf8af0e;
 * - Quectel `AT+QMTCONN=<i>,<client id>,<user>,<pw>` and `AT+QMTCFG="ALIAUTH",<i>,<product
 *   key>,<device name>,<device secret>`; Quectel OpenCPU `ril/src/ril_mqtt.c` (2019);
 * - Luat Air724/Air780 `AT+MCONFIG=<client id>,<user>,<pw>`;
 * - Espressif ESP-AT `AT+MQTTUSERCFG=<link>,<scheme>,<client id>,<user>,<pw>,…` (and its
 *   `+MQTTUSERCFG:` query answer) and `AT+MQTTPASSWORD=<link>,<pw>`; esp-at MQTT_AT_Commands;
 * - Nordic's Serial LTE Modem `AT#XMQTTCON=<op>,<client id>,<user>,<pw>,<url>,<port>`;
 * - u-blox SARA and LENA `AT+UMQTT=4,<user>,<pw>` (op code 4 sets the login; the u-blox AT
 *   commands manual, as used in jetlogku/ublox_LENA_R8001_MQTT_AWS's README).
 */
const AT_COMMANDS: { name: string; secret: number[]; when?: [number, string[]] }[] = [
  { name: 'SMCONF', secret: [1], when: [0, ['PASSWORD', 'USERNAME']] },
  { name: 'CMQTTCONNECT', secret: [4, 5] },
  { name: 'QMTCONN', secret: [2, 3] },
  { name: 'QMTCFG', secret: [4], when: [0, ['ALIAUTH']] },
  { name: 'MCONFIG', secret: [1, 2] },
  { name: 'MQTTUSERCFG', secret: [3, 4] },
  { name: 'MQTTPASSWORD', secret: [1] },
  { name: 'XMQTTCON', secret: [2, 3] },
  { name: 'UMQTT', secret: [1, 2], when: [0, ['4']] },
];

/** The arguments of the AT command whose `=` or `:` is at `from`: each one's span, quotes out. */
function atArguments(text: string, from: number): { from: number; to: number }[] {
  const args: { from: number; to: number }[] = [];
  const limit = Math.min(text.length, from + MAX_VALUE);
  let i = from;
  while (i < limit && (text[i] === ' ' || text[i] === '\t')) i++;
  for (;;) {
    if (text[i] === '"') {
      let close = i + 1;
      while (close < limit && text[close] !== '"' && text[close] !== '\n') close++;
      if (text[close] !== '"') return args;
      args.push({ from: i + 1, to: close });
      i = close + 1;
    } else {
      let end = i;
      while (end < limit && !/[,\s]/.test(text[end]!)) end++;
      args.push({ from: i, to: end });
      i = end;
    }
    if (text[i] !== ',') return args;
    i++;
  }
}

// One scan finds every command above: a search per command name cost a scan of the text each.
const AT_NAME = new RegExp(`[+#](${AT_COMMANDS.map((c) => c.name).join('|')})[=:]`, 'g');

function atCommandSecrets(text: string): Edit[] {
  const edits: Edit[] = [];
  AT_NAME.lastIndex = 0;
  for (let m = AT_NAME.exec(text); m !== null; m = AT_NAME.exec(text)) {
    const { secret, when } = AT_COMMANDS.find((c) => c.name === m![1])!;
    const open = m.index + m[0].length;
    // Not the result code `+QMTCONN: 0,0,0` (a space after the colon).
    if (text[open - 1] === ':' && text[open] === ' ') continue;
    const args = atArguments(text, open);
    // What the arguments spanned is read once: a name inside them starts no other command.
    AT_NAME.lastIndex = Math.max(AT_NAME.lastIndex, args[args.length - 1]?.to ?? 0);
    if (when) {
      const tag = args[when[0]];
      if (!tag || !when[1].includes(text.slice(tag.from, tag.to).toUpperCase())) continue;
    }
    for (const n of secret) {
      const arg = args[n];
      if (arg && arg.to > arg.from && text.slice(arg.from, arg.to) !== MASK)
        edits.push({ from: arg.from, to: arg.to, text: MASK });
    }
  }
  return edits;
}

// ESP-AT's `AT+MQTTLONGPASSWORD=<link>,<length>` answers `OK` and the `>` prompt, then takes the
// password as raw bytes: a host's serial log shows it on the line after the prompt (or after
// `>` on the prompt's line). esp-at MQTT_AT_Commands, release v2.4.0.0 and v3.2.0.0.
const ESP_LONG_PASSWORD =
  /AT\+MQTTLONGPASSWORD=\d{1,3},(\d{1,4})[ \t]*\r?\n(?:[ \t]*OK[ \t]*\r?\n)?[ \t]*>[ \t]*(?:\r?\n[ \t]*)?([^\r\n]{1,1024})/dg;

function espLongPasswords(text: string): Edit[] {
  const edits: Edit[] = [];
  for (const m of text.matchAll(ESP_LONG_PASSWORD)) {
    const [from, end] = m.indices![2]!;
    if (/^(?:OK|ERROR)\s*$/.test(m[2]!) || m[2] === MASK) continue;
    // The length the command gave says where the password ends on a longer line.
    const length = Number(m[1]);
    edits.push({ from, to: length > 0 ? Math.min(end, from + length) : end, text: MASK });
  }
  return edits;
}

// `az iot dps [enrollment-group] compute-device-key` prints the derived device key (an HMAC-SHA256
// in base64, 44 characters) as a JSON string on the next non-blank line (Azure's DPS docs,
// "Derive a device key"; azure-iot-cli-extension's dps tests).
const AZ_DERIVED_KEY =
  /compute-device-key\b[^\n]{0,1000}\n(?:[ \t]*(?:```[\w-]{0,20}[ \t]*)?\r?\n){0,3}[ \t]*"?([A-Za-z0-9+/]{43}=)"?[ \t]*(?:\r?\n|$)/dg;

// Blynk's BLYNK_DEBUG dump of what it sends (`<`): the login command (0x1D) is followed by the
// device's auth token, on the same line (`<[1D|00|01|00|20]<token>`, blynk-library
// BlynkProtocol.h / BlynkDebug.h at 7fab3bc) or, on boards that print header and body apart, on
// the next line alone (`[5032] <<token>`). Blynk.Edgent logs `Blynk cloud: <token> @ host:port`.
const BLYNK_LOGIN = '<[1D|';
const BLYNK_TOKEN = /[A-Za-z0-9_-]{32}/y;

function blynkTokens(text: string): Edit[] {
  const edits: Edit[] = [];
  for (let at = text.indexOf(BLYNK_LOGIN); at >= 0; at = text.indexOf(BLYNK_LOGIN, at + 1)) {
    const close = text.slice(at, at + 24).indexOf(']') + at;
    if (close < at) continue;
    let from = close + 1;
    if (text[from] === '\n') {
      // The body on the next line: `[millis] <` then the token.
      const body = /^\[\d{1,10}\] </.exec(text.slice(from + 1, from + 16));
      if (!body) continue;
      from += 1 + body[0].length;
    }
    maskToken(text, from, edits);
  }
  const cloud = 'Blynk cloud: ';
  for (let at = text.indexOf(cloud); at >= 0; at = text.indexOf(cloud, at + 1))
    maskToken(text, at + cloud.length, edits);
  return edits;
}

function maskToken(text: string, from: number, edits: Edit[]): void {
  BLYNK_TOKEN.lastIndex = from;
  if (BLYNK_TOKEN.test(text) && !/[A-Za-z0-9_-]/.test(text[from + 32] ?? ''))
    edits.push({ from, to: from + 32, text: MASK });
}

// particle-cli (src/cmd/token.js at v3.49.2): `particle token create` prints the new token alone
// on the line after "New access token expires on …" (or "… never expires"); `token revoke` warns
// "WARNING: <token> is this CLI's access token".
const PARTICLE_NEW = 'New access token ';
const PARTICLE_OWN = " is this CLI's access token";

function particleTokens(text: string): Edit[] {
  const edits: Edit[] = [];
  for (let at = text.indexOf(PARTICLE_NEW); at >= 0; at = text.indexOf(PARTICLE_NEW, at + 1)) {
    const nl = text.indexOf('\n', at);
    if (nl < 0 || nl - at > 120) continue;
    const line = /^[ \t]*([0-9a-f]{40})[ \t]*(?:\n|$)/.exec(text.slice(nl + 1, nl + 64));
    if (line) {
      const from = nl + 1 + line[0].indexOf(line[1]!);
      edits.push({ from, to: from + 40, text: MASK });
    }
  }
  let previous = 0;
  for (let at = text.indexOf(PARTICLE_OWN); at >= 0; at = text.indexOf(PARTICLE_OWN, at + 1)) {
    let from = at;
    while (from > previous && at - from < MAX_VALUE && !/\s/.test(text[from - 1]!)) from--;
    previous = at + PARTICLE_OWN.length;
    if (at > from && text.slice(from, at) !== MASK) edits.push({ from, to: at, text: MASK });
  }
  return edits;
}

// Losant's Python client takes the access secret as the third argument: `Device("<device id>",
// "<access key>", "<access secret>")` (losant-mqtt-python v1.2.1 README). Masked when the third
// string reads like a secret, so `Device("a", "b", "c")` in other code stays.
const LOSANT_DEVICE =
  /\bDevice\(\s*(["'])[^"'\n]{1,100}\1\s*,\s*(["'])[^"'\n]{1,100}\2\s*,\s*(["'])/y;

function losantSecrets(text: string): Edit[] {
  const edits: Edit[] = [];
  for (let at = text.indexOf('Device('), read = 0; at >= 0; at = text.indexOf('Device(', read)) {
    read = at + 1;
    LOSANT_DEVICE.lastIndex = at;
    const m = LOSANT_DEVICE.exec(text);
    if (!m) continue;
    const from = at + m[0].length;
    const quote = m[3]!;
    let to = from;
    while (to < text.length && to - from < MAX_VALUE && text[to] !== quote && text[to] !== '\n')
      to++;
    read = Math.max(read, to);
    const value = text.slice(from, to);
    if (text[to] === quote && value !== MASK && /^[A-Za-z0-9_-]{20,}$/.test(value))
      edits.push({ from, to, text: MASK });
  }
  return edits;
}

// tinytuya's network scan (scanner.py at v1.20.0) prints `Local Key = <key>  Version = …`: a
// Tuya local key is 16 printable characters, `|`, `}` and `>` among them, so it runs to the two
// spaces before the next field rather than to a separator.
const TUYA_SCAN = 'Local Key = ';

function tuyaScanKeys(text: string): Edit[] {
  const edits: Edit[] = [];
  for (let at = text.indexOf(TUYA_SCAN); at >= 0; at = text.indexOf(TUYA_SCAN, at + 1)) {
    const from = at + TUYA_SCAN.length;
    let to = from;
    while (to < text.length && to - from < 64 && text[to] !== '\n' && !text.startsWith('  ', to))
      to++;
    while (to > from && /\s/.test(text[to - 1]!)) to--;
    if (to > from && text.slice(from, to) !== MASK) edits.push({ from, to, text: MASK });
  }
  return edits;
}

// tinytuya's `snapshot` and `devices` commands print a table (scanner.py at v1.13.0, the
// examples' snapshot.py): `%-25s %-24s %-16s %-17s %-5s` of Name, ID, IP, Key and Version. The
// key is known only by its column: each row below the heading, up to a blank line, has it where
// the heading has "Key".
const TUYA_TABLE_HEADING = /Name {2,40}ID {2,40}IP {2,40}Key {2,40}Version/g;
const TUYA_TABLE_ROWS = 1000;

function tuyaTableKeys(text: string): Edit[] {
  const edits: Edit[] = [];
  // Rows are read once: a heading inside a table already read starts no table of its own.
  let readTo = 0;
  for (const heading of text.matchAll(TUYA_TABLE_HEADING)) {
    if (heading.index < readTo) continue;
    const lineStart = text.lastIndexOf('\n', heading.index) + 1;
    const column = heading.index - lineStart + heading[0].indexOf('Key');
    let at = text.indexOf('\n', heading.index);
    for (let row = 0; at >= 0 && row < TUYA_TABLE_ROWS; row++) {
      const start = at + 1;
      const next = text.indexOf('\n', start);
      const end = next < 0 ? text.length : next;
      at = next;
      readTo = end;
      const line = text.slice(start, end);
      // The heading is followed by an empty line of its own (a colour reset): the rows start after.
      if (line.trim() === '') {
        if (row === 0) continue;
        break;
      }
      const key = /^\S{8,64}/.exec(line.slice(column));
      if (key && /\s/.test(line[column - 1] ?? ' ') && key[0] !== MASK)
        edits.push({ from: start + column, to: start + column + key[0].length, text: MASK });
    }
  }
  return edits;
}

// Keys that are a level of an MQTT topic: ThingSpeak's legacy MQTT API writes to
// `channels/<id>/publish/<write API key>` or `…/publish/fields/field1/<key>` (16 upper-case
// letters and digits), and Kaa's endpoint token is the level after `kp1/<app version>/dcx/`
// (kaaiot.com's MQTT device API).
const THINGSPEAK_TOPIC =
  /\bchannels\/\d{1,10}\/(?:publish|subscribe)(?:\/fields\/field\d)?\/([A-Z0-9]{16})\b/dg;
// ThingsBoard's HTTP and CoAP device APIs carry the access token as a path segment:
// `/api/v1/$ACCESS_TOKEN/telemetry` (thingsboard.io, reference/http-api and coap-api).
const THINGSBOARD_PATH =
  /\/api\/v1\/([A-Za-z0-9_-]{8,64})\/(?:telemetry|attributes|rpc|claim|firmware|software)\b/dg;
const KAA_TOPIC = /\bkp1\/[\w-]{1,100}\/(?:dcx|cmx|epmx)\/([\w-]{1,100})\//dg;

/** Each match's `group`, masked where `accept` takes its value (the regex has the `d` flag). */
function maskGroup(
  text: string,
  re: RegExp,
  group = 1,
  accept: (value: string) => boolean = () => true,
): Edit[] {
  const edits: Edit[] = [];
  for (const m of text.matchAll(re)) {
    const value = m[group]!;
    const [from, to] = m.indices![group]!;
    if (value !== MASK && accept(value)) edits.push({ from, to, text: MASK });
  }
  return edits;
}

// Tasmota's HTTP command API (`/cm?cmnd=MqttPassword%20<password>`, also inside a `Backlog`) and
// its Configure MQTT form (`/mq?…&mp=<password>&…`), Tasmota's docs (Commands, "Commands over
// HTTP") and its web UI's field names.
const TASMOTA_HTTP_PASSWORD =
  /\bcmnd=[^&\s"'#]{0,500}?(?<![A-Za-z])(?:Mqtt|Web)?Password\d?(?:%20|\+)([^&\s"'#%]{1,64})/dgi;
const TASMOTA_MQTT_FORM = /\/mq\?[^\s"'#]{0,500}?[?&]mp=([^&\s"'#]{1,256})/dg;

// Shelly Gen1's HTTP API sets the Wi-Fi password as `key=` on `/settings/sta` and `/settings/ap`
// (shelly-api-docs gen1): there `key` is a password, elsewhere in a URL it seldom is.
const SHELLY_WIFI = /\/settings\/(?:sta|ap)\?[^\s"'#]{0,512}?[?&]?\bkey=([^&\s"'#]{1,256})/dg;

// A field named just `key` holds a device's key in Tuya's listings (tinytuya's devices.json and
// wizard output at v1.20.0, `"key": "d37f3c1f34c28ca2"`; tuya-mqtt's devices.conf, `key:
// '8b2a69c9876543210'`) and Zigbee coordinator backups (`"network_key": {"key": "49dc…"}`).
// Elsewhere `key` names anything, so only a value shaped like a key is masked: hex digits, or
// letters and digits mixed, 16 to 64 characters, quoted.
const BARE_KEY = /(?:^|[\s{,])(["']?)key\1[ \t]*:[ \t]*(["'])([^"'\s]{16,64})\2/dg;

const keyShaped = (value: string): boolean =>
  /^[0-9a-f]+$/i.test(value) || (/[A-Za-z]/.test(value) && /\d/.test(value) && !/[./]/.test(value));

export function deviceSecrets(text: string): Edit[] {
  // A literal search each first: most texts hold none of these.
  return [
    ...(text.includes('AT+') || text.includes('AT#') || text.includes('+MQTTUSERCFG:')
      ? atCommandSecrets(text)
      : []),
    ...(text.includes('MQTTLONGPASSWORD') ? espLongPasswords(text) : []),
    ...(text.includes('compute-device-key') ? maskGroup(text, AZ_DERIVED_KEY) : []),
    ...(text.includes('[1D|') || text.includes('Blynk cloud') ? blynkTokens(text) : []),
    ...(text.includes('access token') ? particleTokens(text) : []),
    ...(text.includes('Device(') ? losantSecrets(text) : []),
    ...(text.includes(TUYA_SCAN) ? tuyaScanKeys(text) : []),
    ...(text.includes('Key               Version') ? tuyaTableKeys(text) : []),
    ...(text.includes('key"') || text.includes('key:')
      ? maskGroup(text, BARE_KEY, 3, keyShaped)
      : []),
    ...(text.includes('channels/') ? maskGroup(text, THINGSPEAK_TOPIC) : []),
    ...(text.includes('kp1/') ? maskGroup(text, KAA_TOPIC) : []),
    ...(text.includes('/api/v1/') ? maskGroup(text, THINGSBOARD_PATH) : []),
    ...(text.includes('cmnd=') ? maskGroup(text, TASMOTA_HTTP_PASSWORD) : []),
    ...(text.includes('/mq?') ? maskGroup(text, TASMOTA_MQTT_FORM) : []),
    ...(text.includes('/settings/sta?') || text.includes('/settings/ap?')
      ? maskGroup(text, SHELLY_WIFI)
      : []),
  ];
}
