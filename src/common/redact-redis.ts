/**
 * Redis's `AUTH [user] <password>` (and `AUTH2`, `HELLO 3 AUTH <user> <password>`), as people
 * paste it beside a broker: typed at redis-cli's prompt, after `redis-cli` on a command line
 * (`docker exec cache redis-cli AUTH pw`), or piped in (`echo 'AUTH pw' | redis-cli`).
 *
 * A bare `AUTH x` line is Redis only where something says so (a prompt, or Redis named in the
 * text) and only in capitals: "auth timeout" or "AUTH Not authorized" typed alone is a question
 * about MQTT 5's AUTH packet, and its words are what the matcher must read.
 */
import { Edit, MASK, MAX_VALUE } from './redact-edits';

// redis-cli's prompts: `127.0.0.1:6379>`, `[::1]:6379>`, `host:6379[2]>`, `host:6379(TX)>`,
// `not connected>`, `redis /tmp/redis.sock>`; or a bare `>`. Every repeat is bounded.
const PROMPT =
  /^[ \t]{0,16}(?:(?:\[[0-9A-Fa-f:.]{1,64}\]|[\w.-]{1,64}):\d{1,5}(?:\[\d{1,2}\])?(?:\(TX\))?>|not connected>|redis(?:[ \t][^\s>]{1,200})?>|>)[ \t]{0,16}/;
// Where a command follows: after redis-cli and its flags, after HELLO <version>, inside an echo.
const AFTER_CLI = /redis-cli\b[^\n]{0,200}?[ \t]["']?(AUTH2?)[ \t]+/gi;
const HELLO = /\bHELLO[ \t]+\d[ \t]+(AUTH)[ \t]+/gi;
const ECHOED = /\b(?:echo|printf)(?:[ \t]+-[a-z]{1,3})?[ \t]+["'](AUTH2?)[ \t]+/gi;
const LINE_START = /^[ \t]{0,16}(AUTH2?)[ \t]+/;
// One argument: quoted whole, or a word up to a quote, a pipe, a separator or a comment.
const ARG = /"([^"\n]{1,1024})"|'([^'\n]{1,1024})'|([^\s'"|;&#]{1,1024})/y;
const NOT_A_PASSWORD =
  /^(?:failed|failure|ok|error|success(?:ful)?|required|packet|method|data|denied|rejected|refused|timeout|expired|not|continue|0x[0-9a-f]{1,2})$/i;

interface Arg {
  from: number;
  to: number;
  value: string;
}

/** Up to two arguments from `at` on the same line, and where the second one ends. */
function argsAt(line: string, at: number): { args: Arg[]; end: number } {
  const args: Arg[] = [];
  let i = at;
  while (args.length < 2) {
    ARG.lastIndex = i;
    const m = ARG.exec(line);
    if (!m) break;
    const quoted = m[1] ?? m[2];
    const value = quoted ?? m[3]!;
    const from = quoted !== undefined ? m.index + 1 : m.index;
    args.push({ from, to: from + value.length, value });
    i = m.index + m[0].length;
    const gap = /^[ \t]{1,16}/.exec(line.slice(i, i + 17));
    if (!gap) break;
    i += gap[0].length;
  }
  return { args, end: i };
}

/** `AUTH pw` masks pw; `AUTH user pw` and AUTH2 mask pw. */
function maskLast(args: Arg[], offset: number, edits: Edit[]): void {
  const pw = args.at(-1);
  if (!pw || pw.value === MASK || pw.value.length > MAX_VALUE) return;
  edits.push({ from: offset + pw.from, to: offset + pw.to, text: MASK });
}

export function redisAuthSecrets(text: string): Edit[] {
  if (!/auth/i.test(text)) return [];
  const edits: Edit[] = [];
  const namesRedis = /redis/i.test(text);
  for (let start = 0; start <= text.length;) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end);
    if (/auth/i.test(line)) scanLine(line, start, namesRedis, edits);
    start = end + 1;
  }
  return edits;
}

function scanLine(line: string, offset: number, namesRedis: boolean, edits: Edit[]): void {
  let cmd = false;
  for (const re of [AFTER_CLI, HELLO, ECHOED]) {
    re.lastIndex = 0;
    for (let m = re.exec(line); m !== null; m = re.exec(line)) {
      cmd = true;
      maskLast(argsAt(line, m.index + m[0].length).args, offset, edits);
    }
  }
  if (cmd) return;
  // A bare command line: at a prompt, or alone where the text names Redis.
  const prompt = PROMPT.exec(line);
  if (!prompt && !namesRedis) return;
  const rest = prompt ? prompt[0].length : 0;
  const m = LINE_START.exec(line.slice(rest));
  if (!m) return;
  const at = rest + m[0].length;
  const { args, end } = argsAt(line, at);
  // The whole line is the command (a comment may follow): prose goes on.
  if (!/^[ \t]*(?:#.*)?\r?$/.test(line.slice(end))) return;
  const last = args.at(-1);
  if (!last || NOT_A_PASSWORD.test(last.value.replace(/[.,;:!?]+$/, ''))) return;
  maskLast(args, offset, edits);
}
