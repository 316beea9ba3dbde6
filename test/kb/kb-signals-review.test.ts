/**
 * Broker log lines a user-eye review pasted that the matcher did not recognise, exactly as each
 * product prints them (wording read from the product's source at the tag the entry cites), lead to
 * the entry that explains them.
 */
import { realKbTop } from '../helpers/real-kb-top';

const top = realKbTop();

describe('review log lines', () => {
  it.each([
    // HiveMQ CE 2019.1-2026.5 event.log (logging/EventLog.java, KeepAliveDisconnectService.java).
    ['Client ID: pump-ctrl-12, IP: 10.0.0.5 was disconnected. reason: Client was idle for too long.', 'mqtt-keepalive-timeout'],
    // HiveMQ CE 2020.1-2026.5 event.log, session takeover (ReasonStrings.DISCONNECT_SESSION_TAKEN_OVER).
    ['2024-05-01 10:00:00,123 - Client ID: pump-ctrl-12, IP: 10.0.0.5 was disconnected. reason: Another client connected with the same client id..', 'mqtt-session-taken-over'],
    // VerneMQ 2.0-2.2 warning (vmq_ranch.erl teardown/2) for vmq_mqtt_pre_init.erl's error: a TLS
    // ClientHello (0x16 0x03 ...) on a plain MQTT listener, then HTTP bytes ("GET /") on one.
    ["session stopped abnormally due to '{cant_parse_connect_fixed_header,<<22,3,1,2,0,1,0,1,252,3,3,145,12>>}'", 'mqtt-tls-port-mismatch'],
    ["2024-05-01T10:00:00.123+00:00 [warning] <0.1234.0> vmq_ranch:teardown/2:211: session for undefined stopped abnormally due to '{cant_parse_connect_fixed_header,<<22,3,1,2,0,1,0,1,252,3,3,145,12>>}'", 'mqtt-tls-port-mismatch'],
    ["2024-05-01T10:00:00.123+00:00 [warning] <0.1234.0> vmq_ranch:teardown/2:211: session for undefined stopped abnormally due to '{cant_parse_connect_fixed_header,<<71,69,84,32,47,32,72,84,84,80>>}'", 'mqtt-malformed-packet-protocol-error'],
    // VerneMQ 1.10-2.2 (vmq_mqtt_fsm.erl): wrong password, CONNACK 4 (signal already present).
    ['2024-05-01T10:00:00.123+00:00 [warning] <0.1234.0> can\'t authenticate client {[],<<"dev1">>} from 10.0.0.5:51234 due to invalid_credentials', 'mqtt-connack-bad-credentials'],
    // RabbitMQ MQTT plugin, guest from a remote host (loopback_users): 3.9-3.11, then 3.12-4.3
    // (deps/rabbitmq_mqtt/src/rabbit_mqtt_processor.erl), both CONNACK 5.
    ["2022-05-01 10:00:00.123 [warning] <0.900.0> MQTT login failed for user guest: this user's access is restricted to localhost", 'mqtt-connack-not-authorized'],
    ["2024-05-01 10:00:00.123 [warning] <0.900.0> MQTT login failed: user 'guest' can only connect via localhost", 'mqtt-connack-not-authorized'],
  ])('%s', (line, expected) => {
    expect(top(line)).toEqual({ abstain: false, id: expected });
  });
});

describe('Erlang and Elixir clients', () => {
  it.each([
    // Erlang/OTP inet's resolver error (kernel `inet`, POSIX error codes), as Tortoise prints it.
    [
      '09:43:45.946 [error] GenServer {Tortoise.Registry, {Tortoise.Connection, "car_1"}} terminating ** (stop) :nxdomain',
      'mqtt-dns-resolution-failed',
    ],
    ['09:43:45.946 [error] GenServer {Tortoise.Registry, {Tortoise.Connection, "car_1"}} terminating ** (stop) :econnrefused', 'mqtt-tcp-connection-refused'],
    ['emqtt: connect to broker.local:1883 failed: {error,nxdomain}', 'mqtt-dns-resolution-failed'],
  ])('%s', (line, expected) => {
    expect(top(line)).toEqual({ abstain: false, id: expected });
  });
});

describe('Erlang/OTP ssl option errors on a broker listener', () => {
  // OTP lib/ssl/test/ssl_api_SUITE.erl (invalid_keyfile, invalid_certfile): the listener's file
  // cannot be read. Erlang's pretty printer breaks the term over lines, as EMQX 4 logs it.
  it('reads an unreadable key file in a broken term as the broker configuration', () => {
    const log = [
      "2021-02-18 08:08:23.533 [error]     supervisor: 'esockd_connection_sup - <0.1356.0>'",
      '    errorContext: connection_shutdown',
      '    reason: {ssl_error,',
      '                {options,{keyfile,"/etc/emqx/certs/emqx.key",{error,eacces}}}}',
    ].join('\n');
    expect(top(log)).toEqual({ abstain: false, id: 'mqtt-broker-config-error' });
  });
});

