import { redactSecrets } from '../../../src/core/redact';

describe('redactSecrets', () => {
  it.each([
    ['mqtt://alice:s3cret@broker:1883', 'mqtt://alice:****@broker:1883', 's3cret'],
    ['wss://u:p%40ss@host/mqtt', 'wss://u:****@host/mqtt', 'p%40ss'],
    [
      'mosquitto_pub -h h -u bob -P hunter2 -t t',
      'mosquitto_pub -h h -u bob -P **** -t t',
      'hunter2',
    ],
    ['mqtt-why probe --password "two words" x', 'mqtt-why probe --password **** x', 'two words'],
    ['--password=abc123 next', '--password=**** next', 'abc123'],
    ['{"username":"u","password":"pw123"}', '{"username":"u","password":"****"}', 'pw123'],
    ['password=pw123&user=u', 'password=****&user=u', 'pw123'],
    ['token: abcdef123456', 'token: ****', 'abcdef123456'],
    ['Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.x.y', 'Authorization: Bearer ****', 'eyJhbGci'],
    ['SLACK_BOT_TOKEN=xoxb-1234-5678-abcdef', 'SLACK_BOT_TOKEN=****', 'xoxb-1234'],
    ['key AKIAIOSFODNN7EXAMPLE used', 'key **** used', 'AKIAIOSFODNN7EXAMPLE'],
  ])('hides the secret in %s', (input, expected, secret) => {
    const out = redactSecrets(input);
    expect(out).toBe(expected);
    expect(out).not.toContain(secret);
  });

  it('removes a private key block whole', () => {
    const pem =
      'before\n-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\nabc\n-----END RSA PRIVATE KEY-----\nafter';
    expect(redactSecrets(pem)).toBe('before\n[private key removed]\nafter');
  });

  it('leaves ordinary log lines alone', () => {
    const line = '1700000000: Client sensor-1 disconnected, not authorised.';
    expect(redactSecrets(line)).toBe(line);
  });
});
