/**
 * The log lines the second KB review (issue 16) and the Mosquitto 2.1 pass (issue 11) found,
 * exactly as each version prints them, lead to the entries that explain them; and every
 * delivery-side entry (issue 17) is reachable both by its signals and by its symptoms in plain words.
 */
import { promises as fs } from 'fs';
import path from 'path';
import { DEFAULT_KB_DIR } from '../../src/config';
import { KnowledgeBase, loadKnowledgeBase } from '../../src/kb/load';
import { Matcher } from '../../src/match/matcher';

let kb: KnowledgeBase;
let matcher: Matcher;
beforeAll(async () => {
  const loaded = await loadKnowledgeBase(DEFAULT_KB_DIR);
  if (!loaded.ok) throw new Error('KB does not load');
  kb = loaded.kb;
  matcher = new Matcher(kb);
});

const ids = (text: string, n: number) => matcher.match(text).matches.slice(0, n).map((m) => m.id.replace('communication/', ''));

describe('log lines as each version prints them', () => {
  it.each([
    // Mosquitto 2.0.0-2.0.11, then 2.0.12+ (src/loop.c): shared by two entries, both named.
    ['1700000000: Client <unknown> disconnected due to QoS too high or retain not supported.', ['mqtt-feature-not-supported', 'mqtt-bad-authentication-method']],
    ['1700000000: Client <unknown> disconnected due to using not allowed feature (QoS too high, retain not supported, or bad AUTH method).', ['mqtt-feature-not-supported', 'mqtt-bad-authentication-method']],
    ['1700000000: Client dev1 [10.0.0.5:51234] disconnected: used disallowed feature (QoS too high, retain not supported, or bad AUTH method).', ['mqtt-feature-not-supported', 'mqtt-bad-authentication-method']],
    // Bridge refused by the remote with return code 4: 2.0.0-2.0.14 vs 2.0.15+ (src/handle_connack.c).
    ['1700000000: Connection Refused: bad user name or password', ['mqtt-connack-bad-credentials']],
    // Takeover: 2.0.x and 2.1.1+.
    ['1700000000: Client sensor-1 already connected, closing old connection.', ['mqtt-session-taken-over']],
    ['1700000000: Client sensor-1 [10.0.0.7:40112] disconnected: session taken over.', ['mqtt-session-taken-over']],
    // Keep alive: 2.0.x and 2.1.1+.
    ['1700000000: Client sensor-1 has exceeded timeout, disconnecting.', ['mqtt-keepalive-timeout']],
    ['1700000000: Client sensor-1 [10.0.0.7:40112] disconnected: exceeded timeout.', ['mqtt-keepalive-timeout']],
    // Connection limits: the same line for max_connections and 2.1's global_max_connections.
    ['1700000000: Client <unknown> disconnected: denied: max_connections exceeded.', ['mqtt-server-busy-connection-limit']],
    // A 2.0 config mistake that stops the broker (src/conf.c).
    ['Error: per_listener_settings must be set before any other security settings.', ['mqtt-broker-config-error']],
    // Receive maximum: 2.1.1+ only logs it and answers PUBACK 0x97: both entries explain it.
    ['1700000000: Client dev1 has exceeded its receive-maximum quota', ['mqtt-receive-maximum-exceeded', 'mqtt-rate-or-quota-exceeded']],
    // MQTT.js 5.7.1+ subscribe errors.
    ['Error: Subscribe error: Quota exceeded', ['mqtt-rate-or-quota-exceeded']],
  ])('%s', (line, expected) => {
    expect(ids(line, expected.length).sort()).toEqual([...expected].sort());
  });
});

