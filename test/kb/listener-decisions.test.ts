/**
 * When a passive listener speaks, on the real KB: install failures and explanations stay quiet,
 * clients whose names merely contain "mqtt" count as MQTT context, and a code in a message must
 * be the code in the line.
 */
import { DEFAULT_KB_DIR } from '../../src/config';
import { loadKnowledgeBase } from '../../src/kb/load';
import { Matcher } from '../../src/match/matcher';
import { reportsInstallFailure } from '../../src/match/context';

let matcher: Matcher;

beforeAll(async () => {
  const loaded = await loadKnowledgeBase(DEFAULT_KB_DIR);
  if (!loaded.ok) throw new Error('KB does not load');
  matcher = new Matcher(loaded.kb);
});

describe('a healthy log asked about', () => {
  // Ordinary traffic, no error: a web review found it answered as if a problem were described,
  // quoting line 1 for words that were not on it.
  const lines = Array.from({ length: 120 }, (_, i) =>
    i % 2 === 0
      ? `17012300${String(i).padStart(3, '0')}: Received PINGREQ from gw-0`
      : `17012300${String(i).padStart(3, '0')}: Received PUBLISH from sensor-${i} (d0, q1, r0, m${i}, 'plant/temp/sensor-${i}', ... (12 bytes))`,
  );

  it('says nothing in it reports a failure, and quotes a line that holds the shared words', () => {
    const r = matcher.match(lines.join('\n'));
    expect(r.abstain).toBe(true);
    expect(r.abstainReason).toBe('no-failure');
    for (const e of r.matches.flatMap((m) => m.evidence).filter((x) => x.kind === 'description')) {
      const shared = [...(/shares (.*?)\)?$/.exec(e.why)?.[1] ?? '').matchAll(/"([^"]+)"/g)];
      expect(shared.length).toBeGreaterThan(0);
      expect(shared.some(([, w]) => e.text.toLowerCase().includes(w!.toLowerCase()))).toBe(true);
    }
  });
});

