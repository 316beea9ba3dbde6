/**
 * Removes secrets from text before it is shown anywhere (evidence lines, chat replies, logs):
 * passwords in URLs and command lines, key=value secrets, bearer tokens, Slack and AWS keys,
 * private key blocks.
 */

const MASK = '****';

const RULES: [RegExp, string | ((...m: string[]) => string)][] = [
  // -----BEGIN ... PRIVATE KEY----- ... -----END ... PRIVATE KEY----- (whole block, or its first line).
  [
    /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g,
    '[private key removed]',
  ],
  // scheme://user:password@host
  [/\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+):([^\s@/]+)@/gi, `$1:${MASK}@`],
  // mosquitto_pub -P secret, --password secret, --password=secret, -pw secret
  [/(\s(?:-P|--password|--pass|-pw|--pw))(=|\s+)("[^"]*"|'[^']*'|\S+)/g, `$1$2${MASK}`],
  // "password": "x", password=x, passwd: x, token=x, secret=x, api_key=x (JSON, YAML, query strings, logs)
  [
    /(["']?\b(?:password|passwd|pwd|pass|token|access[_-]?token|auth[_-]?token|secret|client[_-]?secret|api[_-]?key|apikey|private[_-]?key|signing[_-]?secret)\b["']?\s*[:=]\s*)("[^"]*"|'[^']*'|[^\s,;&}]+)/gi,
    (_m: string, key: string, value: string) =>
      `${key}${value.startsWith('"') ? `"${MASK}"` : value.startsWith("'") ? `'${MASK}'` : MASK}`,
  ],
  // Authorization: Bearer x / Basic x
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/g, `$1 ${MASK}`],
  // Slack tokens (xoxb-, xoxp-, xapp-...) and AWS access key ids.
  [/\bx(?:ox[abposr]|app)-[A-Za-z0-9-]{6,}/g, MASK],
  [/\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g, MASK],
];

export function redactSecrets(text: string): string {
  let out = text;
  for (const [re, replacement] of RULES)
    out = out.replace(re, replacement as (substring: string, ...args: string[]) => string);
  return out;
}
