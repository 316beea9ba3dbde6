import { promises as fs } from 'fs';
import path from 'path';
import { parseEntry } from '../../../src/kb/parse';
import { serializeEntry } from '../../../src/kb/serialize';
import { entryText } from '../../helpers/entry-text';

// The seed entry as the project received it (shared/seed/000_4e21ce44a484eb6d.txt): the format's
// reference. The KB's own entry for that id has since been rewritten where the seed's advice was
// wrong for CONNACK 0x02.
const SEED = path.join(__dirname, '../../fixtures/kb/seed-entry.md');
const SEED_ID = 'communication/mqtt-publish-identifier-in-use';
const KB_ENTRY = path.join(__dirname, '../../../kb', `${SEED_ID}.md`);

describe('parseEntry', () => {
  it('reads the seed entry and writes it back byte for byte', async () => {
    const seed = await fs.readFile(SEED, 'utf8');
    const { entry, problems } = parseEntry(seed, 'seed.md', SEED_ID);
    expect(problems).toEqual([]);
    expect(entry).not.toBeNull();
    expect(entry!.title).toMatch(/identifier rejected \(0x02\)/);
    expect(entry!.fixRate).toBe('83%');
    expect(entry!.workarounds).toHaveLength(3);
    expect(entry!.workarounds[1]!.successPercent).toBe(95);
    expect(entry!.deadEnds[0]!.failPercent).toBe(85);
    expect(entry!.versions.map((v) => v.version)).toContain('EMQX 5.3');
    expect(serializeEntry(entry!)).toBe(seed);
  });

  it("no longer gives the seed's advice for 0x02, which the protocol contradicts", async () => {
    // A duplicate id is taken over, not refused (MQTT 3.1.1 §3.1.4), and a full broker does not
    // answer 0x02: clean session, a fresh UUID per connection and max_connections fix neither.
    const { entry } = parseEntry(await fs.readFile(KB_ENTRY, 'utf8'), 'kb.md', SEED_ID);
    const advice = entry!.workarounds.map((w) => `${w.summary} ${w.codeBlocks.map((b) => b.body).join(" ")}`).join(' ');
    expect(advice).not.toMatch(/uuid|max_connections|clean session flag to true/i);
    expect(entry!.rootCause).toMatch(/merely in use[^.]*is not refused/);
    expect(entry!.fixRate).toBe('—');
  });

  it('round-trips an entry with the extension sections', () => {
    const text = entryText({
      id: 'communication/x-y',
      codes: [['0x87', 'CONNACK', '5.0', 'Not authorized']],
      signals: [
        'not authorised',
        'connection refused` (needs MQTT context)',
        '-ats.iot.*.amazonaws.com` (tells apart only; AWS IoT Core endpoint host)',
        '`max_inflight_messages` (Mosquitto 1.x/2.x option, announced to MQTT 5 clients as Receive Maximum)',
        '`max_queued_messages` (Mosquitto configuration [src/conf.c at v2.0.18])',
        '`option not recognised` (Mosquitto start-up error when an option is misspelt)',
      ],
      seeAlso: ['communication/z'],
      disambiguation: 'Tell them apart by the packet.',
    });
    const { entry, problems } = parseEntry(text, 'x.md', 'communication/x-y');
    expect(problems).toEqual([]);
    expect(entry!.signals[1]).toMatchObject({ phrase: 'connection refused', needsContext: true, tellsApart: false });
    expect(entry!.signals[2]).toMatchObject({ needsContext: false, weak: false, tellsApart: true, setting: false });
    // A setting is what the note calls an option or a configuration, not an error that names one.
    expect(entry!.signals.slice(3).map((x) => x.setting)).toEqual([true, true, false]);
    expect(entry!.codes[0]).toMatchObject({ kind: 'mqtt', value: 0x87, packet: 'CONNACK', protocol: '5.0' });
    expect(serializeEntry(entry!)).toBe(text);
  });

  it('names the line of a metadata mistake and of an unknown section', () => {
    const text = entryText({ id: 'communication/x-y' })
      .replace('**Category:** connection_error', '**Category:** oops')
      .replace('## Dead Ends', '## Dead End');
    const { entry, problems } = parseEntry(text, 'kb/communication/x-y.md', 'communication/x-y');
    expect(entry).toBeNull();
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: 'kb/communication/x-y.md', line: 5, message: expect.stringMatching(/Category "oops"/) }),
        expect.objectContaining({ line: 31, message: expect.stringMatching(/unknown section "## Dead End"/) }),
        expect.objectContaining({ message: expect.stringMatching(/missing required section "## Dead Ends"/) }),
      ]),
    );
  });

  it('reads an entry saved with a byte order mark first', () => {
    const { entry, problems } = parseEntry('\ufeff' + entryText({ id: 't/bom' }), 'bom.md', 't/bom');
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(entry!.title).toBe('Title of t/bom');
  });

  it('rejects an ID that does not match the path', () => {
    const { problems } = parseEntry(entryText({ id: 'communication/a' }), 'f.md', 'communication/b');
    expect(problems).toEqual([
      expect.objectContaining({ line: 3, message: expect.stringMatching(/does not match the file's path/) }),
    ]);
  });

  it('rejects malformed codes with their line', () => {
    const text = entryText({
      id: 'communication/x',
      codes: [
        ['135', 'CONNACK', '5.0', 'decimal where hex is required'],
        ['0x87', 'CONNECT', '5.0', 'not an ack packet'],
        ['7', 'connect', 'some-lib', 'unknown library'],
        ['-2', 'state()', 'pubsubclient', 'fine'],
      ],
    });
    const { problems } = parseEntry(text, 'f.md', 'communication/x');
    const messages = problems.map((p) => `${p.line}: ${p.message}`);
    expect(messages).toEqual([
      expect.stringMatching(/^39: MQTT code "135" must be written 0xNN/),
      expect.stringMatching(/^40: packet "CONNECT" is not one of/),
      expect.stringMatching(/^41: protocol "some-lib" is neither/),
    ]);
  });

  it('reads plain-words symptoms and reproduced claims, and writes them back', () => {
    const text = entryText({
      id: 'communication/x-y',
      signals: ['not authorised'],
      symptoms: ['two devices keep kicking each other off', 'works on 1883 but not on 8883'],
      reproduced: ['Mosquitto answers 5 — `test/integration/brokers/auth.test.ts` (Mosquitto 2.0.11)'],
      verification: 'reproduced',
    });
    const { entry, problems } = parseEntry(text, 'x.md', 'communication/x-y');
    expect(problems).toEqual([]);
    expect(entry!.symptoms).toEqual(['two devices keep kicking each other off', 'works on 1883 but not on 8883']);
    expect(entry!.reproduced).toEqual([
      expect.objectContaining({ claim: 'Mosquitto answers 5', testFile: 'test/integration/brokers/auth.test.ts', against: 'Mosquitto 2.0.11' }),
    ]);
    expect(serializeEntry(entry!)).toBe(text);
  });

  it('rejects a reproduced claim that cites no test file, and a too-short symptom', () => {
    const text = entryText({
      id: 'communication/x',
      signals: ['not authorised'],
      symptoms: ['broken'],
      reproduced: ['Mosquitto answers 5 — see the docs'],
    });
    const { problems } = parseEntry(text, 'f.md', 'communication/x');
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/symptom "broken" must be 8 to 200 characters/),
      expect.stringMatching(/expected - claim — `test\/<path>.test.ts`/),
    ]);
  });

  it('rejects a signal with a leading wildcard', () => {
    const text = entryText({ id: 'communication/x', signals: ['* refused'] });
    const { problems } = parseEntry(text, 'f.md', 'communication/x');
    expect(problems.map((p) => p.message)).toEqual([expect.stringMatching(/must not start or end with a wildcard/)]);
  });

  it('reports an unclosed code block, and the sections it swallowed', () => {
    const text = entryText({ id: 'communication/x' }).replace('   echo two\n   ```', '   echo two');
    const { problems } = parseEntry(text, 'f.md', 'communication/x');
    expect(problems.map((p) => p.message)).toEqual(
      expect.arrayContaining([/code block is not closed/, /missing required section "## Dead Ends"/].map((r) => expect.stringMatching(r))),
    );
  });
});