describe('a passive listener', () => {
  it('stays quiet on a package manager failing to install an MQTT library', () => {
    for (const text of [
      'ERROR: Could not find a version that satisfies the requirement paho-mqtt==3.0.0 (from versions: 1.6.1, 2.0.0, 2.1.0)\nERROR: No matching distribution found for paho-mqtt==3.0.0',
      'npm ERR! code ETARGET\nnpm ERR! notarget No matching version found for mqtt@9.9.9.',
    ]) {
      const r = matcher.match(text);
      expect(r.abstain).toBe(true);
      expect(r.abstainReason).toBe('not-mqtt');
    }
  });

  it("stays quiet on another program's failed name lookup, and speaks on an MQTT client's", () => {
    for (const text of [
      'Error: getaddrinfo ENOTFOUND registry.npmjs.org',
      'Error: getaddrinfo EAI_AGAIN db.example.com',
    ])
      expect(matcher.match(text).abstain).toBe(true);
    const mqtt = matcher.match('mqtt.js error: getaddrinfo ENOTFOUND broker.local');
    expect(mqtt.abstain).toBe(false);
    expect(mqtt.matches[0]?.id).toBe('communication/mqtt-dns-resolution-failed');
  });

  it("ranks mbedTLS's bare -0x2700 (generic verification failure) as verify-failed, not as a clock", () => {
    for (const text of ['-0x2700', 'mqtt connect failed -0x2700'])
      expect(matcher.match(text).matches[0]?.id).toBe(
        'communication/mqtt-tls-certificate-verify-failed',
      );
  });

  it('stays quiet on a build of an MQTT broker or library that fails to compile', () => {
    for (const text of [
      // mosquitto#3233 (tune corpus), which spoke as a broker config error before.
      'When I was compiling mosquitto-1.6.9 with cmakelist, I found that the /lib/messages_mosq.c file could not find the utlist.h header, and I looked at it in the /src/deps directory, and my solution was to copy it to the /lib directory. I thought some beginners might lose time because of this, so I raised this bug',
      'paho.mqtt.c/src/SSLSocket.c:40:10: fatal error: openssl/ssl.h: No such file or directory\ncompilation terminated.\nmake[2]: *** [CMakeFiles/paho-mqtt3cs.dir/build.make:76] Error 1',
      'building my esp32 mqtt client: undefined reference to `esp_mqtt_client_init\ncollect2: error: ld returned 1 exit status',
    ]) {
      const r = matcher.match(text);
      expect({ text, abstain: r.abstain }).toEqual({ text, abstain: true });
    }
    // A build that worked is no build failure, whatever fails after it.
    expect(
      reportsInstallFailure('the sketch compiles fine but the esp32 fails to connect, error -2'),
    ).toBe(false);
  });

  it("reads Windows' socket messages in an MQTT client's error, and not without MQTT", () => {
    for (const [text, id] of [
      [
        'paho-mqtt on Windows: ConnectionResetError: [WinError 10054] An existing connection was forcibly closed by the remote host',
        'communication/mqtt-connection-lost',
      ],
      [
        'MQTTnet: System.Net.Sockets.SocketException (10053): An established connection was aborted by the software in your host machine.',
        'communication/mqtt-connection-lost',
      ],
      [
        'MQTTnet connect fails: SocketException (10060): A connection attempt failed because the connected party did not properly respond after a period of time',
        'communication/mqtt-connect-timeout',
      ],
    ] as const) {
      const r = matcher.match(text);
      expect({ text, top: r.matches[0]?.id, abstain: r.abstain }).toEqual({ text, top: id, abstain: false });
    }
    const other = matcher.match(
      'Invoke-WebRequest: An existing connection was forcibly closed by the remote host.',
    );
    expect(other.abstain).toBe(true);
  });

  it('speaks on a firm MQTT signal in a text that mentions installing something', () => {
    for (const text of [
      'I did pip install paho-mqtt and now on_connect gives: Connection Refused: not authorised',
      'Steps: pip install aiomqtt\nthen: aiomqtt.exceptions.MqttCodeError: [code:135] Not authorized',
    ]) {
      const r = matcher.match(text);
      expect(r.matches[0]?.id).toBe('communication/mqtt-connack-not-authorized');
      expect(r.abstain).toBe(false);
    }
  });

  it('stays quiet on an explanation that only resembles a KB message, and speaks on a failure', () => {
    const explanation = matcher.match(
      "You don't have to wait until you establish a connection before you start publishing. MQTT.js queues up all messages you publish in your outgoing store until it actually connects.",
    );
    expect(explanation.matches.length).toBeGreaterThan(0);
    expect(explanation.abstain).toBe(true);
    const failure = matcher.match('mqtt: publish before connect fails with an error');
    expect(failure.matches.length).toBeGreaterThan(0);
  });

  it('stays quiet on a line that only resembles a KB message, and still ranks it for an asker', () => {
    const result = matcher.match('MQTT: failed to subscribe to a topic, subscribe failed');
    const top = result.matches[0]!;
    expect(top.id).toBe('communication/mqtt-subscription-rejected');
    expect(top.evidence.some((e) => e.kind === 'fuzzy' && !e.caveat)).toBe(true);
    expect(top.evidence.every((e) => e.kind === 'fuzzy' || e.kind === 'description')).toBe(true);
    expect(result).toMatchObject({ abstain: true, abstainReason: 'weak-signal' });
  });

  it('ranks a short story by its words, never by its likeness to an error message', () => {
    // "subscribe to the same topic" resembles paho.golang's "failed to subscribe to topic:", but
    // the line reports no error: likeness there is noise, whatever the text's length.
    const story = matcher.match('I publish and subscribe to the same topic from two scripts');
    expect(story.matches.length).toBeGreaterThan(0);
    for (const m of story.matches) expect(m.evidence.some((e) => e.kind === 'fuzzy')).toBe(false);
    // A line that reads like an error still gets the likeness.
    const error = matcher.match('Error: failed to subscribe to topic sensors/# (timeout)');
    expect(error.matches[0]!.evidence.some((e) => e.kind === 'fuzzy' || e.kind === 'phrase')).toBe(true);
  });

  it('takes a client whose name contains "mqtt" (rumqttc, mqttui) as MQTT context', () => {
    const r = matcher.match(
      'ERROR rumqttc::eventloop: Connection error = Io(Custom { kind: Other, error: "failed to lookup address information: Name or service not known" })',
    );
    expect(r.matches[0]?.id).toBe('communication/mqtt-dns-resolution-failed');
    expect(r.abstain).toBe(false);
  });
});

describe('fuzzy likeness', () => {
  it('never takes a message with another code for the one in the line ("reason 137" is not "reason 7")', () => {
    const r = matcher.match('2023-09-20 11:46:15; INFO Backend: MQTT disconnecting reason 7');
    const resembled = r.matches.flatMap((m) =>
      m.evidence.filter((e) => e.kind === 'fuzzy').map((e) => e.matched),
    );
    for (const phrase of resembled)
      for (const n of phrase.match(/\d+/g) ?? []) expect(['7', '0']).toContain(n);
  });
});

describe('a code typed alone', () => {
  it.each(['0x02', '0x80', 'rc=5', '135'])(
    '%s is answered by what the code means, with no entry ranked on words it does not have',
    (code) => {
      const result = matcher.match(code);
      expect(result.matches.length).toBeGreaterThan(0);
      for (const m of result.matches) expect(m.evidence.every((e) => e.kind === 'code')).toBe(true);
    },
  );
});

