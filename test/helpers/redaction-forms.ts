/** The table tests every redaction audit shares: each form's secret hidden, look-alikes kept. */
import { redactSecrets } from '../../src/common/redact';

/** A form's name, a line in that form with a made-up secret, and the parts that must not survive. */
export type SecretForm = [form: string, input: string, secrets: string[]];

export function itHidesEachForm(forms: SecretForm[], lookAlikes: string[]): void {
  it.each(forms)('hides %s', (_form, input, secrets) => {
    const out = redactSecrets(input);
    for (const secret of secrets) expect(out).not.toContain(secret);
    expect(out).toContain('****');
    expect(redactSecrets(out)).toBe(out);
  });

  it.each(lookAlikes)('leaves %s alone', (line) => expect(redactSecrets(line)).toBe(line));
}
