import { Matcher } from '../../../src/match/matcher';
import { smallKb } from '../../helpers/small-kb';

const matcher = new Matcher(smallKb());
const top = (text: string) => matcher.match(text).matches[0]?.id;

describe('Matcher on codes', () => {
  it('reads a bare 0x87 as a CONNACK first and says the code is ambiguous', () => {
    const r = matcher.match('0x87');
    expect(r.abstain).toBe(false);
    expect(r.matches.map((m) => m.id).slice(0, 3)).toEqual([
      't/not-authorized',
      't/subscription-rejected',
      't/publish-denied',
    ]);
    const readings = r.ambiguities[0]!.readings.map((x) => x.reading).join('\n');
    expect(readings).toMatch(/CONNACK MQTT 5.0: Not authorized/);
    expect(readings).toMatch(/PUBACK MQTT 5.0/);
  });

  it('reads a code typed with "MQTT" before its key, and never the protocol version as a code', () => {
    for (const typed of ['MQTT error 5', 'mqtt connect error 5', 'error 5'])
      expect(top(typed)).toBe('t/not-authorized');
    const version = matcher.match('MQTT 5');
    expect(version.matches.some((m) => m.evidence.some((e) => e.kind === 'code'))).toBe(false);
  });

  it('says what an ambiguous code may mean once, however often a paste repeats it', () => {
    const once = matcher.match('0x87');
    const repeated = matcher.match('0x87 0x87 0x87 0x87\n'.repeat(2000));
    expect(repeated.ambiguities.map((a) => a.written)).toEqual(['0x87']);
    expect(repeated.matches[0]?.id).toBe(once.matches[0]?.id);
    // Each sighting still counts: the same code on many lines is surer than once.
    expect(repeated.matches[0]!.score).toBeGreaterThan(once.matches[0]!.score);
  });

  it('reads a code in parentheses after a refusal, and not a count after it', () => {
    expect(top('rumqtt: Connection error = Error(Inner(MqttConnectionRefused(5)))')).toBe(
      't/not-authorized',
    );
    // One written code is one reading, however many patterns see it.
    for (const line of [
      'Client mydevice: CONNACK refused (5)',
      'org.eclipse.paho.client.mqttv3.MqttException: Connection refused (5)',
    ]) {
      const codes = matcher.match(line).matches[0]!.evidence.filter((e) => e.kind === 'code');
      expect(codes).toHaveLength(1);
    }
    expect(
      matcher
        .match('mqtt connection refused 5 times')
        .matches.some((m) => m.evidence.some((e) => e.kind === 'code')),
    ).toBe(false);
  });

  it('reads a reason name written out in a sentence as the packet the sentence is about', () => {
    // "Not authorized" is 0x87 of CONNACK, SUBACK and PUBACK alike (MQTT 5.0 §2.4).
    expect(top('mqtt: the broker says I am not authorized to subscribe to #')).toBe(
      't/subscription-rejected',
    );
    expect(top('mqtt: publishing to that topic fails, not authorized')).toBe('t/publish-denied');
    expect(top('mqtt client: not authorized')).toBe('t/not-authorized');
    // The verb inside an identifier counts too: VerneMQ's reason for a refused publish.
    expect(
      top('vmq_ranch:teardown: session stopped abnormally due to publish_not_authorized_3_1_1'),
    ).toBe('t/publish-denied');
  });

  it('ranks the PUBACK entry first when the text names the PUBACK', () => {
    expect(top('PUBACK reason code 0x87')).toBe('t/publish-denied');
    expect(top('SUBACK returned 0x87 for sensors/#')).toBe('t/subscription-rejected');
  });

  it('says that 0x02 is identifier rejected in a 3.1.1 CONNACK but a success in a v5 SUBACK', () => {
    const r = matcher.match('0x02');
    expect(r.matches[0]!.id).toBe('t/identifier-rejected');
    const readings = r.ambiguities[0]!.readings.map((x) => x.reading).join('\n');
    expect(readings).toMatch(/identifier rejected/);
    expect(readings).toMatch(/Granted QoS 2 \(success, not an error\)/);
  });

  it('reads a decimal CONNACK code above 5 as an MQTT 5 reason code', () => {
    expect(top('CONNACK 134')).toBe('t/bad-credentials');
    expect(top('rc=5')).toBe('t/not-authorized');
    expect(top('2')).toBe('t/identifier-rejected');
  });

  it('reads a code printed after its key with an arrow or closing parentheses', () => {
    expect(top('console.log(p.reasonCode)) -> 134')).toBe('t/bad-credentials');
    expect(top('connack reasonCode => 134')).toBe('t/bad-credentials');
    expect(matcher.match('reasonCode').matches).toEqual([]);
  });

  it("reads a library's own code only where that library is named or the code is distinctive", () => {
    expect(top('failed, rc=-2 try again in 5 seconds')).toBe('t/connection-refused');
    // Two libraries' -2 and no call named: the connect-time reading first, as with packets.
    expect(top('rc=-2')).toBe('t/connection-refused');
    expect(top('esp-mqtt: esp_mqtt_client_publish rc=-2')).toBe('t/publish-denied');
    expect(top('on_disconnect rc=7')).toBe('t/connection-lost');
    expect(matcher.match('we saw rc=7 from the job runner yesterday').matches).toEqual([]);
  });

  it("never lends a code to another library when the line's own library does not define it", () => {
    const codeIds = (text: string) =>
      matcher
        .match(text)
        .matches.filter((m) => m.evidence.some((e) => e.kind === 'code'))
        .map((m) => m.id);
    // In an MQTT text with no library named, 7 can only be a library's: a guess, offered.
    expect(codeIds('mqtt client to broker:1883 stopped, rc=7')).toContain('t/connection-lost');
    // Tasmota's line is PubSubClient's, whose states stop at 5: paho's 7 is not its meaning.
    expect(codeIds('MQT: Connect failed to 10.0.0.2:1883, rc 7. Retry in 10 sec')).toEqual([]);
  });

  it('ignores exit codes and HTTP statuses', () => {
    expect(matcher.match('process exited with exit code 5').matches).toEqual([]);
    expect(matcher.match('upstream returned HTTP status 5').matches).toEqual([]);
  });
});

