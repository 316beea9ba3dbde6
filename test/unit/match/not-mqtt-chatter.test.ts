/**
 * Texts from other software that share words with MQTT's reason names and messages: a passive
 * listener stays quiet on them (found in review of the reason-name, code-as-context and typo
 * readings; each case spoke before its fix).
 */
import { DEFAULT_KB_DIR } from '../../../src/config';
import { loadKnowledgeBase } from '../../../src/kb/load';
import { Matcher } from '../../../src/match/matcher';

let matcher: Matcher;
beforeAll(async () => {
  const loaded = await loadKnowledgeBase(DEFAULT_KB_DIR);
  if (!loaded.ok) throw new Error('KB does not load');
  matcher = new Matcher(loaded.kb);
});

describe('a reason name on a line about publishing or subscribing to something else', () => {
  it.each([
    'We tried to publish the blog post this morning but the CMS said unspecified error again',
    'Unsubscribe from the newsletter failed for all users with an unspecified error yesterday',
    'My Stripe subscription renewal keeps failing and the bank says the payment is not authorized',
    'Publishing the app to the Play Store failed today because the API quota exceeded the daily limit',
    'Cannot publish the video to YouTube, the upload page says server unavailable, please try later',
    'twine upload: publishing the package to PyPI failed, 403 not authorized for this project',
  ])('%s', (t) => expect(matcher.match(t).abstain).toBe(true));

  it('is still read as that packet when the line is about MQTT', () => {
    const r = matcher.match('mqtt: my publisher gets not authorized from the broker every time');
    expect(r.matches[0]!.id).toBe('communication/mqtt-publish-denied-acl');
  });
});

describe('a number beside a generic message that is no return code', () => {
  it.each([
    'Windows Update failed with error code 8: certificate has expired on the update server',
    'The backup job stopped, status 7 (The connection was lost.) while copying files to the NAS',
    'Excel add-in failed to load, code 8: certificate verify failed',
    'SMB share mount failed, error code 15: Temporary failure in name resolution',
    'The VPN client shows code 7 and the message The connection was lost.',
  ])('%s', (t) => expect(matcher.match(t).abstain).toBe(true));
});

describe('chat one edit away from a reason name', () => {
  it.each(['now authorized', 'got authorized', 'topic name valid', 'payload format valid'])(
    '%s',
    (t) => {
      const r = matcher.match(t);
      expect(r.abstain).toBe(true);
      // Not read as the name it negates.
      expect(r.matches.flatMap((m) => m.evidence).some((e) => e.kind === 'code')).toBe(false);
    },
  );

  it('a typo of a name is a hint for an explicit ask, not enough for a listener', () => {
    const r = matcher.match('not authorsed');
    expect(r.matches[0]!.id).toBe('communication/mqtt-connack-not-authorized');
    expect(r.matches[0]!.evidence[0]!.kind).toBe('fuzzy');
    expect(r.abstain).toBe(true);
  });
});
