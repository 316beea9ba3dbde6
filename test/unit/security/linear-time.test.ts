/**
 * Issue 12, finding 1: no user text may cost more than linear time. Every KB phrase pattern and
 * every way user text is read (normalising, matching, redaction, URL and host checks, command
 * parsing, escaping) gets input built to make backtracking or rescanning patterns blow up, at
 * Slack's message limit (40,000 characters) and at 1 MB. The bounds are orders of magnitude above
 * what these take (milliseconds to a few hundred at 1 MB): a regression to quadratic time takes
 * minutes and fails loudly; the suite asserts no timing beyond that.
 */
import { DEFAULT_KB_DIR } from '../../../src/config';
import { parseCommand } from '../../../src/core/command';
import { redactSecrets } from '../../../src/common/redact';
import { loadKnowledgeBase } from '../../../src/kb/load';
import { Matcher } from '../../../src/match/matcher';
import { prepareText } from '../../../src/match/normalise';
import { hostAllowed, parseHostPattern } from '../../../src/probe/address-policy';
import { parseBrokerUrl, parseHost } from '../../../src/probe/endpoint';
import { escapeMrkdwn } from '../../../src/chat/slack/mrkdwn';

const SLACK_LIMIT = 40_000;
const ONE_MB = 1_000_000;
// Normal: a few ms at 40,000 characters, up to ~2 s at 1 MB on a busy 2-core CI machine.
const BOUND_MS = { [SLACK_LIMIT]: 2_000, [ONE_MB]: 30_000 } as const;

let matcher: Matcher;
let phrases: string[];

beforeAll(async () => {
  const loaded = await loadKnowledgeBase(DEFAULT_KB_DIR);
  if (!loaded.ok) throw new Error('KB does not load');
  matcher = new Matcher(loaded.kb);
  phrases = loaded.kb.entries.flatMap((e) => e.signals.map((s) => s.phrase));
});

const fill = (unit: string, size: number) =>
  unit.repeat(Math.ceil(size / unit.length)).slice(0, size);