describe('Matcher on phrases and logs', () => {
  it('finds the line that matters in a long broker log and quotes it', () => {
    const noise = Array.from(
      { length: 300 },
      (_, i) => `1700000${i}: New connection from 10.0.0.${i % 250} on port 1883.`,
    );
    noise.splice(150, 0, '1700000150: Client dev-42 disconnected, not authorised.');
    const r = matcher.match(noise.join('\n'));
    expect(r.abstain).toBe(false);
    expect(r.matches[0]!.id).toBe('t/not-authorized');
    expect(r.matches[0]!.evidence[0]).toMatchObject({ line: 151, kind: 'phrase' });
    expect(r.matches[0]!.evidence[0]!.text).toContain('dev-42 disconnected, not authorised');
  });

  it('undoes Slack escaping, code fences and ANSI colours before matching', () => {
    expect(top('```\n&gt; Error: Connection refused: Not authorized\n```')).toBe(
      't/not-authorized',
    );
    expect(top('\u001b[31mERROR\u001b[0m mqtt: Connection lost')).toBe('t/connection-lost');
    expect(top('see <mqtt://broker.local:1883|broker.local:1883> &gt; ECONNREFUSED')).toBe(
      't/connection-refused',
    );
  });

  it('reads full-width and odd Unicode as plain text', () => {
    expect(top('ＭＱＴＴ_ＥＲＲ_ＣＯＮＮ_ＬＯＳＴ')).toBe('t/connection-lost');
    expect(top('Not\u00a0authorised\u200b')).toBe('t/not-authorized');
  });

  it('counts a generic signal only when the text is about MQTT', () => {
    expect(matcher.match('Error: connect ECONNREFUSED 127.0.0.1:1883').abstain).toBe(false);
    const pg = matcher.match('psql: error: connect ECONNREFUSED 127.0.0.1:5432');
    expect(pg.abstain).toBe(true);
    expect(pg.abstainReason).toBe('not-mqtt');
    // Someone who asked still gets the closest entry, every piece of it marked unsure.
    const pgEvidence = pg.matches.flatMap((m) => m.evidence);
    expect(pgEvidence.length).toBeGreaterThan(0);
    expect(pgEvidence.every((e) => e.caveat !== undefined)).toBe(true);
    expect(pgEvidence.find((e) => e.kind === 'phrase')?.why).toMatch(/another program/);
    // MQTT elsewhere in the paste does not make a Redis line about MQTT.
    const mixed = matcher.match('mqtt client started\nredis: connect ECONNREFUSED 127.0.0.1:6379');
    expect(mixed.abstain).toBe(true);
    expect(mixed.matches.flatMap((m) => m.evidence).some((e) => e.line === 2)).toBe(false);
  });

  it('finds a misspelt message with the fuzzy search, and says so', () => {
    const r = matcher.match('mosquitto says: Conection refused, not authorisd');
    expect(r.matches[0]!.id).toBe('t/not-authorized');
    expect(r.matches[0]!.evidence[0]!.kind).toBe('fuzzy');
  });

  it('takes a message only where its words stand together, not scattered over a sentence', () => {
    // Every word of "bad user name or password" is here, but not as that message.
    const r = matcher.match(
      'mqtt bad luck: the user changed the name of the broker, or so it seems, and the password failed to update',
    );
    expect(r.matches.flatMap((m) => m.evidence).some((e) => e.kind === 'fuzzy')).toBe(false);
    // Together, misspelt, it is the message.
    const near = matcher.match('mqtt connect failed: bad usr name or passwrd');
    expect(near.matches[0]!.id).toBe('t/bad-credentials');
    expect(near.matches[0]!.evidence[0]!.kind).toBe('fuzzy');
  });

  it('reads the words of a story that links to docs', () => {
    // A link is not another system's error: the story is still ranked by its words.
    const story = 'our devices keep getting refused by the broker every morning';
    const linked = `${story}, as described in https://docs.example.com/limits`;
    const ids = (t: string) => matcher.match(t).matches.map((m) => m.id);
    expect(ids(story).length).toBeGreaterThan(0);
    expect(ids(linked)).toEqual(ids(story));
  });

  it('takes a code and the message the KB gives the same entry as context for each other', () => {
    // paho-mqtt's error_string(7) after its rc: nothing else says MQTT, and nothing need.
    const r = matcher.match('Unexpected disconnection. rc=7 (The connection was lost.)');
    expect(r.matches[0]!.id).toBe('t/connection-lost');
    expect(r.abstain).toBe(false);
    // The message alone, or beside a code that is not its own, is any program's sentence.
    expect(matcher.match('Unexpected disconnection. The connection was lost.').abstain).toBe(true);
    const other = matcher.match('Unexpected disconnection. rc=2 (The connection was lost.)');
    const phrase = other.matches
      .flatMap((m) => m.evidence)
      .find((e) => e.matched === 'The connection was lost.');
    expect(phrase?.caveat).toBe('out-of-context');
  });

  it('weighs the words of a long text beside a likeness, as beside no evidence', () => {
    // A misspelt message is a likeness, not a firm signal: the symptom ranking still reads the
    // rest (beside a firm signal in a text of more than three lines it would not).
    const r = matcher.match(
      [
        'mqtt client log',
        'starting up',
        'mosquitto says: Conection refused, not authorisd',
        'then it keeps reconnecting every few seconds',
        'and the broker refuses the client again',
      ].join('\n'),
    );
    expect(r.matches[0]!.evidence.some((e) => e.kind === 'fuzzy')).toBe(true);
    expect(r.matches.flatMap((m) => m.evidence).some((e) => e.kind === 'description')).toBe(true);
  });

  it('abstains on chat that merely mentions MQTT', () => {
    for (const chat of [
      'anyone tried MQTT 5 shared subscriptions with EMQX?',
      'the mqtt dashboard looks nice today',
    ]) {
      const r = matcher.match(chat);
      expect(r.abstain).toBe(true);
      // Words shared with an entry may rank it for someone who asked, never as firm evidence.
      expect(r.matches.flatMap((m) => m.evidence).every((e) => e.kind === 'description')).toBe(
        true,
      );
    }
  });

  it('removes secrets from evidence lines', () => {
    const r = matcher.match(
      'mosquitto_sub -h b -u alice -P hunter2 -t x: Connection Refused: not authorised mqtt://alice:s3cret@b:1883',
    );
    const shown = JSON.stringify(r.matches);
    expect(shown).toContain('not authorised');
    expect(shown).not.toMatch(/hunter2|s3cret/);
  });

  it('quotes a long line around the words that matched, not only its start', () => {
    const line = `${'"field":"value",'.repeat(40)}"msg":"Connection Refused: not authorised"`;
    const quoted = matcher.match(line).matches[0]!.evidence[0]!.text;
    expect(quoted.length).toBeLessThanOrEqual(240);
    expect(quoted).toMatch(/^….*Connection Refused: not authorised/);
  });

  it('never matches on a secret: a password that reads as a code is no code', () => {
    const r = matcher.match('mqtt://admin:0x87@host:1883 connect failed');
    expect(JSON.stringify(r)).not.toContain('0x87');
    expect(r.matches.some((m) => m.evidence.some((e) => e.kind === 'code'))).toBe(false);
    expect(r.ambiguities).toEqual([]);
  });
});

