import { redactSecrets } from '../../../../src/common/redact';
import { atBoundary } from '../../../../src/chat/slack/reply';

describe('the text stored with an answer', () => {
  it('is cut between lines or words, so the redactor sees every secret whole', () => {
    // A long private key (masked to a few words) pushes the cut into a URL on the next line.
    const key = `-----BEGIN RSA PRIVATE KEY-----\n${'A'.repeat(7910)}\n-----END RSA PRIVATE KEY-----`;
    const text = `${key}\nmqtt://alice:Secr3tPassw0rd@broker.example.com:1883 refused`;
    const cut = atBoundary(text, 8000);
    expect(cut.length).toBeLessThanOrEqual(8000);
    expect(redactSecrets(cut)).not.toContain('Secr3tPassw');
  });

  it('ends at white space on one long line, and keeps nothing of one unbroken token', () => {
    expect(atBoundary('one two three', 8)).toBe('one two');
    expect(atBoundary('x'.repeat(20), 10)).toBe('');
    expect(atBoundary('short', 10)).toBe('short');
    expect(atBoundary('a\nbcdefghijk', 5)).toBe('a');
  });
});
