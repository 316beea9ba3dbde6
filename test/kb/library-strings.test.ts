/**
 * Error and log lines that client libraries and brokers print about connecting, authentication,
 * TLS, refusals and disconnects, as each product prints them (wording read from the product's
 * source at the tag the entry cites), lead to the entry that explains them. Each line abstained,
 * or named another entry, before its signal was added.
 */
import { realKbTop } from '../helpers/real-kb-top';

const top = realKbTop();

describe('library and broker error strings', () => {
  it.each([
    // paho.mqtt.golang v1.5.0 net.go: the server's first packet was not a CONNACK.
    ['[ERROR] [net]      received msg that was not CONNACK', 'mqtt-malformed-packet-protocol-error'],
    // paho.golang v0.22.0 paho/client.go: the server started enhanced authentication (AUTH packet).
    ['enhanced authentication flow started but no AuthHandler configured', 'mqtt-bad-authentication-method'],
    // MQTTnet v4.3.7.1207 MqttClientUnexpectedDisconnectReceivedException.cs, DISCONNECT 0x89 (the
    // exception's Message as an application logs it).
    [
      'Unexpected DISCONNECT (Reason code=ServerBusy) received.',
      'mqtt-server-busy-connection-limit',
    ],
    // MQTTnet v4.3.7.1207 Formatter/MqttPacketFormatterAdapter.cs (server reading a CONNECT).
    [
      "MQTTnet.Exceptions.MqttProtocolViolationException: Protocol level '6' not supported.",
      'mqtt-connack-unacceptable-protocol-version',
    ],
    // rumqttc 0.25.1 rumqttc/src/v5/state.rs, StateError::ServerDisconnect Display, DISCONNECT 0x89.
    ["Server sent disconnect with reason `None` and code 'ServerBusy' ", 'mqtt-server-busy-connection-limit'],
    // rumqttc 0.25.1 rumqttc/src/tls.rs, rustls TlsConfiguration::Simple with unusable PEM bytes.
    ['Error = Tls(NoValidCertInChain) TLS: No valid CA certificate provided', 'mqtt-tls-certificate-verify-failed'],
    ['TLS: No valid certificate for client authentication in chain', 'mqtt-tls-client-certificate-required'],
    // amqtt v0.11.4 amqtt/mqtt/protocol/broker_handler.py (CONNACK 4) and amqtt/broker.py.
    ['amqtt.errors.MQTTError: Invalid username from 10.0.0.5:51000', 'mqtt-connack-bad-credentials'],
    // The same broker_handler.py: only the 3.1.1 name "MQTT" is accepted, so a 3.1 client is refused.
    ['amqtt.errors.MQTTError: [MQTT-3.1.2-1] Incorrect protocol name: "MQIsdp"', 'mqtt-connack-unacceptable-protocol-version'],
    ['amqtt.errors.MQTTError: [MQTT-3.1.2-1] Incorrect protocol name: "HTTP/1.1"', 'mqtt-malformed-packet-protocol-error'],
    ['amqtt.errors.MQTTError: Invalid password from 10.0.0.5:51000', 'mqtt-connack-bad-credentials'],
    [
      '[2025-01-01 10:00:00,000] :: WARNING - amqtt.broker - [MQTT-4.7.2-1] - dev1 cannot use a topic with a leading $ character.',
      'mqtt-topic-invalid',
    ],
    // VerneMQ 2.2.0 apps/vmq_server/src/vmq_shared_subscriptions.erl (debug log).
    [
      '2024-05-01T10:00:00.123+00:00 [debug] <0.1234.0> vmq_shared_subscriptions:publish/5:31: can\'t publish to shared subscription {[],<<"g1">>} due to no subscribers, msg: {vmq_msg,undefined}',
      'mqtt-shared-subscription-behaviour',
    ],
    // nats-server v2.14.5 server/mqtt.go, MQTT connection errors (`mid:` connections).
    ['[12345] 2025/01/01 10:00:00.000000 [ERR] 10.0.0.5:51000 - mid:12 - empty user name not allowed', 'mqtt-connack-bad-credentials'],
    ['[12345] 2025/01/01 10:00:00.000000 [ERR] 10.0.0.5:51000 - mid:12 - empty Will topic not allowed', 'mqtt-topic-invalid'],
    ['[12345] 2025/01/01 10:00:00.000000 [ERR] 10.0.0.5:51000 - mid:12 - topic cannot be empty', 'mqtt-topic-invalid'],
    [
      '[12345] 2025/01/01 10:00:00.000000 [ERR] 10.0.0.5:51000 - mid:12 - if Will flag is set to 0, Will QoS must be 0 too, got 1',
      'mqtt-malformed-packet-protocol-error',
    ],
    [
      '[12345] 2025/01/01 10:00:00.000000 [ERR] 10.0.0.5:51000 - mid:12 - if Will flag is set to 0, Will Retain flag must be 0 too',
      'mqtt-malformed-packet-protocol-error',
    ],
    ['[12345] 2025/01/01 10:00:00.000000 [ERR] 10.0.0.5:51000 - mid:12 - packet identifier cannot be 0', 'mqtt-malformed-packet-protocol-error'],
    ['[12345] 2025/01/01 10:00:00.000000 [ERR] 10.0.0.5:51000 - mid:12 - invalid utf8 for client ID "\\xff"', 'mqtt-malformed-packet-protocol-error'],
    // Azure IoT Node.js SDK azure-iot-mqtt-base 1.13.3 (tag 2026-01-28), common/transport/mqtt/src
    // mqtt_translate_error.ts and mqtt_base.ts.
    ['NotConnectedError: mqtt.js returned No connection to broker error', 'mqtt-not-connected'],
    ['NotConnectedError: Connection to the server has been closed.', 'mqtt-connection-lost'],
    ['NotConnectedError: Connect was lost', 'mqtt-connection-lost'],
    ['TimeoutError: Message not acknowledged', 'mqtt-operation-timeout'],
    // Mosquitto v2.1.2 src/handle_auth.c, src/handle_connect.c and src/net.c.
    ['2025-01-01T10:00:00: Protocol error from 10.0.0.5:51000: AUTH packet without existing auth-method.', 'mqtt-bad-authentication-method'],
    [
      '2025-01-01T10:00:00: Protocol error from dev1: AUTH packet with non-matching auth-method property (SCRAM-SHA-1:SCRAM-SHA-256).',
      'mqtt-bad-authentication-method',
    ],
    ['2025-01-01T10:00:00: Protocol error from dev1: AUTH packet without auth-method property.', 'mqtt-bad-authentication-method'],
    ['2025-01-01T10:00:00: 10.0.0.5:51000 sent CONNECT with missing keepalive.', 'mqtt-malformed-packet-protocol-error'],
    ['2025-01-01T10:00:00: Error: Unable to load CA certificates. Check capath "/etc/mosquitto/ca".', 'mqtt-broker-config-error'],
    // Mosquitto v2.0.12 src/handle_connect.c: a 3.x Keep Alive of 0 (or above max_keepalive) gets
    // CONNACK 0x02 and MOSQ_ERR_INVAL; the connect line before it is only the risk.
    [
      '1632296751: New client connected from 10.0.0.5:51000 as dev1 (p2, c1, k0).\n1632296751: Bad socket read/write on client dev1: Invalid arguments provided.',
      'mqtt-publish-identifier-in-use',
    ],
    // Mosquitto v2.0.18 src/handle_connect.c will__read: a Will topic with a wildcard is refused
    // before the client id is set.
    ['1632296751: Bad socket read/write on client <unknown>: Invalid arguments provided.', 'mqtt-topic-invalid'],
    // Mosquitto v2.0.11 / v2.1.2 src/loop.c with mosquitto_strerror(MOSQ_ERR_MALFORMED_UTF8).
    ['1632296751: Bad socket read/write on client <unknown>: Malformed UTF-8', 'mqtt-malformed-packet-protocol-error'],
    [
      '2025-01-01T10:00:00: Client dev1 [10.0.0.5:51000] disconnected: bad socket read/write: Malformed UTF-8',
      'mqtt-malformed-packet-protocol-error',
    ],
    // Mosquitto v2.0.18 / v2.1.2 src/loop.c with mosquitto_strerror(MOSQ_ERR_DUPLICATE_PROPERTY), from
    // property__read_all (lib/property_mosq.c at v2.0.18, libcommon/property_common.c at v2.1.2).
    [
      '1700045316: Bad socket read/write on client sensor-7: Duplicate property in property list',
      'mqtt-malformed-packet-protocol-error',
    ],
    [
      '2025-01-01T10:00:00: Client sensor-7 [10.0.0.5:51000] disconnected: bad socket read/write: Duplicate property in property list',
      'mqtt-malformed-packet-protocol-error',
    ],
    // Mosquitto v2.0.21 / v2.1.2 src/handle_publish.c: a refused PUBLISH while the client's outgoing
    // queue is at max_queued_messages (always, with 0, before 2.0.22) returns 0x97, and
    // mosquitto_strerror (lib/strings_mosq.c from v2.0.19, libcommon/strings_common.c) names it.
    [
      '1742551200: Bad socket read/write on client auto-7B07F536-BDFB-4E81-F8FB-6D973493172F: Quota exceeded',
      'mqtt-message-queue-full',
    ],
    [
      '2025-01-01T10:00:00: Client sensor-7 [10.0.0.5:51000] disconnected: bad socket read/write: Quota exceeded',
      'mqtt-message-queue-full',
    ],
    // Mosquitto v2.0.18 / v2.1.2 lib/packet_mosq.c (packet__write: EPIPE is MOSQ_ERR_ERRNO) and
    // src/loop.c (`Client %s disconnected: %s.` with strerror(errno)); the phrase needs MQTT context.
    [
      '1700045300: mosquitto version 2.0.18 running\n1700045316: Client sensor-7 disconnected: Broken pipe.',
      'mqtt-connection-lost',
    ],
    [
      '2025-01-01T10:00:00: mosquitto version 2.1.2 running\n2025-01-01T10:05:00: Client sensor-7 [10.0.0.5:51000] disconnected: Broken pipe.',
      'mqtt-connection-lost',
    ],
    // Mosquitto v2.0.18 / v2.1.2 src/handle_publish.c: a QoS 0 PUBLISH with DUP set is a malformed packet.
    ['1700045316: Invalid PUBLISH (QoS=0 and DUP=1) from sensor-7, disconnecting.', 'mqtt-malformed-packet-protocol-error'],
    // Mosquitto v1.6.15 / v2.0.18 / v2.1.2 src/handle_subscribe.c: requested QoS 3 (or 3.1.1 reserved
    // bits) in a SUBSCRIBE; the line names the client's address.
    ['1700045316: Invalid QoS in subscription command from 10.0.0.5, disconnecting.', 'mqtt-malformed-packet-protocol-error'],
    // Mosquitto v2.1.2 src/handle_connect.c: truncated CONNECTs and a protocol name that is neither MQTT
    // nor MQIsdp; src/property_broker.c: a Will property a Will may not carry.
    ['2025-01-01T10:00:00: Protocol error from 10.0.0.5:51000: CONNECT with missing protocol string length.', 'mqtt-malformed-packet-protocol-error'],
    ['2025-01-01T10:00:00: Protocol error from 10.0.0.5:51000: CONNECT with missing protocol version.', 'mqtt-malformed-packet-protocol-error'],
    ['2025-01-01T10:00:00: Protocol error from 10.0.0.5:51000: CONNECT with missing connect flags.', 'mqtt-malformed-packet-protocol-error'],
    ['2025-01-01T10:00:00: Protocol error from 10.0.0.5:51000: CONNECT with invalid protocol "MQTX".', 'mqtt-malformed-packet-protocol-error'],
    ['2025-01-01T10:00:00: Protocol error from sensor-7: CONNECT packet invalid property (35).', 'mqtt-malformed-packet-protocol-error'],
    // Mosquitto v2.1.2 lib/handle_suback.c (also handle_unsuback.c, handle_ping.c, src/handle_connack.c):
    // a client sent a packet only a server sends.
    ['2025-01-01T10:00:00: Protocol error from sensor-7: SUBACK when not a bridge.', 'mqtt-malformed-packet-protocol-error'],
    // Mosquitto v2.1.2 lib/handle_pubrel.c and src/handle_subscribe.c.
    ['2025-01-01T10:00:00: Protocol error from sensor-7: PUBREL with non-zero reserved flags (60).', 'mqtt-malformed-packet-protocol-error'],
    ['2025-01-01T10:00:00: Protocol error from sensor-7: SUBSCRIBE packet with invalid properties.', 'mqtt-malformed-packet-protocol-error'],
    // Mosquitto v2.1.2 src/database.c: an acknowledgement that does not fit the stored QoS or state (the
    // state line was read as CONNACK code 3 before).
    ['2025-01-01T10:00:00: Protocol error from sensor-7: Mismatched QoS (1:2) when deleting outgoing message.', 'mqtt-malformed-packet-protocol-error'],
    ['2025-01-01T10:00:00: Protocol error from sensor-7: Mismatched state (3:5) when deleting outgoing message.', 'mqtt-malformed-packet-protocol-error'],
    // Mosquitto v1.6.15 / v2.0.18 / v2.1.2 src/handle_unsubscribe.c: a bad or empty UNSUBSCRIBE filter.
    ['1700045316: Invalid unsubscription string from sensor-7, disconnecting.', 'mqtt-topic-invalid'],
    ['1700045316: Empty unsubscription string from sensor-7, disconnecting.', 'mqtt-topic-invalid'],
    // Mosquitto v1.6.15 src/handle_publish.c: a PUBLISH topic that is not valid UTF-8.
    ['1610000000: Client sensor-7 sent topic with invalid UTF-8, disconnecting.', 'mqtt-topic-invalid'],
    // Mosquitto v1.6.15 lib/packet_mosq.c: a packet above max_packet_size.
    ['1610000000: Client sensor-7 sent too large packet 2000016, disconnecting.', 'mqtt-packet-too-large'],
    // libmosquitto v2.0.18 / v2.1.2 lib/send_publish.c (client build, mosquitto_pub -d): a PUBLISH above the
    // broker's Maximum Packet Size is not sent.
    ['Client sensor-7 sending CONNECT\nClient sensor-7 received CONNACK (0)\nDropping too large outgoing PUBLISH (300012 bytes)', 'mqtt-packet-too-large'],
    // Mosquitto v2.0.18 src/net.c: SSL_accept failed at accept time, with OpenSSL's error string.
    [
      '1700045316: Client connection from 10.0.0.5 failed: error:0A000418:SSL routines::tlsv1 alert unknown ca.',
      'mqtt-tls-certificate-verify-failed',
    ],
    [
      '1700045316: Client connection from 10.0.0.5 failed: error:14094416:SSL routines:ssl3_read_bytes:sslv3 alert certificate unknown.',
      'mqtt-tls-certificate-verify-failed',
    ],
    [
      '1700045316: Client connection from 10.0.0.5 failed: error:1417A0C1:SSL routines:tls_post_process_client_hello:no shared cipher.',
      'mqtt-tls-version-mismatch',
    ],
    ['1700045316: Client connection from 10.0.0.5 failed: error:0A000102:SSL routines::unsupported protocol.', 'mqtt-tls-version-mismatch'],
    // EMQX v5.8.9 apps/emqx/src/emqx_connection.erl (`terminate` info log) and emqx_channel.erl: exit
    // reasons after a too-large packet, a CONNACK refused as banned or server busy, a closed socket.
    ['2024-05-02T10:11:12.345678+00:00 [info] clientid: c1, peername: 10.4.0.12:51234, msg: terminate, reason: {shutdown,frame_too_large}', 'mqtt-packet-too-large'],
    ['2024-05-02T10:11:12.345678+00:00 [info] clientid: c1, peername: 10.4.0.12:51234, msg: terminate, reason: {shutdown,banned}', 'mqtt-banned'],
    ['2024-05-02T10:11:12.345678+00:00 [info] clientid: c1, peername: 10.4.0.12:51234, msg: terminate, reason: {shutdown,server_busy}', 'mqtt-server-busy-connection-limit'],
    ['2024-05-02T10:11:12.345678+00:00 [info] clientid: c1, peername: 10.4.0.12:51234, msg: terminate, reason: {shutdown,tcp_closed}', 'mqtt-connection-lost'],
    ['2024-05-02T10:11:12.345678+00:00 [info] clientid: c1, peername: 10.4.0.12:51234, msg: terminate, reason: {shutdown,ssl_closed}', 'mqtt-connection-lost'],
    // EMQX v5.6.1 / v5.8.9 apps/emqx/src/emqx_frame.erl and emqx_connection.erl: the frame error map.
    [
      '2024-05-02T10:11:12.345678+00:00 [info] clientid: c1, msg: terminate, reason: {shutdown,#{cause => frame_too_large,limit => 1048576,received => 2097152,shutdown_count => frame_too_large}}',
      'mqtt-packet-too-large',
    ],
    // EMQX v5.8.9 apps/emqx/src/emqx_access_control.erl: a denied publish (info level since 5.6).
    [
      '2024-05-02T10:11:12.345678+00:00 [info] clientid: c1, peername: 10.4.0.12:51234, tag: AUTHZ, msg: authorization_permission_denied, topic: t/1, action: PUBLISH(Q1,R0), source: file',
      'mqtt-publish-denied-acl',
    ],
    // EMQX v5.0.26 / v5.8.9 apps/emqx/src/emqx_channel.erl: max_subscriptions reached (reason as text).
    ['2024-05-02T10:11:12.345678+00:00 [warning] clientid: c1, msg: cannot_subscribe_topic_filter, reason: Quota exceeded, topic: t/#', 'mqtt-rate-or-quota-exceeded'],
    // MicroPython umqtt.simple (micropython-lib 0084239) umqtt/simple.py: connect() raises the
    // CONNACK return code, subscribe() a SUBACK failure, publish() before connect() meets a None socket.
    ['Traceback (most recent call last):\n  File "main.py", line 12, in <module>\n  File "umqtt/simple.py", line 99, in connect\nMQTTException: 5', 'mqtt-connack-not-authorized'],
    ['umqtt.simple.MQTTException: 4', 'mqtt-connack-bad-credentials'],
    // MicroPython 1.13+ lib/mbedtls_errors: mbedTLS errors raised by their #define name.
    ["umqtt OSError: (-9984, 'MBEDTLS_ERR_X509_CERT_VERIFY_FAILED')", 'mqtt-tls-certificate-verify-failed'],
    ["umqtt OSError: (-29312, 'MBEDTLS_ERR_SSL_CONN_EOF')", 'mqtt-tls-port-mismatch'],
    ["umqtt OSError: (-30592, 'MBEDTLS_ERR_SSL_FATAL_ALERT_MESSAGE')", 'mqtt-tls-client-certificate-required'],
    ['MQTTException: 2', 'mqtt-publish-identifier-in-use'],
    ['  File "umqtt/simple.py", line 147, in subscribe\nMQTTException: 128', 'mqtt-subscription-rejected'],
    ['  File "simple.py", line 110, in publish\nAttributeError: \'NoneType\' object has no attribute \'write\' (umqtt)', 'mqtt-not-connected'],
    // Read at source on 2026-12-07 (the KB entry's References name each file at its tag or commit):
    // EspMQTTClient 1.13.3, ESP-AT 5.0.1 docs, ntex-mqtt 8.2.1, MQTTNIO 2.13.0, ngx-mqtt 16.1.0,
    // Apache Camel's camel-paho, Google Cloud IoT Core's samples and SDKs, IBM Watson IoT Platform's
    // SDKs and Losant's MQTT clients.
    ["on_disconnect 1: Out of memory.", 'mqtt-connection-lost'],
    ["connection closed - reason 17 : IOTC_CONNECTION_RESET_BY_PEER_ERROR!", 'mqtt-connection-lost'],
    ["2019-05-01 10:00:00,123   wiotp.sdk.device.client.DeviceClient  ERROR    Unexpected disconnect from IBM Watson IoT Platform: 1", 'mqtt-connection-lost'],
    ["DEBUG:losantmqtt.device:Connection abnormally ended for 5a1b2c3d4e5f60718293a4b5, reconnecting...", 'mqtt-connection-lost'],
    ["Error: MQTTNIO.MQTTError.serverClosedConnection", 'mqtt-connection-lost'],
    ["LWMQTT_UNACCEPTABLE_PROTOCOLL", 'mqtt-connack-unacceptable-protocol-version'],
    ["wiotp.sdk.exceptions.ConnectionException: Incorrect protocol version", 'mqtt-connack-unacceptable-protocol-version'],
    ["Exception: Invalid Losant credentials - error code 1", 'mqtt-connack-unacceptable-protocol-version'],
    ["Mqtt handshake error: Mqtt protocol error: Decoding error: UnsupportedProtocolLevel", 'mqtt-connack-unacceptable-protocol-version'],
    ["ERROR!\tConnection has failed reason 32 : IOTC_MQTT_SERVER_UNAVAILIBLE", 'mqtt-connack-server-unavailable'],
    ["Connect ack failed: ConnectAck { return_code: ServiceUnavailable, session_present: false }", 'mqtt-connack-server-unavailable'],
    ["ERROR!\tConnection has failed reason 62 : IOTC_TLS_FAILED_CERT_ERROR", 'mqtt-tls-certificate-verify-failed'],
    ["ERROR!\tConnection has failed reason 1 : IOTC_STATE_TIMEOUT", 'mqtt-connect-timeout'],
    ["wiotp.sdk.exceptions.ConnectionException: Operation timed out connecting to IBM Watson IoT Platform: myorg.messaging.internetofthings.ibmcloud.com", 'mqtt-connect-timeout'],
    ["ERROR: Failed to connect to Watson IoT Platform: rc=1017 Reason: WIoTP client action failed to complete in configured time.", 'mqtt-connect-timeout'],
    ["connection closed - reason 1 : IOTC_STATE_TIMEOUT!", 'mqtt-keepalive-timeout'],
    ["wiotp.sdk.exceptions.ConnectionException: Not authorized: s (d:myorg:mytype:dev1, use-token-auth)", 'mqtt-connack-not-authorized'],
    ["[BaseClient:onError] One or more configuration parameters are wrong. Modify the configuration before trying to reconnect.", 'mqtt-connack-not-authorized'],
    ["[BaseClient:onError] Closed the MQTT connection due to client misconfiguration", 'mqtt-connack-not-authorized'],
    ["WARN  com.ibm.wiotp.sdk.AbstractClient - Connecting to Watson IoT Platform failed - one or more connection parameters are wrong !!!", 'mqtt-connack-not-authorized'],
    ["Exception: Invalid Losant credentials - error code 5", 'mqtt-connack-not-authorized'],
    ["wiotp.sdk.exceptions.ConnectionException: Bad username or password: (use-token-auth)", 'mqtt-connack-bad-credentials'],
    ["Exception: Invalid Losant credentials - error code 4", 'mqtt-connack-bad-credentials'],
    ["wiotp.sdk.exceptions.ConnectionException: Invalid client identifier", 'mqtt-publish-identifier-in-use'],
    ["Exception: Invalid Losant credentials - error code 2", 'mqtt-publish-identifier-in-use'],
    ["2019-05-01 10:00:00,123   wiotp.sdk.device.client.DeviceClient  WARNING  Unable to send event status because client is is disconnected state", 'mqtt-not-connected'],
    ["2019-05-01 10:00:00,123   wiotp.sdk.device.client.DeviceClient  WARNING  Unable to subscribe to iot-2/cmd/+/fmt/+ because client is in disconnected state", 'mqtt-not-connected'],
    ["2017-05-01 10:00:00,123   ibmiotf.device.Client  WARNING  Unable to send event status because device is not currently connected", 'mqtt-not-connected'],
    ["Sat Dec  5 14:03:39 2020 iotp_device.c IoTPDevice_sendEvent 116: ERROR: Failed to send. event: status | rc: 1016 | reason: WIoTP client is not connected to the platform.", 'mqtt-not-connected'],
    ["losant-mqtt publish failed: Error: Device never connected.", 'mqtt-not-connected'],
    ["MQTT! Trying to publish when disconnected, skipping.", 'mqtt-not-connected'],
    ["MQTT! Trying to subscribe when disconnected, skipping.", 'mqtt-not-connected'],
    ["ERR CODE:0x010a6051 AT_MQTT_IN_DISCONNECTED_STATE", 'mqtt-not-connected'],
    ["AT+MQTTPUB=0,\"sensors/temp\",\"23.5\",1,0 ERR CODE:0x010a6051 ERROR", 'mqtt-not-connected'],
    ["MQTTNIO.MQTTError.noConnection", 'mqtt-not-connected'],
    ["ERROR Error: mqtt client not connected", 'mqtt-not-connected'],
    ["Exceeded 9 connection losses in a 5 minute period.  Check for clientId conflict with another connection.", 'mqtt-session-taken-over'],
    ["MQTT! publish failed, is the message too long ? (see setMaxPacketSize())", 'mqtt-packet-too-large'],
    ["MQTT! Your message may be truncated, please set setMaxPacketSize() to a higher value.", 'mqtt-packet-too-large'],
    ["ERR CODE:0x010a6046 AT_MQTT_DATA_IS_OVERLENGTH", 'mqtt-packet-too-large'],
    ["Encoding error: Packet is bigger than peer's Maximum Packet Size", 'mqtt-packet-too-large'],
    ["Encoding error OverMaxPacketSize", 'mqtt-packet-too-large'],
    ["Mqtt protocol error: Decoding error: MaxSizeExceeded { size: 300000, max_size: 262144 }", 'mqtt-packet-too-large'],
    ["ERR CODE:0x010a6043 AT_MQTT_TOPIC_IS_OVERLENGTH", 'mqtt-topic-invalid'],
    ["Protocol violation: [MQTT-3.3.2-2] PUBLISH packet's topic name contains wildcard character", 'mqtt-topic-invalid'],
    ["Protocol violation: [MQTT-4.7.1-*] Topic filter is malformed", 'mqtt-topic-invalid'],
    ["MQTTPacketError(error: MQTTNIO.MQTTPacketError._Error.invalidTopicName)", 'mqtt-topic-invalid'],
    ["Protocol violation: [MQTT-3.3.4-7] Number of in-flight messages exceeds set maximum", 'mqtt-receive-maximum-exceeded'],
    ["Protocol violation: [MQTT-2.2.1-3] PUBLISH received with packet id that is already in use", 'mqtt-packet-identifier-in-use'],
    ["Protocol violation: [MQTT-3.2.2-14] RETAIN is not supported", 'mqtt-feature-not-supported'],
    ["Protocol violation: [MQTT-3.2.2-11] PUBLISH packet at a QoS level exceeding the Maximum QoS level specified in CONNACK", 'mqtt-feature-not-supported'],
    ["MQTTPacketError(error: MQTTNIO.MQTTPacketError._Error.retainUnavailable)", 'mqtt-feature-not-supported'],
    ["MQTTPacketError(error: MQTTNIO.MQTTPacketError._Error.qosInvalid)", 'mqtt-feature-not-supported'],
    ["MQTTNIO.MQTTError.websocketUpgradeFailed", 'mqtt-websocket-handshake-failed'],
    ["reasonError(MQTTNIO.MQTTReasonCode.quotaExceeeded)", 'mqtt-rate-or-quota-exceeded'],
    ["serverDisconnection(MQTTNIO.MQTTAckV5(reason: MQTTNIO.MQTTReasonCode.connectionRateExceeeded, properties: MQTTNIO.MQTTProperties(properties: [])))", 'mqtt-rate-or-quota-exceeded'],
    ["MQTTPacketError(error: MQTTNIO.MQTTPacketError._Error.topicAliasOutOfRange)", 'mqtt-topic-alias-invalid'],
    ["ERROR Error: Uncaught (in promise): subscription for 'devices/+/status' rejected!", 'mqtt-subscription-rejected'],
    ["ERROR org.apache.camel.component.paho.PahoConsumer - MQTT resubscribe failed Client is not connected", 'mqtt-reconnect-broken'],
  ])('%s', (line, expected) => {
    expect(top(line)).toEqual({ abstain: false, id: expected });
  });
});