describe('RabbitMQ MQTT plugin up to 3.6', () => {
  // src/rabbit_mqtt_processor.erl at rabbitmq_v3_6_16: a QoS 2 PUBLISH is a protocol error; 3.7.0
  // downgrades it to QoS 1 instead.
  it('reads qos2_not_supported as a feature the broker does not support', () => {
    const line =
      '=INFO REPORT==== 10-Aug-2017::21:00:54 ===\nMQTT protocol error qos2_not_supported for connection "10.0.0.77:14185 -> 192.168.122.15:1883"';
    expect(top(line)).toEqual({ abstain: false, id: 'mqtt-feature-not-supported' });
  });
});

describe('AWS IoT Core, told apart by its endpoint', () => {
  // The entry refines connection-lost "on AWS IoT Core right after CONNECT": the endpoint host
  // tells it apart from a drop elsewhere, and alone says nothing.
  it('answers a generic drop at an AWS IoT endpoint with the policy entry, a drop elsewhere not', () => {
    const at = (host: string) =>
      top(`connecting to ${host}:8883\nConnection lost (rc=7), reconnecting in 5 s`);
    expect(at('a1b2c3d4e5f6g7-ats.iot.eu-west-1.amazonaws.com')).toEqual({
      abstain: false,
      id: 'mqtt-aws-iot-policy-disconnect',
    });
    expect(at('broker.example.com')).toEqual({ abstain: false, id: 'mqtt-connection-lost' });
    // The host next to a timeout is a timeout at AWS, not a policy refusal.
    expect(
      top(
        'flutter: ERROR! SocketException: OS Error: Operation timed out, errno = 60, address = a23k-ats.iot.us-east-2.amazonaws.com, port = 53197',
      ).id,
    ).toBe('mqtt-connect-timeout');
  });
});

describe('a client timeout on the CONNECT, told apart from one on a publish', () => {
  // Paho Java's 32000 and MQTTnet's timeout exception are the same whatever was waited for; the
  // connect-timeout entry refines operation-timeout "when the request was the CONNECT".
  it('answers a timeout with the connect entry when the connect is what failed', () => {
    const paho = 'Timed out waiting for a response from the server (32000)';
    expect(top(paho).id).toBe('mqtt-operation-timeout');
    expect(top(`RuntimeException: [MQTT] Failed to connect:: ${paho.slice(0, -8)}`).id).toBe(
      'mqtt-connect-timeout',
    );
    // org.eclipse.paho.client.mqttv3 v1.2.5 MqttClient.connect waits on the connect token.
    expect(
      top(
        `org.eclipse.paho.client.mqttv3.MqttException: ${paho.slice(0, -8)}\n\tat org.eclipse.paho.client.mqttv3.internal.Token.waitForCompletion(Token.java:112)\n\tat org.eclipse.paho.client.mqttv3.MqttClient.connect(MqttClient.java:331)`,
      ).id,
    ).toBe('mqtt-connect-timeout');
    // MQTTnet v4.3.7.1207 names the packet it waited for; v3.1.2 wraps the CONNECT's failure.
    expect(top('[Warning]: Timeout while waiting for MqttPubAckPacket response packet').id).toBe(
      'mqtt-operation-timeout',
    );
    expect(
      top(
        '[Warning]: Timeout while waiting for MqttConnAckPacket response packet\nMQTTnet.Exceptions.MqttCommunicationTimedOutException: The operation has timed out.',
      ).id,
    ).toBe('mqtt-connect-timeout');
    expect(
      top(
        "MQTTnet.Adapter.MqttConnectingFailedException: 'Error while authenticating. The operation has timed out.'",
      ),
    ).toEqual({ abstain: false, id: 'mqtt-connect-timeout' });
  });
});

describe("a setting's name beside an error message", () => {
  // The setting says where to look, the message what happened: the message's entry comes first.
  it('answers the error quoted, not the option named next to it', () => {
    expect(
      top(
        'The client gets `Bad user name or password` back since the listener has\nrequire_certificate false\nuse_identity_as_username true',
      ).id,
    ).toBe('mqtt-connack-bad-credentials');
  });
});

describe('the Mosquitto 1.6 to 2.0 upgrade, told in words', () => {
  it('tells the anonymous-client default apart beside a refusal, and says nothing alone', () => {
    expect(
      top('Attempting MQTT connection...failed, rc=5 since the image went from 1.6 to 2.0').id,
    ).toBe('mqtt-mosquitto-anonymous-disabled');
    expect(top('Attempting MQTT connection...failed, rc=5').id).toBe('mqtt-connack-not-authorized');
    // paho-mqtt Python's 1.6 -> 2.0 upgrade is told the same way: no refusal, no special case.
    expect(top('we moved paho-mqtt from 1.6 to 2.0 last week').id).not.toBe(
      'mqtt-mosquitto-anonymous-disabled',
    );
  });
});