/** Texts that hurt backtracking regexes, rescanning loops and per-occurrence re-checks. */
const HOSTILE: Record<string, (size: number) => string> = {
  'publish x then to x (issue 12)': (n) => fill('publish ', n / 2) + fill('to ', n / 2),
  'Slack mention openers <@': (n) => fill('<@', n),
  'Slack link openers <http:': (n) => fill('<http:', n),
  'nested angle brackets': (n) => fill('<<>', n),
  'dotted words a.': (n) => fill('a.', n),
  'path parts a/ (stack frames)': (n) => fill('a/', n),
  'path roots /a (stack frames)': (n) => fill('/a', n),
  'frame openers at a.b(': (n) => fill('at a.b(', n),
  'Python frames file "': (n) => fill('file "', n),
  'questions ?will (no question mark after)': (n) => '?' + fill('will is how ', n - 1),
  // A review's additions: each of today's new patterns at its opener, over and over.
  'frame locations at a (b.java:1': (n) => fill('at a (b.java:1', n),
  'a frame line number that never ends': (n) => 'at a (b.java:' + fill('1', n),
  'Go paths with no extension /a/a/a.g': (n) => fill(' ' + 'a/'.repeat(30) + 'a.g', n),
  'HiveMQ event openers client id: ': (n) => fill('client id: ', n),
  'HiveMQ events with no end client id: a, ip: ': (n) => fill('client id: a, ip: ', n),
  'AWS IoT hosts -ats.iot.': (n) => fill('x-ats.iot.a-', n),
  'EMQX and RabbitMQ modules emqx_ esockd_ rabbit_mqtt_': (n) =>
    fill('emqx_ esockd_ rabbit_mqtt_', n),
  'Tortoise modules tortoise.': (n) => fill('tortoise.', n),
  'QoS in hex qos 0x01 ': (n) => fill('suback granted qos 0x01 qos: 0x02 ', n),
  'URL schemes a://': (n) => fill('a://', n),
  'userinfo a://b:c@': (n) => fill('a://b:c@', n),
  'hash starts :$1$': (n) => fill(':$1$', n),
  'key headers -----BEGIN ': (n) => fill('-----BEGIN ', n),
  'open quotes password="': (n) => fill('password="', n),
  'calls setPassword(': (n) => fill('setPassword(', n),
  'XML <password>': (n) => fill('<password>', n),
  'connect calls .connect("': (n) => fill('.connect("', n),
  'JWT starts eyJ': (n) => fill('eyJ', n),
  'Bearer ': (n) => fill('Bearer ', n),
  'mosquitto_passwd -b ': (n) => fill('mosquitto_passwd -b ', n),
  'flags -P ': (n) => fill(' -P ', n),
  'camelCase aPassword': (n) => fill('aPassword', n),
  'escaped JSON keys \\"password\\":': (n) => fill('\\"password\\":\\"', n),
  'values below their key password:\\n': (n) => fill('password: |\n', n),
  'environment names - name: X_PASSWORD': (n) => fill('- name: X_PASSWORD\n  value: ', n),
  'user flags -u a:b': (n) => fill(' -u a:b', n),
  'redis-cli without -a': (n) => fill('redis-cli x ', n),
  'Redis AUTH at its prompt': (n) => fill('127.0.0.1:6379> AUTH ', n),
  'Redis AUTH lines': (n) => fill('AUTH a b c\n', n),
  'redis-cli then AUTH words': (n) => fill('redis-cli AUTH ', n),
  'echoed AUTH': (n) => fill("echo 'AUTH ", n),
  'Redis named, AUTH on one line': (n) => 'redis\nAUTH ' + fill('a ', n),
  'blank lines of blanks': (n) => fill(' \t \t \t\n', n),
  // A code review's finds: each secret word once read its whole line back to the line's start.
  'secret words with no value token ': (n) => fill('token ', n),
  'keys with short values password=a ': (n) => fill('password=a ', n),
  'name keys name: X_PASSWORD\\n': (n) => fill('name: X_PASSWORD\n', n),
  'config keys remote_password ': (n) => fill('remote_password ', n),
  'Buffers password: <Buffer ': (n) => fill('password: <Buffer ', n),
  'webhooks hooks.slack.com/services/': (n) => fill('hooks.slack.com/services/', n),
  'header schemes authorization: basic ': (n) => fill('authorization: basic ', n),
  'codes 0x8': (n) => fill('0x8', n),
  'rc=': (n) => fill('rc=', n),
  // A code with several readings, on every line, many times: each mention was a reading.
  'ambiguous codes 0x87 on many lines': (n) => fill('0x87 0x87 0x87 0x87\n', n),
  'common words': (n) => fill('client connection refused not authorised ', n),
  'one-character lines': (n) => fill('a\n', n),
  'white space': (n) => fill(' \t', n),
  'bidi and accents': (n) => fill('é\u202e\u2066x', n),
  digits: (n) => fill('1234567890', n),
  'colons and at': (n) => fill(':@', n),
  'percent escapes': (n) => fill('%2', n),
  'URLs with no mqtt in the line': (n) => fill('https://x ', n),
  // An MQTT line first, so the abstain decision reads the whole text for an install failure.
  'node-gyp after an MQTT line': (n) => 'mosquitto: connection refused\n' + fill('node-gyp ', n),
  // This stop's readers of change notes and wishes, each after an MQTT line so the listener's
  // decision reads the text.
  'missing ways there is no way to ': (n) =>
    'mosquitto: connection refused\n' + fill('i do not see any way to there is no option for ', n),
  'wishes it would be, having these': (n) =>
    'mosquitto: connection refused\n' + fill('it would be having these a a a ', n),
  'a change title that never ends fix(': (n) => 'fix(' + fill('a', n),
  'release headings 1.0 - ': (n) => 'connection refused\n' + fill('\n1.0 - 2', n),
  'task lists - [ ': (n) => 'connection refused\n' + fill('\n- [ ', n),
  'closed issues closes #1 ': (n) => 'connection refused\n' + fill('closes #1 ', n),
  // Credential tuples in IBM Watson IoT errors, with no ")" to end them and on one line.
  'credential tuples Bad username or password: (': (n) => fill('Bad username or password: (a, ', n),
  'credential tuples Not authorized: s (': (n) => fill('Not authorized: s (a,', n),
  'credential tuples with no comma and no line end': (n) => fill('Not authorized: s (a', n),
  // The redaction of products' own shapes and of prose ("the password is x").
  'prose the password for a a a a is ': (n) => fill('the password for a a a a is ', n),
  'byte dumps a [0x41], one per line': (n) =>
    'a [0x41], b [0x42], c [0x43], d [0x44]\n' + fill('x [0x41]\n', n),
  'byte dumps [0x with no byte': (n) => fill(' [0x', n),
  'mosquitto_ctrl dynsec createClient -p': (n) =>
    fill('mosquitto_ctrl dynsec createClient a -p ', n),
  'mosquitto_pub to ThingsBoard topics -u': (n) =>
    fill('mosquitto_pub -t v1/devices/me/x -u a;', n),
  'emqx ctl admins add': (n) => fill('emqx ctl admins add a ', n),
  // Device firmware and device-cloud tools: AT commands, Blynk dumps, Particle and Losant.
  'AT commands with an unquoted argument that never ends': (n) => fill('+QMTCONN=', n),
  'AT commands with a quote that never closes': (n) => fill('AT+SMCONF="PASSWORD","', n),
  'Blynk login dumps with no ]': (n) => fill('<[1D|', n),
  "Particle's warning with no token before it": (n) => fill(" is this CLI's access token", n),
  'Losant Device( with a secret that never closes': (n) => fill('Device("a","b","x', n),
  'particle login -t': (n) => fill('particle login -t a ', n),
  'device key names with no value localKey secKey': (n) => fill('localKey secKey network_key ', n),
  'Shelly settings URLs with no key=': (n) => fill('/settings/sta?a=b&', n),
  'tinytuya scan lines with no end': (n) => fill('Local Key = ', n),
  'fields named key with no value': (n) => fill(' "key": "', n),
  'ThingSpeak topics with no key': (n) => fill('channels/1/publish/fields/field1/', n),
  'ESP-AT long passwords with prompts and no password': (n) =>
    fill('AT+MQTTLONGPASSWORD=0,9\nOK\n>   ', n),
  'az compute-device-key lines with blank lines after': (n) => fill('compute-device-key \n\n\n', n),
  'az compute-device-key then one line of spaces': (n) =>
    'compute-device-key\n' + ' '.repeat(n - 19),
  // Credentials in client code: typed declarations, pairs, positional calls over lines, chains.
  'typed declarations with no value password: String =': (n) => fill('password: String = ', n),
  'name and value pairs that never close {password, <<"': (n) => fill('{password, <<"', n),
  'connect calls that never close, one per line': (n) => fill('client.connect("a", "b",\n', n),
  'a dotted call chain after a password': (n) => 'password = ' + fill('a.', n - 12) + '(',
  'subscripts with no value config["password"]': (n) => fill('config["password"]', n),
  'a key over a block sequence that never ends': (n) => 'network_key:\n' + fill('  - 1\n', n - 13),
  'configuration keys with no value remote_password': (n) => fill('remote_password \n', n),
  'password hashes with no end :$argon2id$': (n) => fill('u:$argon2id$', n),
  'Tasmota HTTP commands with no password cmnd=Password': (n) => fill('cmnd=Password', n),
  'Tasmota MQTT forms with no mp= /mq?': (n) => fill('/mq?a=b&', n),
  'tinytuya table headings, one after another': (n) =>
    fill('Name  ID  IP  Key  Version\nx  y  z  k  v\n', n),
  'ESP-AT long password prompt then one line of spaces': (n) =>
    'AT+MQTTLONGPASSWORD=0,9\n>' + ' '.repeat(n - 25),
  // The readers of misspellings, setting words and one-word descriptions.
  'misspellings mosquito recieve conect ': (n) => fill('mosquito recieve conect looses ', n),
};

