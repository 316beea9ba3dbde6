/**
 * Secrets that follow a name: key/value pairs in every common notation (env, JSON, YAML, XML,
 * query and connection strings), credentials passed to client library calls, and command line
 * flags (`-P`, `-pw`, `mosquitto_passwd -b`). Each pass is a bounded left-to-right scan.
 */
import { Edit, MASK, MAX_KEY, MAX_VALUE, OPEN_ALL, isIdent, isSpace } from './redact-edits';
import { namedValue, valueOnNextLine } from './redact-next-line';
import { looksLikeSecret, proseValue } from './redact-prose';

// --- key/value secrets, calls and XML elements ----------------------------------------------

// Words that make a key a secret's name. Found by one scan of literal alternatives (linear).
// (`sig…` also takes the AWS SDK's SigV4 `signing key:` and Aliyun's `Sign:`; `auth…` Paho Java's
// MQTT 5 `authenticationData=[…]`. Alternatives share their first letters: each letter that can
// start one is a place the scan stops, so a new first letter costs every text. ESPHome's
// `Bindkey:` is found by its own literal search, in redact-products.ts.)
const SECRET_WORD =
  /pass(?:word|wd|phrase)?|pswd|pwd|pw|secret|token|api[-_]?key|access[-_]?key|private[-_]?key|credentials(?![a-z])|credential|sig(?:nature|ning[ _-]?key|n)?|auth(?:entication)?[-_]?(?:key|data)|sas[-_]?key|account[-_]?key|psk|requirepass|masterauth|username_pw_set/gi;
// Names of device and cloud keys, read by the same scan in a pass of their own (behind a quick
// search for "key", so their first letters cost nothing in other texts): Tuya's `localKey` and
// `secKey` (tinytuya, TuyaOpen), Arduino IoT Cloud's `SECRET_DEVICE_KEY`, SonoffLAN's
// `devicekey`, Azure IoT's `primaryKey` / `secondaryKey` (az iot output and flags), Zigbee's
// `network_key` / `networkKey` and `link_key`, Adafruit IO's `IO_KEY`, tinytuya's `API Key=`
// and Shelly's digest `ha1`.
const DEVICE_KEY_PREFIXES = [
  'local[-_ ]?',
  'sec[-_]?',
  'device[-_]?',
  'primary[-_]?',
  'secondary[-_]?',
  'network[-_]?',
  'link[-_]?',
  'io[-_]?',
  'api ',
].join('|');
export const DEVICE_KEY_WORD = new RegExp(`(?:${DEVICE_KEY_PREFIXES})key|ha1`, 'gi');
// What comes before "key" in those names: found by literal searches for "key" first, as a
// case-insensitive scan for the names themselves cost more than the rest of a paste's keyed pass.
const BEFORE_KEY = new RegExp(`(?:${DEVICE_KEY_PREFIXES})$`, 'i');

/** Whether the text may hold one of DEVICE_KEY_WORD's names (no false negatives). */
export function namesDeviceKey(text: string): boolean {
  if (text.includes('ha1')) return true;
  for (const k of ['key', 'Key', 'KEY'])
    for (let at = text.indexOf(k); at >= 0; at = text.indexOf(k, at + 3))
      if (BEFORE_KEY.test(text.slice(Math.max(0, at - 10), at))) return true;
  return false;
}

// A C macro's name before its value.
const DEFINE = /#define\s+$/;
// What may follow the secret word inside its key: `passwords`, `secret_key`, `token_value`,
// Tasmota's numbered `Password1`.
const ALLOWED_TAIL = /^[-_.]?(?:s|key|value|hash|string|str|plain|b64|base64)?\d?$/i;
// Short words name a secret only as a whole part of the key (`sig=…`, `MQTT_PASS=…`; not `signal=…`).
const SHORT_WORD = 4;
// Calls that take a user name first and the secret after it.
const PAIR_CALLS = /username_pw_set|credentials/i;
const NOT_SECRET = new Set([
  '',
  'null',
  'none',
  'nil',
  'undefined',
  'true',
  'false',
  MASK,
  `"${MASK}"`,
]);