describe('a return code that no MQTT packet gives as an error', () => {
  it("is read as the libraries' code when typed alone or said of MQTT with no library named (rc=7: paho's and libmosquitto's connection lost)", () => {
    for (const text of ['rc=7', 'lost the mqtt broker: rc=7']) {
      const r = matcher.match(text);
      expect(r.matches[0]?.id).toBe('communication/mqtt-connection-lost');
      expect(r.abstain).toBe(false);
    }
  });

  it('is a weaker reading than the same code with its library or call named', () => {
    const guessed = matcher.match('rc=7').matches[0]!.score;
    const named = matcher.match('on_disconnect rc=7').matches[0]!.score;
    expect(guessed).toBeLessThan(named);
  });

  it('leaves a code MQTT itself defines to its MQTT reading (rc=5 is CONNACK not authorised)', () => {
    expect(matcher.match('rc=5').matches[0]?.id).toBe('communication/mqtt-connack-not-authorized');
  });
});

it("leaves a library's code alone in a text about something else", () => {
  const r = matcher.match('we saw rc=7 from the job runner yesterday');
  expect(r.abstain).toBe(true);
  expect(r.matches.every((m) => m.evidence.every((e) => e.kind !== 'code'))).toBe(true);
});

it('lists a code as ambiguous only when its readings lead to different entries', () => {
  // mqtt.js's 5 and CONNACK 3.1.1's 5 both mean the not-authorised entry: nothing to choose.
  expect(matcher.match('Error: Connection refused: Not authorized').ambiguities).toEqual([]);
  const [ambiguity] = matcher.match('0x87').ambiguities;
  expect(new Set(ambiguity!.readings.map((r) => r.entryId)).size).toBeGreaterThan(1);
});

it("ranks Mosquitto's OpenSSL error above the reason name in the disconnect line that follows it", () => {
  // The handshake failure is the cause; "disconnected: Protocol error." is how Mosquitto ends it.
  const r = matcher.match(
    [
      '1700000000: New connection from 10.0.0.5:51234 on port 8883.',
      '1700000000: OpenSSL Error[0]: error:0A000418:SSL routines::tlsv1 alert unknown ca',
      '1700000000: Client <unknown> disconnected: Protocol error.',
    ].join('\n'),
  );
  expect(r.matches[0]?.id).toBe('communication/mqtt-tls-certificate-verify-failed');
  expect(r.abstain).toBe(false);
  // libmosquitto's "OpenSSL Error[0]:" line is MQTT context on its own.
  const alone = matcher.match(
    '1700000000: OpenSSL Error[0]: error:14094418:SSL routines:ssl3_read_bytes:tlsv1 alert unknown ca',
  );
  expect(alone.abstain).toBe(false);
  expect(alone.matches[0]?.id).toBe('communication/mqtt-tls-certificate-verify-failed');
});

describe('what reads as a failure', () => {
  // A review: VerneMQ's "[warning] … session stopped abnormally" was told "Nothing here reports a
  // failure (no error, refusal, timeout or disconnect)".
  it('counts a session that stopped abnormally', () => {
    const r = matcher.match(
      "2024-03-15 10:00:01.123 [warning] <0.1234.0>@vmq_mqtt_pre_init:init:67 session stopped abnormally due to 'bogus_state'",
    );
    expect(r.abstainReason).not.toBe('no-failure');
  });
});

describe('a code that is a success in the packet its line names', () => {
  it("reads SUBACK's 0x01 as granted QoS 1, not as CONNACK's unacceptable protocol version", () => {
    for (const text of ['SUBACK 0x01', 'received SUBACK, reason code 0x01']) {
      const r = matcher.match(text);
      expect(r.abstainReason).toBe('no-failure');
      expect(r.matches.flatMap((m) => m.evidence).filter((e) => e.kind === 'code')).toEqual([]);
    }
    const typed = matcher.match('SUBACK 0x01').ambiguities[0]?.readings.map((x) => x.reading);
    expect(typed?.join('\n')).toMatch(/SUBACK MQTT 5\.0: Granted QoS 1/);
    // CONNACK's own 0x01 is still the refusal it is.
    expect(matcher.match('CONNACK 0x01').matches[0]?.id).toBe('communication/mqtt-connack-unacceptable-protocol-version');
  });
});

describe('a description that shares one word', () => {
  it('never makes a listener speak: one word that an entry happens to name describes nothing', () => {
    // "umqtt" is named in one entry's text; the code 9 is in no table.
    const r = matcher.match('umqtt.simple.MQTTException: 9');
    expect(r.abstain).toBe(true);
    expect(r.matches[0]?.evidence.every((e) => e.kind === 'description')).toBe(true);
  });
});