/** Every reader of user text, each fed the whole input as a user could send it. */
const READERS: Record<string, (text: string) => unknown> = {
  prepareText: (t) => prepareText(t),
  'matcher.match': (t) => matcher.match(t),
  redactSecrets: (t) => redactSecrets(t),
  parseBrokerUrl: (t) => parseBrokerUrl(`mqtt://${t}`),
  parseHost: (t) => parseHost(t),
  parseCommand: (t) => parseCommand(t),
  escapeMrkdwn: (t) => escapeMrkdwn(t),
};

function timed(fn: () => unknown): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

describe.each([SLACK_LIMIT, ONE_MB])('at %i characters', (size) => {
  it.each(Object.keys(HOSTILE))('%s: every reader stays linear', (name) => {
    const text = HOSTILE[name]!(size);
    const slow = Object.entries(READERS)
      .map(([reader, fn]) => ({ reader, ms: Math.round(timed(() => fn(text))) }))
      .filter((r) => r.ms > BOUND_MS[size as keyof typeof BOUND_MS]);
    expect(slow).toEqual([]);
  });
});

describe('every KB phrase pattern', () => {
  it('matches in linear time on its own parts repeated to 40,000 characters', () => {
    const slow: { phrase: string; ms: number }[] = [];
    for (const phrase of phrases) {
      const parts = phrase
        .split('*')
        .map((p) => p.trim())
        .filter(Boolean);
      // Each literal part many times over, in order: the input that made `a.*?b.*?c` rescan.
      const text = parts.map((p) => fill(`${p} `, SLACK_LIMIT / parts.length)).join('');
      const ms = timed(() => matcher.match(text));
      if (ms > BOUND_MS[SLACK_LIMIT]) slow.push({ phrase, ms: Math.round(ms) });
    }
    expect(slow).toEqual([]);
  });

  it('matches in linear time on all phrases together, repeated to 1 MB', () => {
    const text = fill(`${phrases.join(' ')}\n`, ONE_MB);
    expect(timed(() => matcher.match(text))).toBeLessThan(BOUND_MS[ONE_MB]);
  });
});

describe('admin host patterns', () => {
  it('match hosts in linear time however many wildcards they hold', () => {
    const pattern = parseHostPattern('*-*-*-*-*-*-*-*-*-*.zone')!;
    const label = fill('a-', 62) + 'b';
    const endpoint = { host: `${label}.zone`, hostKind: 'name' as const };
    expect(timed(() => hostAllowed(endpoint, [pattern]))).toBeLessThan(BOUND_MS[SLACK_LIMIT]);
    // A longer host never reaches the pattern: the host grammar refuses it first.
    expect(parseHost(`${fill('a-', 4096)}b.zone`).ok).toBe(false);
  });
});
