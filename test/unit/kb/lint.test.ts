import { lintCheckedClaims, lintEntry, lintReproduced } from '../../../src/kb/lint';
import { buildKnowledgeBase } from '../../../src/kb/load';
import { parseEntry } from '../../../src/kb/parse';
import { entryText } from '../../helpers/entry-text';

const parsed = (spec: Parameters<typeof entryText>[0]) => {
  const text = entryText(spec);
  const { entry } = parseEntry(text, 'x.md', spec.id);
  return { entry: entry!, text };
};

describe('reproduced claims', () => {
  const claim = 'Mosquitto answers 5 — `test/integration/brokers/auth.test.ts` (Mosquitto 2.0.11)';

  it('fails an entry marked reproduced that names no test', () => {
    const { entry, text } = parsed({ id: 'communication/x', signals: ['not authorised'], verification: 'reproduced' });
    expect(lintEntry(entry, text).map((p) => p.message)).toEqual([expect.stringMatching(/needs a "## Reproduced" section/)]);
  });

  it('fails a claim whose test file does not exist, and one whose test never names the entry', () => {
    const { entry } = parsed({ id: 'communication/x', signals: ['not authorised'], reproduced: [claim] });
    expect(lintReproduced([entry], () => null).map((p) => `${p.line}: ${p.message}`)).toEqual([
      expect.stringMatching(/^\d+: reproduced claim cites test\/integration\/brokers\/auth.test.ts, which does not exist/),
    ]);
    expect(lintReproduced([entry], () => 'describe("other entries")').map((p) => p.message)).toEqual([
      expect.stringMatching(/never names communication\/x/),
    ]);
  });

  it('accepts a claim whose test exists and names the entry', () => {
    const { entry } = parsed({ id: 'communication/x', signals: ['not authorised'], reproduced: [claim] });
    expect(lintReproduced([entry], () => "const ENTRY = 'communication/x';")).toEqual([]);
  });
});

describe('checked-here claims', () => {
  const withProse = (prose: string) =>
    entryText({ id: 'communication/x', signals: ['not authorised'] }).replace('## Root Cause\n\n', `## Root Cause\n\n${prose}\n\n`);
  const lines = (prose: string) => {
    const text = withProse(prose);
    return lintCheckedClaims('x.md', text).map((p) => `${text.split('\n')[p.line - 1]}|${p.severity}`);
  };

  it('fails "checked by running", "verified with", "checked here", "seen here" and "on this machine" with no test cited', () => {
    expect(lines('The broker says 5 (checked by running 2.0.11).')).toEqual(['The broker says 5 (checked by running 2.0.11).|error']);
    expect(lines('- one (verified with 2.0.11)\n- two (Checked here)\n- three (seen here)\n- four, on this machine')).toHaveLength(4);
    expect(lines('| Mosquitto | active | Verified with 2.0.11. |')).toHaveLength(1);
    expect(lines('- a (checked with 2.0.11)\n- b (tested with 2.1)\n- c, run here\n- d (reproduced here)')).toHaveLength(4);
    // Saying it was not reproduced here is no claim.
    expect(lines('Per the 1.6.1 source (not reproduced here).')).toEqual([]);
  });

  it('accepts a claim whose paragraph, list item or table row cites a test file', () => {
    expect(lines('It says 5 (checked by running 2.0.11;\n`test/integration/brokers/mosquitto.test.ts`).')).toEqual([]);
    expect(lines('| Mosquitto | active | Verified with 2.0.11: `test/integration/brokers/mosquitto.test.ts`. |')).toEqual([]);
  });

  it('does not let one list item or table row vouch for the next', () => {
    expect(lines('- a (`test/unit/a.test.ts`)\n- b, verified with 2.0.11')).toEqual(['- b, verified with 2.0.11|error']);
    expect(lines('| A | `test/unit/a.test.ts` |\n| B | checked here |')).toEqual(['| B | checked here ||error']);
  });

  it('ignores quoted text: inline code and code blocks', () => {
    expect(lines('Logs `Connections will only be possible from clients running on this machine.`')).toEqual([]);
    expect(lines('```\nclients running on this machine\n```')).toEqual([]);
  });

  // A review's finds: entries are wrapped by hand at 100 columns, so a claim can span two lines;
  // and the same words describe how brokers work, or tell the reader what to run.
  it('fails a claim wrapped across two lines of its paragraph, on the line it starts', () => {
    expect(lines('Mosquitto closes it at once (verified\nwith 2.0.11).')).toEqual(['Mosquitto closes it at once (verified|error']);
    expect(lines('- The port stays bound (checked\n  with 2.0.11)')).toHaveLength(1);
  });

  it('does not fail how something works or what to run: "is checked with", "can be verified with", "runs on this machine"', () => {
    expect(lines('The server certificate is checked with the CA file in `cafile`.')).toEqual([]);
    expect(lines('The fix can be verified with `mosquitto_sub -d` or be tested with `openssl s_client`.')).toEqual([]);
    expect(lines('If the broker runs on this machine, connect to `localhost`; find what else is listening on this machine with `ss -ltnp`.')).toEqual([]);
  });

  it('is reported by lintEntry', () => {
    const text = withProse('Seen here with 2.0.11.');
    const { entry } = parseEntry(text, 'x.md', 'communication/x');
    expect(lintEntry(entry!, text).map((p) => p.message)).toEqual([expect.stringMatching(/^"Seen here" claims this project saw it/)]);
  });
});

describe('signal sources', () => {
  it('fails a signal whose note names no source, and accepts one that does', () => {
    const { entry, text } = parsed({
      id: 'communication/x',
      signals: ['`not authorised`', '`connection refused` (needs MQTT context)', '`Client * not authorised` (Mosquitto 2.0 log)'],
    });
    expect(lintEntry(entry, text).map((p) => p.message)).toEqual([
      expect.stringMatching(/signal `not authorised` names no source/),
      expect.stringMatching(/signal `connection refused` names no source/),
    ]);
  });
});

describe('signals that only tell apart', () => {
  it('fails one in an entry that refines nothing, since it could never count', () => {
    const { entry, text } = parsed({
      id: 'communication/x',
      signals: ['`wibble fault` (Mosquitto 2.0 log)', '`-ats.iot.*.amazonaws.com` (tells apart only; AWS IoT endpoint)'],
    });
    expect(lintEntry(entry, text).map((p) => p.message)).toEqual([
      expect.stringMatching(/signal `-ats.iot.\*.amazonaws.com` only tells apart, but the entry refines nothing/),
    ]);
  });
});

describe('links across entries', () => {
  it('reports a link to a missing entry, and not again a link to an entry with errors of its own', () => {
    const linking = entryText({
      id: 't/a',
      signals: ['wibble fault'],
      seeAlso: ['t/broken', 't/missing'],
    });
    const broken = entryText({ id: 't/broken', signals: ['wobble fault'] }).replace(
      '- **Category:** connection_error',
      '- **Category:** nonsense',
    );
    const r = buildKnowledgeBase('kb', [
      { file: 'kb/t/a.md', id: 't/a', text: linking },
      { file: 'kb/t/broken.md', id: 't/broken', text: broken },
    ]);
    const problems = r.ok ? [] : r.problems.filter((p) => p.severity === 'error');
    expect(problems.map((p) => `${p.file}: ${p.message}`)).toEqual([
      expect.stringMatching(/^kb\/t\/broken\.md: .*[Cc]ategory/),
      'kb/t/a.md: See Also "t/missing" is not an entry',
    ]);
  });
});