describe('messages of clients, brokers and platforms read from their source', () => {
  it.each([
    ['MQTT connection failed! Error code = 5', 'mqtt-connack-not-authorized'],
    ['client.lastError() = LWMQTT_PONG_TIMEOUT', 'mqtt-keepalive-timeout'],
    ['didConnectAck: CocoaMQTTCONNACKReasonCode(rawValue: -121)', 'mqtt-connack-not-authorized'],
    ['Error: MQTT CONNACK: bad user name or password', 'mqtt-connack-bad-credentials'],
    ['[ERROR] Incoming packet will be dumped: Packet length exceeds network buffer size.', 'mqtt-packet-too-large'],
    ['<err> net_mqtt_rx: [CID 0x20001234]: Read would exceed RX buffer bounds.', 'mqtt-packet-too-large'],
    ['INFO Authenticator has rejected the MQTT credentials CId=dev1, username=alice', 'mqtt-connack-bad-credentials'],
    ['AMQ834007: Authorization failure sending will message: AMQ229032', 'mqtt-last-will-not-published'],
    ['Message decoding failed: too large message: 70000 bytes', 'mqtt-packet-too-large'],
    ['aedes clientError: keep alive limit exceeded', 'mqtt-keepalive-timeout'],
    ['Error: [4] CONNACK return code', 'mqtt-connack-bad-credentials'],
    ['Error: Invalid header flag bits, must be 0x0 for connect packet', 'mqtt-tls-port-mismatch'],
    ['Microsoft.Azure.Devices.Client.Exceptions.UnauthorizedException: CONNECT failed: RefusedNotAuthorized', 'mqtt-connack-not-authorized'],
    ['azure.iot.device.exceptions.ConnectionDroppedError: Lost connection to IoTHub', 'mqtt-connection-lost'],
    ['ERROR (MainThread) [homeassistant.components.mqtt.client] Unable to connect to the MQTT broker: Bad user name or password', 'mqtt-connack-bad-credentials'],
    ['[2025-01-02 10:00:00] error: z2m: MQTT disconnect: reason 139', 'mqtt-server-shutting-down'],
    ['1 Jan 10:00:00 - [info] [mqtt-broker:local] Broker mqtt://localhost:1883 disconnected client: 153 Payload format invalid', 'mqtt-payload-format-invalid'],
    ['io.vertx.mqtt.MqttConnectionException: Connection failed: CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD', 'mqtt-connack-bad-credentials'],
    ['Outgoing publish message was dropped. Receiving client: dev1, reason: The client message queue is full.', 'mqtt-message-queue-full'],
    ['N: MQTT connection... failed, ssl error code=56', 'mqtt-tls-hostname-mismatch'],
    ['$ mosquitto_pub -V 5 -t a -m b\nConnection error: Bad User Name or Password', 'mqtt-connack-bad-credentials'],
    ['1700000000: error: received null username or password for unpwd check', 'mqtt-connack-not-authorized'],
    ['AMQJS0004E Ping timed out.', 'mqtt-keepalive-timeout'],
    ['Event: PUB_ACTION_DISALLOW tenant=t1 clientId=dev1 topic=a/b', 'mqtt-publish-denied-acl'],
    ['MQTTnet.Exceptions.MqttCommunicationException: Connecting failed: Banned', 'mqtt-banned'],
    ['autopaho: server requested disconnect (reason: 149)', 'mqtt-packet-too-large'],
    ['Error: ConnectionRefused(BadAuthenticationMethod)', 'mqtt-bad-authentication-method'],
    ['2025-01-01T10:00:00 [warning] msg: connection_rejected_due_to_license_expired', 'mqtt-server-busy-connection-limit'],
    ["terminate called after throwing an instance of 'mqtt::exception' what(): MQTT error [135]: CONNACK return code", 'mqtt-connack-not-authorized'],
    ['[2025-01-01 10:00:00] WARN nng_mqtt: kick client due to KeepAlive timeout', 'mqtt-keepalive-timeout'],
    ['vmq_bridge: connection failed due to invalid_credentials', 'mqtt-connack-bad-credentials'],
    ['com.aws.greengrass.mqtt.moquette: Rejecting expired certificate', 'mqtt-tls-certificate-expired'],
    ['MqttException: Zeitlimitüberschreitung beim Warten auf eine Antwort vom Server (32000)', 'mqtt-operation-timeout'],
    ['MqttException: Нет прав доступа на подключение (5)', 'mqtt-connack-not-authorized'],
    ['aiomqtt.exceptions.MqttCodeError: [code:156] Use another server', 'mqtt-use-another-server'],
    ['Error: Publish error: Packet too large', 'mqtt-packet-too-large'],
    ["[error] MQTT cannot declare queue 'mqtt-subscription-dev1qos1': queue limit in vhost '/' of 10 is reached", 'mqtt-rate-or-quota-exceeded'],
    [
      '2026-01-02 10:00:00,000 DEBUG - A client [IP: 10.0.0.5] connected with an invalid protocol name. Disconnecting client.',
      'mqtt-connack-unacceptable-protocol-version',
    ],
    [
      'Mqtt5ConnAckException: CONNACK reason code UNSUPPORTED_PROTOCOL_VERSION, reason string: Sent CONNECT with invalid protocol name.',
      'mqtt-connack-unacceptable-protocol-version',
    ],
  ])('%s', (line, expected) => {
    expect(ids(line, 1)).toEqual([expected]);
  });
});