describe('a keep-alive drop beside code that sleeps on the loop thread', () => {
  const drop = '1556772590: Client sensor-1 has exceeded timeout, disconnecting.';

  it('is the network loop starved, not the network', () => {
    const code = 'void MqttClient_ApplicationMessageReceived(...) { Thread.Sleep(500); }';
    expect(matcher.match(`${drop}\n${code}`).matches[0]?.id).toBe(
      'communication/mqtt-client-network-loop-not-running',
    );
  });

  it('stays a keep-alive timeout without such code', () => {
    expect(matcher.match(drop).matches[0]?.id).toBe('communication/mqtt-keepalive-timeout');
  });
});

describe('a connect failure that does not say why, beside "the host name instead of the IP"', () => {
  // PubSubClient's -2 (MQTT_CONNECT_FAILED) is a refused connection and a failed lookup alike.
  const failed = 'Attempting MQTT connection...failed, rc=-2 try again in 5 seconds';

  it('is the name that does not resolve', () => {
    const story = 'it works with 192.168.1.20 but not with mqttbroker.local instead of IP';
    expect(matcher.match(`${story}\n${failed}`).matches[0]?.id).toBe(
      'communication/mqtt-dns-resolution-failed',
    );
  });

  it('stays a refused connection without it, and the reverse wording does not count', () => {
    expect(matcher.match(failed).matches[0]?.id).toBe('communication/mqtt-tcp-connection-refused');
    const reverse = 'I used the IP address instead of the hostname, same thing';
    expect(matcher.match(`${reverse}\n${failed}`).matches[0]?.id).toBe(
      'communication/mqtt-tcp-connection-refused',
    );
  });
});

describe('a story that says which permission the client lacked', () => {
  const ids = (text: string): string[] => matcher.match(text).matches.map((m) => m.id);

  it('puts the ACL entry among the candidates beside a disconnect that does not say why', () => {
    const text =
      'the policy attached to the certificate does not allow the client to publish on that topic, ' +
      'the client gets disconnected with AWS_ERROR_MQTT_UNEXPECTED_HANGUP';
    expect(ids(text).slice(0, 3)).toContain('communication/mqtt-publish-denied-acl');
  });

  it('tells a denied publish from a denied subscribe', () => {
    expect(ids('the mqtt user is not permitted to publish to that topic')[0]).toBe(
      'communication/mqtt-publish-denied-acl',
    );
    expect(ids('the mqtt user is not permitted to subscribe to that topic')[0]).toBe(
      'communication/mqtt-subscription-rejected',
    );
  });
});

describe("Mosquitto's spelling and the SDKs' alike", () => {
  it('finds "not authorized" in a text that writes "not authorised"', () => {
    const r = matcher.match(
      'mqtthandler: an error occurred\npanic: Not Authorised\ngithub.com/c3re/can2mqtt.mqttStart(0x29fa8a)',
    );
    expect(r.abstain).toBe(false);
    expect(r.matches[0]?.id).toBe('communication/mqtt-connack-not-authorized');
  });

  it('keeps the special case when the story says Mosquitto was upgraded to 2.x', () => {
    expect(
      matcher.match("our devices get 'not authorised' since we upgraded mosquitto to 2.0, why?")
        .matches[0]?.id,
    ).toBe('communication/mqtt-mosquitto-anonymous-disabled');
  });
});

describe("AWS IoT's duplicate-client-id disconnect", () => {
  it('is a session takeover in both spellings (lifecycle event and CloudWatch log)', () => {
    for (const line of [
      'disconnectReason: DUPLICATE_CLIENTID',
      'HTTP Client Disconnect MESSAGE:Disconnect Status: CLIENT_ERROR Failure reason:DUPLICATE_CLIENT_ID',
    ]) {
      const r = matcher.match(line);
      expect(r.matches[0]?.id).toBe('communication/mqtt-session-taken-over');
      expect(r.abstain).toBe(false);
    }
  });
});

describe('a WebSocket URL to the raw MQTT port', () => {
  it('ranks the WebSocket entry first, in a pasted client config', () => {
    const code = "var host = 'ws://broker.example.com:1883/mqtt'\nvar client = mqtt.connect(host, options)";
    expect(matcher.match(code).matches[0]?.id).toBe('communication/mqtt-websocket-handshake-failed');
  });

  it('leaves a WebSocket URL to a WebSocket port alone', () => {
    const r = matcher.match("var host = 'ws://broker.example.com:9001/mqtt'");
    expect(r.matches.flatMap((m) => m.evidence).map((e) => e.matched)).not.toContain('ws://*:1883');
  });
});