// Keys written before their value with only a space between: the word for a password in prose
// ("password hunter2"), and config keys that end in one (mosquitto.conf's `remote_password x`,
// `bridge_psk x`, `keyfile_password x`; `set MQTT_PASS x`).
// Also run together or camelCase with a number after (Tasmota's `MqttPassword x`, `Password1 x`;
// Aliyun's `deviceSecret is x`).
const BARE_PASSWORD_KEY =
  /^(?:[A-Za-z0-9]+[_.-])*(?:password|passwd|pw|pwd|pswd|passphrase|secret|psk|requirepass|masterauth)$|^[A-Za-z0-9]+(?:[_.-][A-Za-z0-9]+)*[_.-]pass$|^[A-Za-z0-9]*(?:password|passwd|secret)\d?$/i;

// The word after a bare key, read in place (no copy of the text after it); 65 characters
// are enough to tell a password (at most 64) from a longer word.
const WORD_AT = /[^\s,;)\]}]{1,65}/y;

// Whose secret it is, run together with the word in lower case: `mqttpass`, `mqttpassword`
// (OpenMQTTGateway's and many sketches' settings), `brokerpassword`, `wifipass`, `adminpwd`.
// Only these: a free prefix would read "bypass" and "compass" as secrets.
const GLUED_OWNER =
  /(?:^|[-_.])(?:mqtts?|broker|wifi|wlan|admin|user|client|device|remote|bridge|api|db)$/i;

/** The key around a secret word at [start, end): its bounds, or null when the word is part of another word. */
function keyAround(text: string, start: number, end: number): { from: number; to: number } | null {
  let from = start;
  while (from > 0 && start - from < MAX_KEY && isIdent(text[from - 1])) from--;
  let to = end;
  while (to < text.length && to - end < MAX_KEY && isIdent(text[to])) to++;
  const word = text.slice(start, end);
  const before = text[start - 1];
  // The word must start a part of the key: at its start, after a separator, or camelCase.
  const partStart =
    start === from ||
    /[-_.]/.test(before!) ||
    (/[a-z0-9]/.test(before!) && /[A-Z]/.test(word[0]!)) ||
    (/[A-Z]/.test(before!) && /[A-Z]/.test(word) && word === word.toUpperCase()) ||
    GLUED_OWNER.test(text.slice(from, start));
  if (!partStart) return null;
  const tail = text.slice(end, to);
  const tailOk =
    word.length <= SHORT_WORD
      ? /^\.?$/.test(tail)
      : ALLOWED_TAIL.test(tail) || (/^[A-Z]/.test(tail) && ALLOWED_TAIL.test(tail.toLowerCase()));
  return tailOk ? { from, to } : null;
}

