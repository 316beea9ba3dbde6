/**
 * Secrets that follow a name: key/value pairs in every common notation (env, JSON, YAML, XML,
 * query and connection strings, subscripts, typed declarations, name-value pairs), the literals
 * of calls named for a secret (`setPassword("…")`), and values on the line after their name.
 * Each pass is a bounded left-to-right scan. What a value is and where it ends: redact-value.ts;
 * positional credentials in client calls: redact-calls.ts.
 */
import { Edit, MASK, MAX_KEY, MAX_VALUE, OPEN_ALL, isIdent, isSpace } from './redact-edits';
import { callArguments } from './redact-calls';
import { QUOTES, TYPE_NAME, valueAt } from './redact-value';
import { namedValue, valueOnNextLine } from './redact-next-line';
import { looksLikeSecret, proseValue } from './redact-prose';

// --- key/value secrets, calls and XML elements ----------------------------------------------

// Words that make a key a secret's name. Found by one scan of literal alternatives (linear).
// (`sig…` also takes the AWS SDK's SigV4 `signing key:` and Aliyun's `Sign:`; `auth…` Paho Java's
// MQTT 5 `authenticationData=[…]`. Alternatives share their first letters: each letter that can
// start one is a place the scan stops, so a new first letter costs every text. ESPHome's
// `Bindkey:` is found by its own literal search, in redact-products.ts.)
const SECRET_WORD =
  /pass(?:word|wd|phrase)?|pswd|pwd|pw|secret|cookie|token|api[-_]?key|access[-_]?key|private[-_]?key|credentials(?![a-z])|credential|sig(?:nature|ning[ _-]?key|n)?|auth(?:entication)?[-_]?(?:key|data)|sas[-_]?key|account[-_]?key|psk|requirepass|masterauth|username_pw_set/gi;
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
// Tasmota's numbered `Password1`, ThingsBoard's `credentialsValue` and `credentialsId` (the
// device's access token).
const ALLOWED_TAIL =
  /^[-_.]?(?:s|key|value|hash|string|str|cstring|plain|b64|base64|svalue|sid)?\d?$/i;
// Short words name a secret only as a whole part of the key (`sig=…`, `MQTT_PASS=…`; not `signal=…`).
const SHORT_WORD = 4;
// Calls that take a user name first and the secret after it.
const PAIR_CALLS = /username_pw_set|credentials/i;

// Keys written before their value with only a space between: the word for a password in prose
// ("password hunter2"), and config keys that end in one (mosquitto.conf's `remote_password x`,
// `bridge_psk x`, `keyfile_password x`; `set MQTT_PASS x`; Tuya's SDKs' start-up `uuid …, authkey
// …`, tuya-open-sdk-for-device 1.x).
// Also run together or camelCase with a number after (Tasmota's `MqttPassword x`, `Password1 x`;
// Aliyun's `deviceSecret is x`).
const BARE_PASSWORD_KEY =
  /^(?:[A-Za-z0-9]+[_.-])*(?:password|passwd|pw|pwd|pswd|passphrase|secret|psk|authkey|requirepass|masterauth)$|^[A-Za-z0-9]+(?:[_.-][A-Za-z0-9]+)*[_.-]pass$|^[A-Za-z0-9]*(?:password|passwd|secret)\d?$/i;

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

// A declaration's type between a key and its value (see keyedSecrets).
const TYPED = new RegExp(
  `(?:[ \\t]*:[ \\t]*|[ \\t]+)${TYPE_NAME}[ \\t]*=[ \\t]*|[ \\t]*\\{[ \\t]*get;[ \\t]*(?:private[ \\t]+)?set;[ \\t]*\\}[ \\t]*=[ \\t]*`,
  'y',
);
// A subscript's or a C array's brackets after a key, up to the `=` (see keyedSecrets).
const SUBSCRIPT = /\]|\[\d{0,5}\](?:[ \t]+PROGMEM)?/y;
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
    const keyQuoted = text[i] === '"' || text[i] === "'";
    if (keyQuoted)
      i++; // a quoted key: "password": …
    else if (text[i] === '\\' && text[i + 1] === '"') i += 2; // an escaped one: \"password\":
    // A subscript (`config['password'] = …`, `cfg["password"] = …`) or a C array (`char
    // mqtt_pass[40] = …`, `const char MQTT_PASS[] PROGMEM = …`): the value follows.
    SUBSCRIPT.lastIndex = i;
    const subscript = SUBSCRIPT.exec(text);
    if (subscript && (keyQuoted ? subscript[0] === ']' : subscript[0].startsWith('[')))
      i += subscript[0].length;
    let j = i;
    // Aligned columns (`#define MQTT_PASS              "…"` in Tasmota's my_user_config.h).
    while (isSpace(text[j]) && j - i < 40) j++;
    // A name, then its value as the next argument or tuple element: `setProperty("mqtt.password",
    // "…")`, `put("password", "…")`, C#'s `{ "password", "…" }`, Erlang's `{password, <<"…">>}`.
    if (
      text[j] === ',' &&
      (keyQuoted || /[{(][ \t]*$/.test(text.slice(Math.max(0, key.from - 4), key.from)))
    ) {
      let v = j + 1;
      while (isSpace(text[v]) && v - j < 8) v++;
      if (text.startsWith('<<', v)) v += 2; // Erlang's binary: {password, <<"…">>}
      const edit = QUOTES.has(text[v] ?? '') ? valueAt(text, v, false) : null;
      // Not the next key of a JSON object (`{"name":"MQTT_PASSWORD","value":"…"}`).
      let after = (edit?.to ?? 0) + 1;
      while (isSpace(text[after])) after++;
      if (edit && text[after] !== ':') {
        edits.push(edit);
        words.lastIndex = Math.max(words.lastIndex, edit.to);
        continue;
      }
    }
    // A call: setPassword("…"), username_pw_set("user", "…"), WithCredentials("user", "…")
    if (text[j] === '(') {
      const call = callArguments(text, j, PAIR_CALLS.test(keyText) ? 1 : 0);
      edits.push(...call.edits);
      // Keyword arguments (`password="…"`) are keys of their own; otherwise skip what was read.
      if (call.edits.length > 0 || call.literals === 0) words.lastIndex = call.end;
      continue;
    }
    // A declaration with its type between name and value: Go's `var mqttPassword string = "…"`,
    // Rust's `let password: &str = "…"`, Kotlin's, Swift's and TypeScript's `password: String =`,
    // C#'s `MqttPassword { get; set; } = "…"`.
    TYPED.lastIndex = i;
    const typed = TYPED.exec(text);
    if (typed && QUOTES.has(text[i + typed[0].length] ?? '')) {
      const edit = valueAt(text, i + typed[0].length, false);
      if (edit) {
        edits.push(edit);
        words.lastIndex = Math.max(words.lastIndex, edit.to);
      }
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
      // A configuration key that starts its line (mosquitto.conf's `remote_password x`,
      // `bridge_psk x`, go-auth's `auth_opt_pg_password x`) takes any word as its value.
      // The word is then the rest of the line ("remote_password file missing" is prose).
      const configLine =
        /[_.]/.test(keyText) &&
        /(?:^|\n)[ \t]*$/.test(text.slice(Math.max(0, key.from - 16), key.from)) &&
        /^[ \t]*(?:#.*)?(?:\r?\n|$)/.test(text.slice(j + word.length, j + word.length + 80));
      if (word !== '' && word !== MASK && (configLine || looksLikeSecret(word))) {
        edits.push({ from: j, to: j + word.length, text: MASK });
        words.lastIndex = Math.max(words.lastIndex, j + word.length);
      } else {
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
