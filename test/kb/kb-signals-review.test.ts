/**
 * Broker log lines a user-eye review pasted that the matcher did not recognise, exactly as each
 * product prints them (wording read from the product's source at the tag the entry cites), lead to
 * the entry that explains them.
 */
import { DEFAULT_KB_DIR } from '../../src/config';
import { loadKnowledgeBase } from '../../src/kb/load';
import { Matcher } from '../../src/match/matcher';

let matcher: Matcher;
beforeAll(async () => {
  const loaded = await loadKnowledgeBase(DEFAULT_KB_DIR);
  if (!loaded.ok) throw new Error('KB does not load');
  matcher = new Matcher(loaded.kb);
});

const top = (text: string) => {
  const r = matcher.match(text);
  return { abstain: r.abstain, id: r.matches[0]?.id.replace('communication/', '') };
};

describe('review log lines', () => {
  it.each([
    // HiveMQ CE 2019.1-2026.5 event.log (logging/EventLog.java, KeepAliveDisconnectService.java).
    ['Client ID: pump-ctrl-12, IP: 10.0.0.5 was disconnected. reason: Client was idle for too long.', 'mqtt-keepalive-timeout'],
    // HiveMQ CE 2020.1-2026.5 event.log, session takeover (ReasonStrings.DISCONNECT_SESSION_TAKEN_OVER).
    ['2024-05-01 10:00:00,123 - Client ID: pump-ctrl-12, IP: 10.0.0.5 was disconnected. reason: Another client connected with the same client id..', 'mqtt-session-taken-over'],
  ])('%s', (line, expected) => {
    expect(top(line)).toEqual({ abstain: false, id: expected });
  });
});
