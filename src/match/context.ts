/**
 * What the words around a signal say: is this about MQTT at all, which packet, which protocol
 * version, which client library or broker. Generic signals count only with MQTT context, and
 * codes are read in the packet and version the text points to.
 */
import { Library, MqttPacket } from '../kb/entry';
import { ProtocolFamily } from '../common/reason-codes';

// `OpenSSL Error[0]:` (2.1: `OpenSSL Error on …[0]:`) is libmosquitto's log line, and the forks'.
const MQTT_WORDS =
  /mqtt|\bmosquitto|\bmosquito[ ._-]?(?:broker|server|conf|pub|sub|passwd|log|service|container|docker|add-?on|version|daemon)|\bmosca\b|\baedes\b|\besphome\b|\biot ?hub\b|\bazure[- ]iot|\bemqx|\bhivemq|\bvernemq|\bnanomq|\bpaho|pubsubclient|\bconnack|\bsuback|\bpuback|\bunsuback|\bpubrec|\bpubcomp|:1883\b|:8883\b|\b1883\b|\b8883\b|\bz2m\b|tasmota|\bkeep ?alive\b|\bqos\b|\baws iot\b|\bawsiot\w*|-ats\.iot\.[a-z0-9-]{1,32}\.amazonaws\.com\b|\bamqjs\d{4}[ew]\b|failed to connect to a broker|\biot core\b|\bgreengrass\b|\bon_connect\b|\bon_disconnect\b|\bloop_forever\b|\bloop_start\b|\bdisconnecting client\b|\blwt\b|\blast will\b|\bretained\b|\bsparkplug|\btortoise\.(?:connection|registry|handler|supervisor)\b|\bopenssl error\b[^\n[]{0,60}\[\d+\]:/;

/** Other systems whose errors share words with MQTT's (connection refused, timeouts, TLS). */
const OTHER_SYSTEM_WORDS =
  /\bkafka\b|zookeeper|\brocketmq\b|\bcom\.rabbitmq\.client\b|\bnats\b|\bzeromq\b|\bzmq\b|\bjms\b|\bpulsar\b|\bpostgres|\bpsql\b|\bpg_|\bmysql|mariadb|\bredis\b|:6379\b|:5432\b|:3306\b|:9092\b|:5672\b|:27017\b|\bamqp|\bgrpc\b|\bnginx\b|\bnpm err|\bnpm error\b|\bdocker\b|\bkubectl\b|\bcrashloopbackoff\b|\bssh\b|port 22\b|\bgit\b|\bmongo|elasticsearch|\bhttp\/[12]|\b50[234] bad gateway|\bbad gateway\b|\bcurl\b|\bsmtp\b|\bldap\b|\bjdbc\b|\bsqlstate\b/;

// Words of publish/subscribe messaging: one alone says little (Kafka has brokers and topics too),
// two different ones in a text that names no other system say it is about MQTT.
const PUBSUB_WORDS =
  /\b(?:broker|subscri(?:be|bed|ber|bers|bing|ption|ptions)|publish(?:e[ds]|er|ers|ing)?|topics?|retain(?:ed)?|client ?ids?|clientids?|last will|will message|iot|sensors?|esp32|esp8266|tasmota|node-red|home assistant|zigbee)\b/g;

/**
 * True when the text says it is about MQTT (a product, a packet, a port, two publish/subscribe
 * words). Any word with "mqtt" in it counts: client and broker names are mostly built on it
 * (rumqttc, aiomqtt, gmqtt, amqtt, mqttui, AsyncMqttClient, MQTTnet, zigbee2mqtt).
 */
export function hasMqttContext(norm: string): boolean {
  if (MQTT_WORDS.test(norm)) return true;
  const found = new Set<string>();
  for (const m of norm.matchAll(PUBSUB_WORDS)) {
    found.add(m[0].replace(/s$/, '').slice(0, 6));
    if (found.size >= 2) return !OTHER_SYSTEM_WORDS.test(norm);
  }
  return false;
}

// A package manager or build tool failing: the text may name an MQTT library (`npm ERR! …
// mqtt@5`, `No matching distribution found for paho-mqtt==3.0.0`) but the problem is the install.
const INSTALL_FAILURE =
  /\bnpm err!|\bnpm error\b|\bpnpm err|\byarn error\b|no matching distribution found|could not find a version that satisfies|\berror: could not compile\b|could not resolve dependenc|\bgyp err!|\bcompil(?:e|ing)\b[^\n]*\b(?:could not find|cannot find|can't find)\b[^\n]*\.h\b|\.h: no such file|\bcmake error\b|fatal error: [^\n]*\.h\b|undefined reference to\b|\bld returned \d+ exit status|\bmake(?:\[\d+\])?: \*\*\*|\bcompilation terminated\b/;

/** True when the text is a package manager's or build tool's failure, whatever package it names. */
export function reportsInstallFailure(norm: string): boolean {
  return INSTALL_FAILURE.test(norm);
}

// A change being announced, not a problem being reported: a commit or pull request title ("Fix
// error …", "fix(tls): …", "Bump mqtt from 4.3.7 to 5.0.0"), or release notes (a version heading
// with its date, or fixes that each close an issue). Chat integrations post these into channels.
const CHANGE_TITLE =
  /^(?:\[[^\]\n]{1,40}\]\s*)?(?:fix(?:es|ed)?|bump|revert|merge (?:pull request|branch)|release[sd]?|chore|feat|refactor)\b(?:\([^)\n]{0,40}\))?[^?\n]*$/;
