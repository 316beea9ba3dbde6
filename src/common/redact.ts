/**
 * Removes secrets from text before it is shown, stored, logged or exported: passwords in URLs
 * (whatever characters they hold), key/value secrets in every common notation (env, JSON, YAML,
 * XML, query strings, connection strings), credentials passed to client library calls, command
 * line flags, bearer tokens, JWTs, cloud and Slack keys, private keys and password-file hashes.
 *
 * Every pass is a left-to-right scan whose work per character is bounded (literal searches and
 * bounded look-arounds, no backtracking pattern over the whole input), so hostile input of any
 * size costs linear time. Redacting twice gives the same text as redacting once.
 */

import { Edit, MASK, MAX_URL, MAX_VALUE, applyEdits } from './redact-edits';
import { DEVICE_KEY_WORD, keyedSecrets, namesDeviceKey } from './redact-keyed';
import { positionalCallSecrets } from './redact-calls';
import { flagSecrets } from './redact-flags';
import { productSecrets } from './redact-products';
import { deviceSecrets } from './redact-devices';
import { redisAuthSecrets } from './redact-redis';
import { countNewlines } from './lines';

export { MASK } from './redact-edits';

// --- private keys ---------------------------------------------------------------------------

const KEY_HEADER = /-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY( BLOCK)?-----/y;

function privateKeys(text: string, keepLines: boolean): Edit[] {
  const edits: Edit[] = [];
  let from = 0;
  for (;;) {
    const at = text.indexOf('-----BEGIN ', from);
    if (at < 0) return edits;
    KEY_HEADER.lastIndex = at;
    if (!KEY_HEADER.test(text)) {
      from = at + 1;
      continue;
    }
    const end = text.indexOf('-----END ', KEY_HEADER.lastIndex);
    let to = text.length;
    if (end >= 0) {
      const close = text.indexOf('-----', end + 9);
      to = close >= 0 ? close + 5 : text.length;
    }
    // Where line numbers must stay those of the input, the key's lines stay, empty.
    const lines = keepLines ? '\n'.repeat(countNewlines(text, at, to)) : '';
    edits.push({ from: at, to, text: `[private key removed]${lines}` });
    from = to;
  }
}

// --- passwords in URLs ----------------------------------------------------------------------

/**
 * `scheme://user:password@host`: the password is everything between the first `:` after the
 * user and the last `@` of the URL, so `p@ss/w:rd` is hidden whole (a URL parser would have cut it).
 */