describe('Matcher on bad input', () => {
  it('abstains on binary data and on empty input', () => {
    const binary = Buffer.from(Array.from({ length: 2000 }, (_, i) => (i * 7919) % 256)).toString(
      'utf8',
    );
    expect(matcher.match(binary)).toMatchObject({ abstain: true, abstainReason: 'binary-input' });
    expect(matcher.match('  \n\n ')).toMatchObject({ abstain: true, abstainReason: 'empty-input' });
  });

  it("reads a log that logrotate's copytruncate padded with NULs, or that starts with a BOM", () => {
    const log = 'New connection from 10.0.0.1 on port 1883.\nConnection Refused: not authorised';
    for (const prefix of ['\u0000'.repeat(4000), '\ufeff']) {
      const r = matcher.match(prefix + log);
      expect(r.abstainReason).not.toBe('binary-input');
      expect(r.matches[0]?.id).toBe('t/not-authorized');
      expect(r.matches[0]!.evidence[0]!.line).toBe(2);
    }
  });

  it('reads the end of a 5 MB paste, where logs put the newest lines, and says so', () => {
    const huge = 'x'.repeat(80) + '\n';
    const early = 'Connection Refused: bad user name or password\n';
    const r = matcher.match(early + huge.repeat(65_000) + 'Connection Refused: not authorised');
    expect(r.truncated).toBe(true);
    expect(r.matches[0]?.id).toBe('t/not-authorized');
    expect(r.matches.map((m) => m.id)).not.toContain('t/bad-credentials');
    // Line numbers are those of the paste, not of the part that was read.
    expect(r.matches[0]!.evidence[0]!.line).toBe(65_002);
  });
});