// Where an unquoted value ends: white space and separators always; a closing bracket only when
// the line opened one before the key (`{ password: abc }`), else it is part of the secret.
const SEPARATORS = new Set([...' \t\r\n\f\v,;&|"\'`']);
const QUOTES = new Set(['"', "'", '`']);
const CALL_ON_LITERAL = /^[\w.:[\]]{1,40}\($/;
const CLOSERS: Record<string, string> = { '{': '}', '(': ')', '[': ']', '<': '>' };

/**
 * The closing brackets of what the line opened in the 256 characters before a key: a window
 * that slides forward with the keys (they come left to right), so every character enters and
 * leaves it once, however many keys a long line holds.
 */
class OpenBrackets {
  private from = 0;
  private to = 0;
  private readonly counts = new Map<string, number>();

  constructor(private readonly text: string) {}

  closersBefore(keyFrom: number): Set<string> {
    for (; this.to < keyFrom; this.to++) {
      const c = this.text[this.to]!;
      if (c === '\n') {
        this.counts.clear();
        this.from = this.to + 1;
      } else if (CLOSERS[c]) this.counts.set(c, (this.counts.get(c) ?? 0) + 1);
    }
    for (; this.from < keyFrom - 256; this.from++) {
      const c = this.text[this.from]!;
      if (CLOSERS[c]) this.counts.set(c, this.counts.get(c)! - 1);
    }
    const found = new Set<string>();
    for (const [c, n] of this.counts) if (n > 0) found.add(CLOSERS[c]!);
    return found;
  }
}

/** The value starting at `at`: quoted (kept quotes), to the end of the line, or one token. */
export function valueAt(
  text: string,
  at: number,
  toLineEnd: boolean,
  closers: Set<string> = OPEN_ALL,
): Edit | null {
  const q = text[at];
  if (q === '"' || q === "'" || q === '`') {
    let i = at + 1;
    while (i < text.length && i - at < MAX_VALUE && text[i] !== q && text[i] !== '\n') {
      if (text[i] === '\\') i++;
      i++;
    }
    if (text[i] !== q) return null;
    const inner = text.slice(at + 1, i);
    return NOT_SECRET.has(inner.toLowerCase()) ? null : { from: at + 1, to: i, text: MASK };
  }
  let i = at;
  if (toLineEnd) {
    while (i < text.length && i - at < MAX_VALUE && text[i] !== '\n' && text[i] !== '\r') i++;
    while (i > at && /[\s,;]/.test(text[i - 1]!)) i--;
  } else {
    // A closing bracket ends the value only where the bracketed text ends too (`{ pw: abc }`,
    // `{pw: abc},`); inside a word (`{ pw: }abc`, `ab}cd`) it is part of the secret.
    const ends = (k: number) => {
      const c = text[k]!;
      if (SEPARATORS.has(c)) return true;
      if (!closers.has(c)) return false;
      const next = text[k + 1];
      return next === undefined || SEPARATORS.has(next) || closers.has(next);
    };
    while (i < text.length && i - at < MAX_VALUE && !ends(i)) i++;
  }
  const value = text.slice(at, i);
  // A value written as a call on a string literal (Go's `[]byte("…")`, Python's `bytes("…",
  // "utf-8")`, `Buffer.from('…')`): the literal is the secret, and the call's name is not;
  // `getenv("MQTT_PASSWORD")` names where the secret is, which is no secret.
  if (QUOTES.has(text[i] ?? '') && CALL_ON_LITERAL.test(value))
    return /env/i.test(value) ? null : valueAt(text, i, false, closers);
  return NOT_SECRET.has(value.toLowerCase()) ? null : { from: at, to: i, text: MASK };
}

/**
 * The string literals inside the call whose `(` is at `open`: all are secrets except the first
 * `keep` (a user name, a client id) when there are more than `keep`.
 */
function callArguments(
  text: string,
  open: number,
  keep: number,
): { edits: Edit[]; end: number; literals: number } {
  const literals: { from: number; to: number }[] = [];
  let depth = 0;
  let i = open;
  const limit = Math.min(text.length, open + MAX_VALUE);
  for (; i < limit; i++) {
    const c = text[i]!;
    if (c === '(') depth++;
    else if (c === ')' && --depth === 0) break;
    else if (c === '\n') break;
    else if (c === '"' || c === "'") {
      let close = i + 1;
      while (close < limit && text[close] !== c) close++;
      if (close >= limit) break;
      literals.push({ from: i + 1, to: close });
      i = close;
    }
  }
  const end = i + 1;
  if (literals.length <= keep) return { edits: [], end, literals: literals.length };
  const edits = literals
    .slice(keep)
    .filter((l) => !NOT_SECRET.has(text.slice(l.from, l.to).toLowerCase()))
    .map((l) => ({ ...l, text: MASK }));
  return { edits, end, literals: literals.length };
}

/**
 * Values after the names `words` finds. `quotedAfterSpace`: a quoted value after the name and a
 * space is its value too, as device keys are printed ("local key 'a1b2…'", tinytuya's debug log).
 */
export function keyedSecrets(
  text: string,
  words: RegExp = SECRET_WORD,
  quotedAfterSpace = false,
): Edit[] {
  const edits: Edit[] = [];
  words.lastIndex = 0;
  let m: RegExpExecArray | null;
  let xmlClose = -1; // the next '</', found once and reused by every <password> before it
  const brackets = new OpenBrackets(text);
  while ((m = words.exec(text)) !== null) {
    const key = keyAround(text, m.index, m.index + m[0].length);
    if (!key) continue;
    words.lastIndex = key.to;
    const keyText = text.slice(key.from, key.to);
    let i = key.to;
    // XML: <password>secret</password>
    if (text[key.from - 1] === '<' && text[i] === '>') {
      if (xmlClose <= i) xmlClose = text.indexOf('</', i + 1);
      if (xmlClose < 0) xmlClose = text.length;
      if (xmlClose > i + 1 && xmlClose - i < MAX_VALUE && text.slice(i + 1, xmlClose) !== MASK) {
        edits.push({ from: i + 1, to: xmlClose, text: MASK });
        words.lastIndex = xmlClose;
      }
      continue;
    }
    if (text[i] === '"' || text[i] === "'")
      i++; // a quoted key: "password": …
    else if (text[i] === '\\' && text[i + 1] === '"') i += 2; // an escaped one: \"password\":
    let j = i;
    while (isSpace(text[j]) && j - i < 8) j++;
    // A call: setPassword("…"), username_pw_set("user", "…"), WithCredentials("user", "…")
    if (text[j] === '(') {
      const call = callArguments(text, j, PAIR_CALLS.test(keyText) ? 1 : 0);
      edits.push(...call.edits);
      // Keyword arguments (`password="…"`) are keys of their own; otherwise skip what was read.
      if (call.edits.length > 0 || call.literals === 0) words.lastIndex = call.end;
      continue;
    }
    const sep = /^(?:=>|:=|[:=\uff1a])/.exec(text.slice(j, j + 2));
    let valueStart: number;
    let toLineEnd = false;
    if (sep) {
      valueStart = j + sep[0].length;
      while (isSpace(text[valueStart]) && valueStart - j < 16) valueStart++;
      // A key that starts its line (env, YAML, config): the value runs to the end of the line.
      let b = key.from;
      while (b > 0 && text[b - 1] !== '\n' && key.from - b < 16) b--;
      // (YAML `password: two words`, INI `password = two words`; not `PASSWORD=x&user=y`.)
      const spaced =
        sep[0] === ':' || sep[0] === '\uff1a' || j > i || valueStart > j + sep[0].length;
      toLineEnd =
        spaced &&
        !keyText.startsWith('-') &&
        /^\s*(?:export\s+|set\s+|-\s+)?["']?$/.test(text.slice(b, key.from));
      if (/^(?:Bearer|Basic|Token|Digest)\s/i.test(text.slice(valueStart, valueStart + 8)))
        continue; // see bearerTokens
    } else if (keyText.startsWith('-') && j > i) {
      valueStart = j; // a command line flag: --password secret
    } else if (/^SharedAccessSignature$/i.test(keyText) && j > i) {
      continue; // its sig= part is a key of its own
    } else if (
      j > i &&
      /["']/.test(text[j]!) &&
      (quotedAfterSpace || DEFINE.test(text.slice(Math.max(0, key.from - 16), key.from)))
    ) {
      // A C macro (`#define SECRET_DEVICE_KEY "…"`), or a device key quoted after its name.
      valueStart = j;
    } else if (j > i && BARE_PASSWORD_KEY.test(keyText)) {
      // "password hunter2", "pw S3cr3tPW": a word after the bare key, if it looks like a secret
      // (letters with digits or signs), not "password file" or "password is wrong".
      WORD_AT.lastIndex = j;
      const word = WORD_AT.exec(text)?.[0] ?? '';
      if (looksLikeSecret(word)) edits.push({ from: j, to: j + word.length, text: MASK });
      else {
        const prose = proseValue(text, j);
        if (prose) edits.push(prose);
      }
      continue;
    } else {
      const named = namedValue(text, key.from, key.to);
      if (named) edits.push(named);
      continue;
    }
    // An object (`"network_key": {"key": …}`, `"credentials": {`): its fields are keys of their own.
    if (text[valueStart] === '{' && /[\s"']/.test(text[valueStart + 1] ?? '')) continue;
    const next = sep ? valueOnNextLine(text, key.from, valueStart) : null;
    if (next) {
      edits.push(...next.below);
      words.lastIndex = Math.max(words.lastIndex, next.below.at(-1)?.to ?? valueStart);
      continue;
    }
    // A JSON string inside a string (a log line quoting a body): `\"password\":\"…\"`.
    if (text.startsWith('\\"', valueStart)) {
      // Up to the next \" that is not itself escaped (\\\"), on this line, within bounds.
      const limit = Math.min(text.length, valueStart + MAX_VALUE);
      let close = valueStart + 2;
      while (
        close < limit &&
        text[close] !== '\n' &&
        !(text[close] === '\\' && text[close + 1] === '"' && text[close - 1] !== '\\')
      )
        close++;
      // Without its closing quote (cut off, or ending in an escaped backslash) the rest of the
      // line is the value: masking too much is better than showing the end of a password.
      if (close > valueStart + 2) {
        if (text.slice(valueStart + 2, close) !== MASK)
          edits.push({ from: valueStart + 2, to: close, text: MASK });
        words.lastIndex = Math.max(words.lastIndex, close);
      }
      continue;
    }
    // A password printed as its bytes: every byte is secret, not only the first. Paho Java's
    // MqttConnect.toString() writes `[83, 51, 99, …]` (`[****]` is one masked already), MQTT.js's
    // debug output `<Buffer 53 65 63 …>`.
    const bytes =
      text[valueStart] === '[' &&
      (/[-\d]/.test(text[valueStart + 1] ?? '') || text.startsWith(MASK, valueStart + 1))
        ? { inner: valueStart + 1, close: ']' }
        : text.startsWith('<Buffer ', valueStart)
          ? { inner: valueStart + 8, close: '>' }
          : null;
    if (bytes) {
      const limit = Math.min(text.length, valueStart + MAX_VALUE);
      let to = bytes.inner;
      while (to < limit && text[to] !== bytes.close && text[to] !== '\n') to++;
      if (text.slice(bytes.inner, to) !== MASK) edits.push({ from: bytes.inner, to, text: MASK });
      words.lastIndex = Math.max(words.lastIndex, to);
      continue;
    }
    // Which brackets the line opened matters only to an unquoted value that stops at one: a
    // look back per key was most of the cost of `"password": "` repeated through a file.
    const quoted = text[valueStart] === '"' || text[valueStart] === "'" || text[valueStart] === '`';
    const closers = quoted || toLineEnd ? OPEN_ALL : brackets.closersBefore(key.from);
    const edit = valueAt(text, valueStart, toLineEnd, closers);
    if (edit) {
      edits.push(edit);
      // Words inside a masked value are not keys of their own; skipping them keeps this linear.
      words.lastIndex = Math.max(words.lastIndex, edit.to);
    }
  }
  return edits;
}

/**
 * PubSubClient and similar: connect(clientId, "user", "password", …). A string in the third
 * argument or later is a secret, whether or not the first two are literals.
 */
export function connectCalls(text: string): Edit[] {
  const edits: Edit[] = [];
  let from = 0;
  for (;;) {
    // `.connect(` and Losant's `.connectSecure(client, key, secret)`.
    const found = text.indexOf('.connect', from);
    if (found < 0) return edits;
    from = found + 8;
    const secure = text.startsWith('Secure(', from);
    if (text[from] !== '(' && !secure) continue;
    const at = secure ? found + 6 : found;
    let depth = 0;
    let arg = 0;
    const limit = Math.min(text.length, at + 8 + MAX_VALUE);
    for (let i = at + 8; i < limit; i++) {
      const c = text[i]!;
      if (c === '(' || c === '[' || c === '{') depth++;
      else if (c === ')' || c === ']' || c === '}') {
        if (--depth === 0) break;
      } else if (c === '\n') break;
      else if (c === ',' && depth === 1) arg++;
      else if (c === '"' || c === "'") {
        let close = i + 1;
        while (close < limit && text[close] !== c && text[close] !== '\n')
          close += text[close] === '\\' ? 2 : 1;
        if (text[close] !== c) break;
        const value = text.slice(i + 1, close);
        if (arg >= 2 && depth === 1 && !NOT_SECRET.has(value.toLowerCase()))
          edits.push({ from: i + 1, to: close, text: MASK });
        i = close;
      }
      from = i + 1;
    }
  }
}