const RELEASE_HEADING = /^(?:#{1,4} *)?v?\d+\.\d+(?:\.\d+)? *(?:[-–(] *\d{4}-\d{2}-\d{2})/m;
const CLOSES_ISSUE = /\b(?:closes|fixes|resolves) #\d+/g;
// A pull request's description: it starts by naming the issue it closes, or has its template's
// headings ("**Motivation**", "## Changes", "### Proposed changes").
const CLOSES_FIRST =
  /^(?:closes|fixes|resolves|fix(?:es)?:?) (?:#\d+|https:\/\/github\.com\/\S+\/(?:issues|pull)\/\d+)/;
const PR_HEADING =
  /^(?:#{1,4} *|\*\*)(?:motivation|changes(?: made| in this (?:pr|pull request))?|proposed changes|summary of (?:the )?changes|what (?:this|does this) (?:pr|pull request)\b[^\n]{0,20})(?:\*\*)?:? *$/m;
const CHANGE_HEAD = 3000;

// A change proposed or asked for: a feature request ("it would be useful if…", "please add
// support for…"), a pull request or commit describing itself ("this commit introduces…"), or a
// task list of features to build.
const PROPOSAL =
  /\b(?:it would be (?:useful|nice|great|good|helpful|better)|would be (?:nice|great|useful|helpful) (?:if|to)|please (?:add|support|consider|implement|allow|expose)\b|feature request\b(?! related to a problem)|i (?:propose|would propose)|(?:this|the) (?:commit|pr|pull request|change|patch) (?:introduces|adds|contains|implements|makes|allows)|provide a (?:new )?(?:setting|option|way)|having (?:such|this|these) [\w ]{1,30} would)|^ *[-*] \[[ x]\] /m;

/**
 * True when the text announces a change (a commit or pull request title, release notes) or
 * proposes one (a feature request, a pull request's description): nobody asks for help there.
 */
export function announcesChange(norm: string): boolean {
  // Such notes say what they are at the top; reading only the head keeps a long log's cost flat.
  const head = norm.length > CHANGE_HEAD ? norm.slice(0, CHANGE_HEAD) : norm;
  const first = head.slice(0, head.indexOf('\n') + 1 || head.length).trim();
  if (CHANGE_TITLE.test(first) || CLOSES_FIRST.test(first)) return true;
  if (PR_HEADING.test(head)) return true;
  if (RELEASE_HEADING.test(head)) return true;
  if (PROPOSAL.test(head)) return true;
  return (head.match(CLOSES_ISSUE)?.length ?? 0) >= 2;
}

/** Names another system's software or port (a URL alone does not: stories link to docs). */
export const namesOtherSoftware = (norm: string): boolean => OTHER_SYSTEM_WORDS.test(norm);

/** True when the text names another system whose errors share words with MQTT's, or its URL. */
export function hasOtherSystemContext(norm: string): boolean {
  // An https:// URL is another system's unless the text says MQTT (a lookahead for "mqtt" after
  // every URL would rescan the line once per URL).
  return OTHER_SYSTEM_WORDS.test(norm) || (norm.includes('https://') && !norm.includes('mqtt'));
}

const PACKET_HINTS: [RegExp, MqttPacket][] = [
  [
    /\bconnack\b|\bconnect(?:ion)? (?:refused|rejected|failed)|\bconnect(?:ing|ed)?\b|\bconnection\b|\bon_connect\b|\breturn code\b|\bconnect_?rc\b/,
    'CONNACK',
  ],
  // The verbs count inside identifiers too (`publish_not_authorized`, VerneMQ's reason).
  [
    /\bsuback\b|(?<![a-z0-9])subscri(?:be|bes|bed|ber|bers|ption|ptions|bing)(?![a-z0-9])|\bgranted[ _]qos\b/,
    'SUBACK',
  ],
  [/\bunsuback\b|(?<![a-z0-9])unsubscribe(?![a-z0-9])/, 'UNSUBACK'],
  [/\bpuback\b|\bpubrec\b|(?<![a-z0-9])publish(?:es|ing|ed|er|ers)?(?![a-z0-9])/, 'PUBACK'],
  [/\bdisconnect(?:ed|ion)?\b|\bon_disconnect\b/, 'DISCONNECT'],
  [/\bauth packet\b|\bre-?authenticat/, 'AUTH'],
];

/** Whether a line is about a subscribe or a publish (their packets, or the verbs in any form). */
export function aboutSubscribeOrPublish(norm: string): boolean {
  return packetHints(norm).some((p) => p === 'SUBACK' || p === 'UNSUBACK' || p === 'PUBACK');
}

/** Packets a line points at, most specific first (an explicit packet name beats a verb). */
export function packetHints(norm: string): MqttPacket[] {
  const explicit =
    /\b(connack|suback|unsuback|puback|pubrec|pubrel|pubcomp|disconnect|auth)\b/.exec(norm);
  const found: MqttPacket[] = [];
  if (explicit) {
    found.push(explicit[1]!.toUpperCase() as MqttPacket);
  }
  for (const [re, packet] of PACKET_HINTS)
    if (re.test(norm) && !found.includes(packet)) found.push(packet);
  return found;
}

const V5_HINTS =
  /\bmqtt ?v?5(?:\.0)?\b|\bmqttv5\b|\bv5\b|\bprotocol ?version:? ?5\b|\bprotocolversion: ?5\b|\breason ?code\b|\breasoncode\b|\breason_code\b|\bmqtt5\b/;
const V3_HINTS =
  /\bmqtt ?v?3\.1(?:\.1)?\b|\bmqttv311\b|\bmqttv31\b|\bv3\.1(?:\.1)?\b|\b3\.1\.1\b|\bprotocol ?version:? ?4\b|\bprotocolversion: ?4\b|\breturn ?code\b|\breturncode\b/;

/** The MQTT version the text implies, if it says: `v5`, `MQTT 5`, `protocolVersion: 4`… */
export function versionHint(norm: string): ProtocolFamily | null {
  const v5 = V5_HINTS.test(norm);
  const v3 = V3_HINTS.test(norm);
  if (v5 && !v3) return 'v5';
  if (v3 && !v5) return 'v3';
  return null;
}

const LIBRARY_HINTS: [RegExp, Library][] = [
  [
    /org\.eclipse\.paho|mqttexception|mqttsecurityexception|\bpaho[ .-]?java\b|\bmqttasyncclient\b|\bmqttclient\.connect\b/,
    'paho-java',
  ],
  [
    /\bpaho[ .-]?(?:mqtt[ .-]?)?python\b|paho\.mqtt\.client|\bmqtt_err_|\bon_connect\b|\bon_disconnect\b|\bloop_forever\b|\bloop_start\b|\bpaho-mqtt\b/,
    'paho-python',
  ],
  [/\bmqttclient_|\bmqttasync_|\bpaho[ .-]?c\b|\bpaho\.mqtt\.c\b/, 'paho-c'],
  [/\bpaho[ .-]?go\b|eclipse\/paho\.mqtt\.golang|\bpaho\.mqtt\.golang\b/, 'paho-go'],
  [
    /\bpubsubclient\b|\bclient\.state\(\)|\bstate\(\)|\bfailed, rc=|\bconnect failed to \S+, rc\b|\bmqtt_connect_failed\b|\bmqtt_connection_timeout\b|\barduino\b|\besp8266\b/,
    'pubsubclient',
  ],
  [/\besp[-_]mqtt\b|\bmqtt_client:|\besp-idf\b|\besp_mqtt\b|\bmqtt_event_error\b/, 'esp-mqtt'],
  [/\bm2mqtt\b|\buplibrary\.m2mqtt|\bmqttclientexception\b/, 'm2mqtt'],
  [/\bmqttnet\b/, 'mqttnet'],
  [
    /\bhivemq[ .-]?client\b|com\.hivemq\.client|\bmqtt5connackexception\b|\bmqtt3connackexception\b/,
    'hivemq-client',
  ],
  [/\bmqtt\.js\b|\bmqttjs\b|\bnode_modules\/mqtt\b|\berror: connection refused:/, 'mqtt.js'],
  [/\baws[-_ ]iot[-_ ](?:device[-_ ])?sdk\b|\bawsiot\b|\baws_iot_mqtt\b|\bawscrt\b/, 'aws-iot-sdk'],
  [/\bmosq_err_|\blibmosquitto\b/, 'mosquitto-lib'],
];

/** Client libraries the text names (their own code tables then apply). */
export function libraryHints(norm: string): Library[] {
  return LIBRARY_HINTS.filter(([re]) => re.test(norm)).map(([, lib]) => lib);
}

/** Brokers, platforms and libraries named in the text, for version notes in the answer. */
const PRODUCTS: [RegExp, string][] = [
  [/\bmosquitto\b/, 'Mosquitto'],
  // EMQX's own modules and socket library name themselves in its logs (`emqx_connection`,
  // `esockd_connection_sup`), as do HiveMQ's event log (`Client ID: c1, IP: 10.0.0.5 was
  // disconnected.`) and RabbitMQ's MQTT plugin (`rabbit_mqtt_reader`, "accepting MQTT connection").
  [/\bemqx\b|\bemqx_[a-z_]{2,40}\b|\besockd_[a-z_]{2,40}\b/, 'EMQX'],
  [
    /\bhivemq\b|\bclient id: [^,\n]{1,200}, ip: [0-9a-f.:]{2,45} (?:was disconnected|connected)\b/,
    'HiveMQ',
  ],
  // AWS IoT endpoints are `<id>-ats.iot.<region>.amazonaws.com`; another service's host
  // (Amazon MQ's `b-….mq.<region>.amazonaws.com`) is not IoT Core.
  [
    /\baws iot\b|\biot core\b|\biot\.[a-z0-9-]{1,32}\.amazonaws\.com\b|\bgreengrass\b/,
    'AWS IoT Core',
  ],
  [/\bpaho\b|\bmqttexception\b|\bmqtt_err_/, 'Paho'],
  [/\bmqtt\.js\b|\bmqttjs\b|\bnode_modules\/mqtt\b/, 'MQTT.js'],
  // VerneMQ's log lines name their Erlang module (`<0.1234.0>@vmq_ranch:teardown:138`).
  [/\bvernemq\b|@vmq_[a-z_]{1,40}:/, 'VerneMQ'],
  [/\brabbitmq\b|\brabbit_mqtt_[a-z_]{2,40}\b|\baccepting mqtt connection\b/, 'RabbitMQ'],
  [/\bazure iot\b|\bazure-devices\.net\b/, 'Azure IoT Hub'],
  [/\bpubsubclient\b/, 'PubSubClient'],
  // ESP-IDF's log line: level, milliseconds since boot, component tag (`E (4120) mqtt_client:`).
  [
    /\besp[-_]mqtt\b|\besp-idf\b|\b[iwe] \(\d{1,10}\) (?:mqtt_client|esp-tls|esp_netif[a-z_]{0,20}):/,
    'ESP-IDF',
  ],
  [/\bnats-server\b|\bnats (?:server|jetstream)\b/, 'NATS'],
  [/\bmqttnet\b/, 'MQTTnet'],
];

// All of them in one pass over the text (eleven passes were a twentieth of a long log's match):
// each product's pattern is one group of the alternation.
const ANY_PRODUCT = new RegExp(PRODUCTS.map(([re]) => `(${re.source})`).join('|'), 'g');

/** Brokers, platforms and libraries named in the text, for version notes. */
export function recognisedProducts(norm: string): string[] {
  const found = new Set<number>();
  ANY_PRODUCT.lastIndex = 0;
  for (let m = ANY_PRODUCT.exec(norm); m !== null; m = ANY_PRODUCT.exec(norm)) {
    found.add(m.findIndex((group, i) => i > 0 && group !== undefined) - 1);
    // The next search starts inside this match: a name within another ("esp-mqtt.js") counts.
    ANY_PRODUCT.lastIndex = m.index + 1;
  }
  return PRODUCTS.filter((_, i) => found.has(i)).map(([, name]) => name);
}
