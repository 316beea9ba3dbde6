/**
 * Credentials passed to a call: the literals of `setPassword("…")` and `username_pw_set("u", "…")`
 * after a secret word, and positional credentials in the calls of client libraries whose
 * arguments are never named (`client.connect(id, user, password)`). A call may be wrapped over
 * several lines (Black, rustfmt, clang-format): its arguments are read up to its closing bracket,
 * across at most MAX_CALL_LINES lines and MAX_VALUE characters.
 */
import { Edit, MASK, MAX_VALUE, NOT_SECRET } from './redact-edits';

const MAX_CALL_LINES = 8;

interface Literal {
  from: number;
  to: number;
  /** Which argument of the call holds it (0-based), at the call's own depth; -1 when nested. */
  arg: number;
}

/**
 * The string literals (`"…"`, `'…'`, Go's and JavaScript's `` `…` ``, escapes honoured) of the
 * call whose `(` is at `open`, each with its argument's position, and where the call ends.
 */
export function literalsOfCall(text: string, open: number): { literals: Literal[]; end: number } {
  const literals: Literal[] = [];
  let depth = 0;
  let arg = 0;
  let lines = 0;
  let i = open;
  const limit = Math.min(text.length, open + MAX_VALUE);
  for (; i < limit; i++) {
    const c = text[i]!;
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      if (--depth === 0) break;
    } else if (c === '\n') {
      if (++lines >= MAX_CALL_LINES) break;
    } else if (c === ',' && depth === 1) arg++;
    else if (c === '"' || c === "'" || c === '`') {
      let close = i + 1;
      while (close < limit && text[close] !== c && (c === '`' || text[close] !== '\n'))
        close += text[close] === '\\' ? 2 : 1;
      if (close >= limit || text[close] !== c) break;
      literals.push({ from: i + 1, to: close, arg: depth === 1 ? arg : -1 });
      i = close;
    }
  }
  return { literals, end: i + 1 };
}

// A literal that names an environment variable (`os.environ["MQTT_PASSWORD"]`,
// `os.environ.get("…")`, `os.Getenv("…")`, `System.getenv("…")`) says where the secret is: no
// secret (a default after it is one).
const ENV_READ = /(?:environ\[|environ\.get\(|[gG]etenv\(|ENV\[|env\()$/;

/** The literals that are secrets: not an empty or null value, not an environment variable's name. */
export const masked = (text: string, literals: Literal[]): Edit[] =>
  literals
    .filter(
      (l) =>
        !NOT_SECRET.has(text.slice(l.from, l.to).toLowerCase()) &&
        !ENV_READ.test(text.slice(Math.max(0, l.from - 9), l.from - 1)),
    )
    .map(({ from, to }) => ({ from, to, text: MASK }));

/**
 * The string literals inside the call whose `(` is at `open`: all are secrets except the first
 * `keep` (a user name, a client id) when there are more than `keep`.
 */
export function callArguments(
  text: string,
  open: number,
  keep: number,
): { edits: Edit[]; end: number; literals: number } {
  const { literals, end } = literalsOfCall(text, open);
  if (literals.length <= keep) return { edits: [], end, literals: literals.length };
  return { edits: masked(text, literals.slice(keep)), end, literals: literals.length };
}

/**
 * Calls whose credentials are positional, and the first argument that is one (0-based), each as
 * its library declares it:
 * - `.connect(` / `->connect(`: PubSubClient `connect(id, user, pass, …)` (v2.8 PubSubClient.h),
 *   phpMQTT `connect(clean, will, user, pass)`, Losant's `connectSecure(client, key, secret)`;
 *   a string from the third argument on;
 * - `.Connect(`: M2Mqtt `Connect(clientId, username, password, …)` (MqttClient.cs);
 * - `await client.connect(user, pass)` and `authenticateAs(user, pass)`: Dart mqtt_client;
 * - `connect_options(user, pass)`, also declared (`connect_options opts(user, pass)`): Paho C++;
 * - `MQTTClient(id, server, port, user, password, …)`: MicroPython's umqtt.simple;
 * - `mqtt.Client(id, keepalive, user, pass)`: NodeMCU's mqtt module;
 * - `Adafruit_MQTT_Client mqtt(&client, server, port, user, key)`: the Adafruit MQTT Library.
 */
const POSITIONAL: [call: RegExp, first: number][] = [
  [/\.connect(?:Secure)?\(/, 2],
  [/->connect\(/, 2],
  [/\.Connect\(/, 2],
  [/\bawait[ \t]+[\w.]{1,60}\.connect\(/, 1],
  [/\bauthenticateAs\(/, 1],
  [/\bconnect_options(?:[ \t]+\w{1,60})?\(/, 1],
  [/\bMQTTClient\(/, 4],
  [/\bmqtt\.Client\(/, 3],
  [/\bAdafruit_MQTT_Client[ \t]+\w{1,60}\(/, 4],
];
// All of them in one scan (a literal search per call cost more than the rest of the pass): each
// call's pattern is one group of the alternation.
const ANY_CALL = new RegExp(POSITIONAL.map(([re]) => `(${re.source})`).join('|'), 'g');

export function positionalCallSecrets(text: string): Edit[] {
  const edits: Edit[] = [];
  ANY_CALL.lastIndex = 0;
  for (let m = ANY_CALL.exec(text); m !== null; m = ANY_CALL.exec(text)) {
    const first = POSITIONAL[m.findIndex((group, i) => i > 0 && group !== undefined) - 1]![1];
    const open = m.index + m[0].length - 1;
    const { literals, end } = literalsOfCall(text, open);
    edits.push(
      ...masked(
        text,
        literals.filter((l) => l.arg >= first),
      ),
    );
    ANY_CALL.lastIndex = Math.max(ANY_CALL.lastIndex, end);
  }
  return edits;
}