describe('messages read at their source in Elixir, Erlang, PHP, Python, Qt, C, brokers, frameworks, apps and cloud SDKs', () => {
  // First place alone is not enough here: a description can put the same entry first. The line
  // must be answered on the product's own message.
  it.each([
    ['10:00:00.123 [warning] [Tortoise311] Connection refused: :not_authorized, %{client_id: "car1"}', 'mqtt-connack-not-authorized', 'Connection refused: :not_authorized'],
    ['** (EXIT) {shutdown,{disconnected,142,#{}}}', 'mqtt-session-taken-over', '{disconnected,142,'],
    ['PhpMqtt\\Client\\Exceptions\\ConnectingToBrokerFailedException: [5] Establishing a connection to the MQTT broker failed: The configured broker reported the credentials as invalid.', 'mqtt-connack-bad-credentials', 'broker reported the credentials as invalid'],
    ['qt.mqtt: error changed to QMqttClient::NotAuthorized', 'mqtt-connack-not-authorized', 'QMqttClient::NotAuthorized'],
    ['2a1c 2 mqtt.c:180:mg_mqtt_cb 1 MQTT auth failed, code 5', 'mqtt-connack-not-authorized', 'MQTT auth failed, code 5'],
    ['MQTT connect error: Connection refused (broker.local:1883)', 'mqtt-tcp-connection-refused', 'MQTT connect error: Connection refused'],
    [
      "[2026-01-02 10:00:00.000] [NOTICE] Removing client 'dev1 (fd 12)'. Reason(s): Access denied",
      'mqtt-connack-not-authorized',
      'Reason(s): Access denied',
    ],
    [
      '[2026-01-02 10:00:00.000] [NOTICE] Disconnecting existing client with id \'dev1\'',
      'mqtt-session-taken-over',
      'Disconnecting existing client with id',
    ],
    [
      '2026-01-02T10:00:00Z WARN lavinmq.mqtt Connect error #<MQTT::Protocol::Error::UnacceptableProtocolVersion:0x7f>',
      'mqtt-connack-unacceptable-protocol-version',
      'Connect error #<MQTT::Protocol::Error::UnacceptableProtocolVersion',
    ],
    [
      '2026-01-02T10:00:00Z ERROR chirpstack::integration::mqtt: MQTT connection to broker lost',
      'mqtt-connection-lost',
      'MQTT connection to broker lost',
    ],
    [
      'org.eclipse.kura.KuraTooManyInflightMessagesException: Too many in-flight messages.',
      'mqtt-client-inflight-limit',
      'KuraTooManyInflightMessagesException',
    ],
    [
      '[ERROR] [2026-01-02T10:00:00Z] [MqttClient] - id=0x55d: invalid connect return code 5, disconnecting',
      'mqtt-connack-not-authorized',
      'invalid connect return code 5, disconnecting',
    ],
    [
      'ERR|mqtt_client.c|qcloud_iot_mqtt_connect(120): connect failed: QCLOUD_ERR_MQTT_CONNACK_NOT_AUTHORIZED',
      'mqtt-connack-not-authorized',
      'QCLOUD_ERR_MQTT_CONNACK_NOT_AUTHORIZED',
    ],
    [
      'adafruit_minimqtt.adafruit_minimqtt.MMQTTException: Connection Refused - Incorrect username/password',
      'mqtt-connack-bad-credentials',
      'Connection Refused - Incorrect username/password',
    ],
    ['[ERROR] Error 4 publishing topic sensors/kitchen/temp', 'mqtt-not-connected', 'Error 4 publishing topic'],
    ['nx_status = NXD_MQTT_ERROR_NOT_AUTHORIZED', 'mqtt-connack-not-authorized', 'NXD_MQTT_ERROR_NOT_AUTHORIZED'],
    [
      'mqtt_connection_cb: Disconnected, reason: 5',
      'mqtt-connack-not-authorized',
      'mqtt_connection_cb: Disconnected, reason: 5',
    ],
    [
      'level=error msg="Failed to connect to mqtt: bad user name or password" @service=redpanda-connect',
      'mqtt-connack-bad-credentials',
      'Failed to connect to mqtt: bad user name or password',
    ],
    [
      '2026-01-02T10:00:00Z ERROR rumqttd::router::routing: Duplicate client_id, dropping previous connection with connection_id 3',
      'mqtt-session-taken-over',
      'Duplicate client_id, dropping previous connection with connection_id',
    ],
    [
      '1733500000: Protocol error from 192.0.2.7:51234: CONNECT with invalid Will QoS.',
      'mqtt-malformed-packet-protocol-error',
      'CONNECT with invalid Will QoS',
    ],
    ['DEBUG:paho.mqtt.client:Received CONNACK (0, Banned)', 'mqtt-banned', 'Received CONNACK (0, Banned)'],
    ['Error: Connection refused: Retain not supported', 'mqtt-feature-not-supported', 'Connection refused: Retain not supported'],
    [
      'AWSIoTPythonSDK.exception.AWSIoTExceptions.subackError: Suback error return code: 128',
      'mqtt-subscription-rejected',
      'AWSIoTPythonSDK.exception.AWSIoTExceptions.subackError',
    ],
    [
      '1733500000: Error: Unable to start any listening sockets, exiting.',
      'mqtt-broker-port-in-use',
      'Error: Unable to start any listening sockets, exiting',
    ],
  ])('%s', (line, expected, phrase) => {
    const result = matcher.match(line);
    expect(ids(line, 1)).toEqual([expected]);
    expect(result.abstain).toBe(false);
    expect(result.matches[0]!.evidence.some((e) => e.kind === 'phrase' && e.matched === phrase)).toBe(true);
  });
});

describe('the delivery-side entries', () => {
  const DELIVERY = path.join(__dirname, '../fixtures/kb-taxonomy-delivery-ids.txt');

  it('are each first for their own specific signals, and among the first three for their plain-words symptoms', async () => {
    const delivery = (await fs.readFile(DELIVERY, 'utf8')).trim().split('\n');
    const unreachable: string[] = [];
    for (const id of delivery) {
      const e = kb.byId.get(id)!;
      const strong = e.signals.filter((s) => !s.weak && !s.needsContext && !s.phrase.includes('*'));
      const bySignal = strong.some((s) => matcher.match(s.phrase).matches[0]?.id === id);
      const bySymptom = e.symptoms.filter((s) => matcher.match(s).matches.slice(0, 3).some((m) => m.id === id)).length;
      // Most of its own symptoms must find it: one lucky phrase is not reachability.
      if (!bySignal || bySymptom < e.symptoms.length * 0.6) unreachable.push(`${id} signal=${bySignal} symptoms=${bySymptom}/${e.symptoms.length}`);
    }
    expect(unreachable).toEqual([]);
  });
});