function urlPasswords(text: string): Edit[] {
  const edits: Edit[] = [];
  let tokenEnd = -1;
  let lastAt = -1; // the last '@' of the current URL token, found while finding its end
  let from = 0;
  for (;;) {
    const sep = text.indexOf('://', from);
    if (sep < 0) return edits;
    from = sep + 3;
    let s = sep;
    while (s > 0 && sep - s < 32 && /[A-Za-z0-9+.-]/.test(text[s - 1]!)) s--;
    if (s === sep || !/[A-Za-z]/.test(text[s]!)) continue;
    if (tokenEnd < from) {
      tokenEnd = from;
      lastAt = -1;
      while (
        tokenEnd < text.length &&
        tokenEnd - from < MAX_URL &&
        !/[\s"'<>`]/.test(text[tokenEnd]!)
      ) {
        if (text[tokenEnd] === '@') lastAt = tokenEnd;
        tokenEnd++;
      }
    }
    const at = lastAt;
    if (at < from) continue;
    const colon = text.indexOf(':', from);
    if (colon < 0 || colon >= at) continue;
    if (/[/?#]/.test(text.slice(from, colon))) continue; // host:port/path@x, not user:password@
    // (host:8080/path@v2 is masked too: a password such as 8/abc@ reads the same, and leaking
    // one costs more than hiding a port.)
    if (at > colon + 1 && text.slice(colon + 1, at) !== MASK)
      edits.push({ from: colon + 1, to: at, text: MASK });
  }
}

/**
 * `user:password@host` with no scheme (a broker address in a config or a log). The word before
 * the `@` is read back to white space or the previous `@`, so every character is read once.
 */
function bareUserinfo(text: string): Edit[] {
  const edits: Edit[] = [];
  let previous = -1;
  for (let at = text.indexOf('@'); at >= 0; previous = at, at = text.indexOf('@', at + 1)) {
    let start = at;
    while (start > previous + 1 && at - start < MAX_URL && !/[\s"'<>`([,;]/.test(text[start - 1]!))
      start--;
    const word = text.slice(start, at);
    const colon = word.indexOf(':');
    if (colon <= 0 || word.includes('/')) continue; // no user, or a URL (urlPasswords reads those)
    const user = word.slice(0, colon);
    const password = word.slice(colon + 1);
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(user) || /^mailto$/i.test(user)) continue;
    if (password === '' || password === MASK || !/^[A-Za-z0-9[]/.test(text[at + 1] ?? '')) continue;
    edits.push({ from: start + colon + 1, to: at, text: MASK });
  }
  return edits;
}

// --- bearer tokens and token shapes ---------------------------------------------------------

const TOKEN = /[A-Za-z0-9_.+/-]+/g;
const TOKEN_SHAPES: RegExp[] = [
  /^eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*$/, // JWT
  /^(?:AKIA|ASIA|AGPA|AIDA|AROA)[A-Z0-9]{16}$/, // AWS access key ids
  /^(?=.*\d)(?:x(?:ox[abposr]|app)-[A-Za-z0-9-]{6,}|xoxe[-.][A-Za-z0-9.-]{6,})$/, // Slack tokens (xoxe: refresh)
  /^(?:gh[pousr]|github_pat)_[A-Za-z0-9_]{20,}$/, // GitHub tokens
  /^sk-[A-Za-z0-9_-]{20,}$/, // API keys in the sk- style
  // Ubidots tokens, which are also the MQTT user name (ubidots.com/docs/api/mqtt.html)
  /^BBFF-[A-Za-z0-9]{30}$/,
  // Adafruit IO keys (`#define IO_KEY "aio_…"`, `X-AIO-Key: aio_…`, `AdafruitIO_WiFi io(user, key, …)`)
  /^aio_[A-Za-z0-9]{28}$/,
  // NATS nkey seeds (a user's, account's, operator's, server's, cluster's or curve key's private
  // seed: base32, 58 characters, `SUA…` in a .creds file or an `nkey:` setting; nats-io/nkeys).
  /^S[UAONCX]A[A-Z2-7]{55}$/,
];

// The shortest token shape above (a Slack token, `xoxb-` and six more) and the letters the
// shapes and the auth schemes start with.
const MIN_TOKEN = 11;
const SHAPE_INITIALS = new Set(['e', 'A', 'x', 'g', 's', 'B', 'a', 'S']);
const AUTH_INITIALS = new Set(['B', 'T', 'D']);
const isAlnum = (c: number): boolean =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

// What every token shape and auth scheme holds: a text with none of them has no token to find
// (a literal search each, far cheaper than reading every word).
const TOKEN_MARKS = [
  'eyJ',
  'AKIA',
  'ASIA',
  'AGPA',
  'AIDA',
  'AROA',
  'xox',
  'xapp-',
  'gh',
  'sk-',
  'BBFF-',
  'aio_',
  'SUA',
  'SAA',
  'SOA',
  'SNA',
  'SCA',
  'SXA',
];
const AUTH_MARKS = ['Bearer', 'Basic', 'Token', 'Digest', 'uthori', 'UTHORI'];
// After an Authorization header's name the scheme may be written in any case (`authorization:
// basic …`); elsewhere only the capitalised scheme is one (`basic auth failed` is prose).
const AUTH_HEADER = /authori[sz]ation["']?\s*[:=]\s*["']?$/i;

function tokenSecrets(text: string): Edit[] {
  const edits: Edit[] = [];
  if (!TOKEN_MARKS.some((m) => text.includes(m)) && !AUTH_MARKS.some((m) => text.includes(m)))
    return edits;
  TOKEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOKEN.exec(text)) !== null) {
    const word = m[0];
    const after = m.index + word.length;
    // Most words of a log are neither an auth scheme nor long enough for a token shape: two
    // cheap checks spare the regexes (they were 1.8 ms of a 500-line paste's 2 ms).
    if (word.length < MIN_TOKEN && !AUTH_INITIALS.has(word[0]!.toUpperCase())) continue;
    if (
      (/^(?:Bearer|Basic|Token|Digest)$/.test(word) ||
        (/^(?:bearer|basic|token|digest)$/i.test(word) &&
          AUTH_HEADER.test(text.slice(Math.max(0, m.index - 24), m.index)))) &&
      (text[after] === ' ' || text[after] === '\t')
    ) {
      // The credential after an auth scheme is the whole run up to white space, whatever it holds.
      let from = after;
      while ((text[from] === ' ' || text[from] === '\t') && from - after < 8) from++;
      let to = from;
      while (to < text.length && to - from < MAX_VALUE && !/\s/.test(text[to]!)) to++;
      // The quote that closes a header given on a command line (`-H "Authorization: Bearer …"`).
      while (to > from && (text[to - 1] === '"' || text[to - 1] === "'")) to--;
      if (to - from >= 8 && text.slice(from, to) !== MASK) edits.push({ from, to, text: MASK });
      TOKEN.lastIndex = Math.max(TOKEN.lastIndex, to);
      continue;
    }
    if (word.length < MIN_TOKEN) continue;
    // `//ghp_…` in a URL: the shape starts at the first letter or digit.
    let lead = 0;
    while (lead < word.length && !isAlnum(word.charCodeAt(lead))) lead++;
    const token = word.slice(lead);
    if (!SHAPE_INITIALS.has(token[0] ?? '')) continue;
    if (token.length <= MAX_VALUE && TOKEN_SHAPES.some((re) => re.test(token)))
      edits.push({ from: m.index + lead, to: after, text: MASK });
  }
  return edits;
}

// Slack's incoming webhooks and workflow triggers: the path after the host is the credential.
const SLACK_HOOK =
  /\bhooks\.slack\.com\/(?:services|workflows|triggers)\/([A-Za-z0-9/_-]{1,256})/gi;

function slackHooks(text: string): Edit[] {
  if (!/hooks\.slack\.com\//i.test(text)) return [];
  const edits: Edit[] = [];
  for (const m of text.matchAll(SLACK_HOOK)) {
    const from = m.index + m[0].length - m[1]!.length;
    if (m[1] !== MASK) edits.push({ from, to: m.index + m[0].length, text: MASK });
  }
  return edits;
}

// crypt(3) ids (`$7$`, `$6$`, `$2b$`) and the named schemes of Mosquitto 2.1 and mosquitto-go-auth
// (`$argon2id$v=19$m=…`, libcommon/password_common.c at dd2c25c1; `PBKDF2$sha512$…`).
const HASH_START = /\$(?:[0-9a-z]{1,2}|argon2(?:id|i|d))\$|PBKDF2\$/y;

/** mosquitto_passwd lines and other crypt(3) hashes: user:$7$101$salt$hash, user:$6$salt$hash. */
function passwordHashes(text: string): Edit[] {
  const edits: Edit[] = [];
  let from = 0;
  for (;;) {
    const dollar = text.indexOf(':$', from);
    const pbkdf2 = text.indexOf(':PBKDF2$', from);
    const at = dollar < 0 ? pbkdf2 : pbkdf2 < 0 ? dollar : Math.min(dollar, pbkdf2);
    if (at < 0) return edits;
    HASH_START.lastIndex = at + 1;
    if (!HASH_START.test(text)) {
      from = at + 1;
      continue;
    }
    let end = at + 1;
    while (end < text.length && end - at < MAX_VALUE && !/\s/.test(text[end]!)) end++;
    if (end - at > 12 && text.slice(at + 1, end) !== MASK)
      edits.push({ from: at + 1, to: end, text: MASK });
    from = end;
  }
}

/**
 * The text with every secret it recognises replaced by `****` (idempotent). `keepLines` keeps
 * every line break (a private key leaves its lines empty), for text whose lines are numbered.
 */
export function redactSecrets(text: string, options: { keepLines?: boolean } = {}): string {
  let out = applyEdits(text, privateKeys(text, options.keepLines === true));
  // Webhook paths first: a masked one is then no word for the keyed pass to take for a password.
  out = applyEdits(out, [...urlPasswords(out), ...slackHooks(out)]);
  out = applyEdits(out, bareUserinfo(out));
  out = applyEdits(out, [...productSecrets(out), ...deviceSecrets(out)]);
  out = applyEdits(out, [
    ...keyedSecrets(out),
    ...(namesDeviceKey(out) ? keyedSecrets(out, DEVICE_KEY_WORD, true) : []),
    ...positionalCallSecrets(out),
    ...flagSecrets(out),
    ...redisAuthSecrets(out),
  ]);
  out = applyEdits(out, passwordHashes(out));
  return applyEdits(out, tokenSecrets(out));
}
