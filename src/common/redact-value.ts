/**
 * The value after a secret's key: where it starts and ends (quoted, to the end of the line, or one
 * token), and which values are no secret although a secret's key names them (an environment read,
 * a call result, a type).
 */
import { Edit, MASK, MAX_VALUE, NOT_SECRET, OPEN_ALL } from './redact-edits';
import { literalsOfCall, masked } from './redact-calls';

// Where an unquoted value ends: white space and separators always; a closing bracket only when
// the line opened one before the key (`{ password: abc }`), else it is part of the secret.
const SEPARATORS = new Set([...' \t\r\n\f\v,;&|"\'`']);
export const QUOTES = new Set(['"', "'", '`']);
const CALL_ON_LITERAL = /^[\w.:[\]]{1,40}\($/;
// A literal with a prefix: Python's `b"…"`, `f"…"`, `rb'…'`, Elixir's `~c"…"`, Erlang's `<<"…">>`,
// C's cast `(char*)"…"`.
const PREFIXED_LITERAL = /^(?:[bfruBFRU]{1,2}|~[cs]|<<|\((?:const)?char\*\))$/;
// Where the secret is, not what it is: an environment variable read (`process.env.X`,
// `os.environ["X"]`, `System.getenv(`, `ENV[`), a substitution (`${X}`), ESPHome's `!secret x`,
// or a call on an object (`client.Connect()`, Paho Go's `token := client.Publish(t`).
const ENV_NAME = `(?:["']\\w+["'])`;
const NAMES_A_PLACE = new RegExp(
  `^(?:process\\.env\\.\\w+|os\\.environ(?:\\[|\\.get\\()(?:${ENV_NAME}[\\])])?|(?:System\\.getenv|os\\.Getenv|getenv)\\((?:${ENV_NAME}\\))?|ENV\\[(?:${ENV_NAME}\\])?|\\$\\{\\w+\\}|!secret\\s+\\w+|[A-Za-z_$][\\w$]*(?:\\.[A-Za-z_$][\\w$]*)+\\([^"'\`\\n]*\\)?;?)$`,
);
// The types a secret is declared with (see keyedSecrets); one where a value would be (`fun
// connect(user: String, password: CharArray)`) is no secret.
export const TYPE_NAME =
  "(?:&(?:'static[ \\t]+)?str|string|String\\??|str|CharArray|ByteArray|char\\[\\]|\\[\\]byte|bytes)";
const TYPE_ONLY = new RegExp(`^${TYPE_NAME}$`);
// A hash scheme's name as the value of a `password_hash` setting (EMQX 4's `password_hash =
// sha256`), no secret.
const HASH_ALGORITHM = /^(?:plain|md5|sha(?:1|224|256|384|512)?|bcrypt|pbkdf2|argon2(?:id|i|d)?)$/i;

/** The value starting at `at`: quoted (kept quotes), to the end of the line, or one token. */
export function valueAt(
  text: string,
  at: number,
  toLineEnd: boolean,
  closers: Set<string> = OPEN_ALL,
): Edit | null {
  const q = text[at];
  if (QUOTES.has(q ?? '')) {
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
  if (QUOTES.has(text[i] ?? '')) {
    // A value written as a call on string literals (Go's `[]byte("…")`, Python's `bytes("…",
    // "utf-8")`, `Buffer.from('…')`): its secret literals are the secret, the call's name is not
    // (an environment read's variable name is none: `os.getenv("MQTT_PASSWORD", "<default>")`).
    if (CALL_ON_LITERAL.test(value)) {
      const secret = masked(text, literalsOfCall(text, i - 1).literals);
      const [first] = secret;
      return first ? { ...first, to: secret.at(-1)!.to } : null;
    }
    if (PREFIXED_LITERAL.test(value)) return valueAt(text, i, false, closers);
  }
  if (NAMES_A_PLACE.test(value) || TYPE_ONLY.test(value) || HASH_ALGORITHM.test(value)) return null;
  return NOT_SECRET.has(value.toLowerCase()) ? null : { from: at, to: i, text: MASK };
}
