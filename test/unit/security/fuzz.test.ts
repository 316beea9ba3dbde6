/**
 * Property-based fuzzing (fast-check) of everything that reads untrusted text: the normaliser, the
 * matcher, the redactor, the broker URL and host checks, and the KB parser. Properties: nothing
 * throws, redaction is idempotent and lets no planted secret through, a URL that is accepted
 * survives its trip through a queued job unchanged, and KB problems point at real lines.
 */
import fc from 'fast-check';
import { DEFAULT_KB_DIR } from '../../../src/config';
import { redactSecrets } from '../../../src/common/redact';
import { parseEntry } from '../../../src/kb/parse';
import { loadKnowledgeBase } from '../../../src/kb/load';
import { Matcher } from '../../../src/match/matcher';
import { prepareText } from '../../../src/match/normalise';
import { addressAllowed, hostAllowed, parseHostPattern } from '../../../src/probe/address-policy';
import { endpointDisplay, endpointFromJson, parseBrokerUrl } from '../../../src/probe/endpoint';
import { entryText } from '../../helpers/entry-text';

const RUNS = { numRuns: 300 };
let matcher: Matcher;
let ids: Set<string>;
let fragments: string[];

beforeAll(async () => {
  const loaded = await loadKnowledgeBase(DEFAULT_KB_DIR);
  if (!loaded.ok) throw new Error('KB does not load');
  matcher = new Matcher(loaded.kb);
  ids = new Set(loaded.kb.entries.map((e) => e.id));
  fragments = loaded.kb.entries.flatMap((e) =>
    e.signals.map((s) => s.phrase.replace(/\*/g, ' x ')),
  );
});

/** Text that looks like what people paste: KB phrases, codes, markup and noise, mixed. */
const pasted = () =>
  fc
    .array(
      fc.oneof(
        fc.string(),
        fc.string({ unit: 'grapheme' }),
        fc.string({ unit: 'binary' }),
        fc.constantFrom(...fragments),
        fc.constantFrom(
          '0x87',
          'rc=5',
          'CONNACK 134',
          '<@U123>',
          '<!channel>',
          '&lt;',
          '\u202e',
          '```',
          '\r\n',
          '\t',
          'mqtt://a:b@c',
        ),
      ),
      { maxLength: 30 },
    )
    .map((parts) => parts.join(' '));

describe('the normaliser and the matcher', () => {
  it('never throw, and answer only with entries of the KB', () => {
    fc.assert(
      fc.property(pasted(), (text) => {
        const prepared = prepareText(text);
        expect(prepared.lines.every((l) => !l.norm.includes('\n'))).toBe(true);
        const r = matcher.match(text);
        expect(typeof r.abstain).toBe('boolean');
        expect(r.matches.every((m) => ids.has(m.id))).toBe(true);
      }),
      RUNS,
    );
  });
});

/** Secrets in the forms they are pasted in; `{}` is where the secret goes. */
const FORMS = [
  'mqtt://alice:{}@broker.example.com:1883',
  'mosquitto_pub -u bob -P {} -t t',
  '--password={}',
  'MQTT_PASSWORD={}',
  '{"password":"{}"}',
  'password: {}',
  "client.username_pw_set('u', '{}')",
  'options.setPassword("{}".toCharArray())',
  '.WithCredentials("u", "{}")',
  'HostName=h;DeviceId=d;SharedAccessKey={}',
  'Authorization: Bearer {}',
  '<password>{}</password>',
  'curl -u admin:{} http://h',
  '{\\"password\\":\\"{}\\"}',
  'password: <Buffer {}>',
];
// What a password may hold: anything but white space, quotes and the characters that end a value
// in every notation above (`<` ends XML, `;` a connection string, `&` a query, `,` JSON).
const secretChar = fc.constantFrom(
  ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%*+-./:=?@^_~[]{}'.split(''),
);
const secret = fc
  .string({ unit: secretChar, minLength: 8, maxLength: 40 })
  .filter((s) => /[A-Za-z0-9]{3}/.test(s));

describe('the redactor', () => {
  it('never throws and is idempotent on any text', () => {
    fc.assert(
      fc.property(pasted(), (text) => {
        const once = redactSecrets(text);
        expect(redactSecrets(once)).toBe(once);
      }),
      RUNS,
    );
  });

  it('lets no planted secret through, whatever surrounds it', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...FORMS),
        secret,
        fc.string(),
        fc.string(),
        (form, s, before, after) => {
          // Text around the secret that spells the secret itself is not a leak of it.
          fc.pre(!before.includes(s) && !after.includes(s));
          const text = `${before.replace(/\S+$/, '')} ${form.replace('{}', s)} \n${after}`;
          const out = redactSecrets(text);
          expect(out).not.toContain(s);
          expect(redactSecrets(out)).toBe(out);
        },
      ),
      RUNS,
    );
  });
});

