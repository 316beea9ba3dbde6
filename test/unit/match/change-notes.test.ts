/**
 * Chat integrations post commit and pull request titles and release notes into channels; they
 * name MQTT errors and settings because they fix them. A passive listener stays quiet on them,
 * and someone who asks still gets the entry.
 */
import { DEFAULT_KB_DIR } from '../../../src/config';
import { loadKnowledgeBase } from '../../../src/kb/load';
import { announcesChange } from '../../../src/match/context';
import { Matcher } from '../../../src/match/matcher';
import { realKbTop } from '../../helpers/real-kb-top';

const top = realKbTop();
let real: Matcher | undefined;
beforeAll(async () => {
  const loaded = await loadKnowledgeBase(DEFAULT_KB_DIR);
  if (loaded.ok) real = new Matcher(loaded.kb);
});
const matcher = (): Matcher => {
  if (!real) throw new Error('the KB did not load');
  return real;
};

describe('a change announced, not a problem reported', () => {
  it('keeps a listener quiet on a pull request title that quotes the error it fixes', () => {
    expect(
      top('Fix error "Connection Refused: not authorised." after the password file is reloaded'),
    ).toEqual({
      abstain: true,
      id: 'mqtt-connack-not-authorized',
    });
    expect(top('fix(tls): handle "certificate verify failed" on reconnect').abstain).toBe(true);
    expect(top('Bump mqtt from 4.3.7 to 5.0.0').abstain).toBe(true);
  });

  it('says why it stays quiet, and still names the entry to someone who asks', () => {
    const answer = matcher().match('Fix error "Connection Refused: not authorised." on reload');
    expect(answer.abstainReason).toBe('change-note');
    expect(answer.matches[0]?.id).toBe('communication/mqtt-connack-not-authorized');
  });

  it('keeps a listener quiet on release notes that name settings and errors', () => {
    const notes = [
      '2.0.17 - 2023-08-22',
      '===================',
      'Broker:',
      '- Fix `max_queued_messages 0` stopping clients from receiving messages. Closes #2879.',
      '- Fix `max_inflight_messages` not being set correctly. Closes #2876.',
    ].join('\n');
    expect(top(notes).abstain).toBe(true);
  });

  it('keeps a listener quiet on a feature request or a pull request that describes itself', () => {
    expect(
      top(
        'It would be useful if the broker logged the client address with "Connection Refused: not authorised." so fail2ban can use it.',
      ).abstain,
    ).toBe(true);
    expect(
      top('This commit introduces a per-listener listener_allow_anonymous option.').abstain,
    ).toBe(true);
    expect(
      top('MQTT 5 support:\n- [ ] reason codes on DISCONNECT\n- [ ] keep alive timeout reason')
        .abstain,
    ).toBe(true);
  });

  it('still answers a problem told beside a request for input', () => {
    expect(
      top('Please provide your input: every client gets Connection Refused: not authorised.')
        .abstain,
    ).toBe(false);
  });

  it('still answers the same error reported as a problem, or a fix asked about', () => {
    expect(top('Connection Refused: not authorised.')).toEqual({
      abstain: false,
      id: 'mqtt-connack-not-authorized',
    });
    expect(top('fixed? no, still getting Connection Refused: not authorised.').abstain).toBe(false);
    expect(
      top('I fixed the acl but clients still get Connection Refused: not authorised.').abstain,
    ).toBe(false);
  });

  it('reads the title from the first line and counts closed issues', () => {
    expect(announcesChange('merge pull request #42 from x/fix-tls')).toBe(true);
    expect(announcesChange('some text\n- fix a. closes #1\n- fix b. fixes #2')).toBe(true);
    expect(announcesChange('some text\n- fix a. closes #1')).toBe(false);
    expect(announcesChange('fixing this is urgent: every client gets rc=5')).toBe(false);
    expect(announcesChange('please add support for last will messages')).toBe(true);
    expect(announcesChange('please help, every client gets rc=5')).toBe(false);
    // GitHub's feature template asks for the problem first: what follows it is a report.
    expect(
      announcesChange('is your feature request related to a problem? every client gets rc=5'),
    ).toBe(false);
  });

  it("reads a pull request's description by the issue it closes first or its template's headings", () => {
    expect(
      announcesChange('closes #147. ## problem\non session takeover the broker signals the client'),
    ).toBe(true);
    expect(
      announcesChange(
        '**motivation**\nwe log when a session is taken over via the same client id\n**changes**\n- add a reason',
      ),
    ).toBe(true);
    expect(announcesChange('## proposed changes\nsend disconnect 0x8e to the old client')).toBe(
      true,
    );
    // A report that mentions changes, or thanks a fix, is still a report.
    expect(
      announcesChange(
        'after the changes to my config the client gets rc=5\nthe fix in #12 did not help',
      ),
    ).toBe(false);
    expect(announcesChange('## steps to reproduce\n1. connect two clients with the same id')).toBe(
      false,
    );
  });
});