describe('broker URLs and hosts', () => {
  const hostish = fc.oneof(
    fc.domain(),
    fc.ipV4(),
    fc.ipV6().map((ip) => `[${ip}]`),
    fc.string(),
    fc.string({ unit: fc.constantFrom(...'ab0.-_%\'";{}`[]:@/'.split('')) }),
  );
  const url = fc
    .tuple(
      fc.constantFrom('mqtt', 'mqtts', 'ws', 'wss', 'tcp', 'http', 'MQTT'),
      fc.option(fc.tuple(fc.string(), fc.string())),
      hostish,
      fc.option(fc.integer({ min: -1, max: 70000 })),
      fc.constantFrom('', '/', '/mqtt', '/a b', '?x=1'),
    )
    .map(
      ([scheme, auth, host, port, path]) =>
        `${scheme}://${auth ? `${auth[0]}:${auth[1]}@` : ''}${host}${port === null ? '' : `:${port}`}${path}`,
    );

  it('never throw; an accepted URL reads back the same from a queued job and from its display form', () => {
    fc.assert(
      fc.property(url, (raw) => {
        const r = parseBrokerUrl(raw);
        if (!r.ok) return;
        const json = JSON.parse(JSON.stringify(r.endpoint)) as unknown;
        expect(endpointFromJson(json)).toEqual(r.endpoint);
        const again = parseBrokerUrl(endpointDisplay(r.endpoint));
        expect(again.ok && again.endpoint).toEqual(r.endpoint);
        expect(r.endpoint.host).toMatch(/^[a-z0-9_.:-]+$/);
      }),
      RUNS,
    );
  });

  it('never echo a password in a refusal', () => {
    fc.assert(
      fc.property(secret, hostish, (pw, host) => {
        const r = parseBrokerUrl(`mqtt://alice:${pw}@${host}:99999`);
        // Nor the part before a "/", "?" or "#" that ended the host early.
        const head = pw.split(/[/?#@]/)[0]!;
        fc.pre(head.length < 6 || !`${host} mqtt://host:1883`.includes(head));
        if (!r.ok) expect(r.message).not.toContain(pw);
        if (!r.ok && head.length >= 6) expect(r.message).not.toContain(head);
      }),
      RUNS,
    );
  });

  it('host patterns and address rules never throw, and "*" never admits loopback', () => {
    fc.assert(
      fc.property(fc.string(), hostish, fc.oneof(fc.ipV4(), fc.ipV6()), (pattern, host, ip) => {
        parseHostPattern(pattern);
        const parsed = parseBrokerUrl(`mqtt://${host}`);
        if (parsed.ok) {
          const rule = hostAllowed(parsed.endpoint, [parseHostPattern('*')!]);
          expect(rule).not.toBeNull();
          if (/^127\.|^::1$/.test(ip)) expect(addressAllowed(ip, rule!)).toBe(false);
        }
        addressAllowed(ip, { special: false, cidrs: [] });
      }),
      RUNS,
    );
  });
});

describe('the KB parser', () => {
  const valid = entryText({
    id: 'communication/x',
    signals: ['not authorised'],
    symptoms: ['two devices keep kicking each other off'],
  });
  const lines = valid.split('\n');
  const mutated = fc
    .array(
      fc.tuple(
        fc.nat(lines.length - 1),
        fc.constantFrom('drop', 'dup', 'swap', 'garble'),
        fc.string(),
      ),
      { maxLength: 6 },
    )
    .map((edits) => {
      const out = [...lines];
      for (const [i, op, noise] of edits) {
        const at = Math.min(i, out.length - 1);
        if (op === 'drop') out.splice(at, 1);
        else if (op === 'dup') out.splice(at, 0, out[at]!);
        else if (op === 'swap' && at + 1 < out.length)
          [out[at], out[at + 1]] = [out[at + 1]!, out[at]!];
        else out[at] = `${out[at]!.slice(0, noise.length)}${noise}`;
      }
      return out.join('\n');
    });

  it('never throws on a damaged entry, and names real lines of the file', () => {
    fc.assert(
      fc.property(fc.oneof(mutated, fc.string()), (text) => {
        const { entry, problems } = parseEntry(text, 'x.md', 'communication/x');
        const count = text.split('\n').length;
        for (const p of problems) {
          expect(p.file).toBe('x.md');
          expect(p.line).toBeGreaterThanOrEqual(0);
          expect(p.line).toBeLessThanOrEqual(count);
        }
        if (problems.some((p) => p.severity === 'error')) expect(entry).toBeNull();
      }),
      RUNS,
    );
  });
});
