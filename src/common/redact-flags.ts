/**
 * Secrets on command lines: the password flags of mosquitto_pub/sub and the Paho samples,
 * curl's `-u user:password`, `redis-cli -a`, `rabbitmqctl add_user`, `mosquitto_passwd -b`,
 * `mosquitto_ctrl dynsec`, `emqx ctl admins`, `particle login -t`, `az … compute-device-key
 * --key`, and ThingsBoard's access token given as `-u`.
 */
import { Edit, MASK, MAX_VALUE, NO_CLOSERS } from './redact-edits';
import { valueAt } from './redact-value';

// --- command line flags ---------------------------------------------------------------------

// Short flags of mosquitto_pub/sub (-P), Paho samples (-pw) and the like, then their value.
// `-PS3cr3t`: mosquitto_pub takes the value attached too.
// Erlang's `-setcookie <cookie>` (erl, and the remote shells of EMQX, RabbitMQ and VerneMQ): whoever
// has the node cookie runs code on the broker's node.
const SECRET_FLAG = /(?:^|[\s])(?:(?:-P|-pw|--pw|--psk|-setcookie)(?:=|[ \t]+)|-P(?=[^\s=-]))/g;
// curl's and wget's `-u user:password`, `--user user:password`: what follows the first colon.
const USER_FLAG = /(?:^|[\s])(?:-u|--user|--proxy-user)(?:=|[ \t]+)(["']?)([^\s:"']{1,64}):/g;
// redis-cli -a <password> (a broker's neighbour in many compose files), --pass <password>.
const REDIS_CLI = /\bredis-cli\b[^\n]{0,200}?[ \t](?:-a|--pass)[ \t]+/g;
// rabbitmqctl add_user|change_password|authenticate_user <user> <password>, hash_password <password>.
const RABBITMQCTL =
  /\brabbitmqctl[ \t]+(?:-[^\s]+[ \t]+(?:[^-\s][^\s]*[ \t]+)?){0,8}(?:(?:add_user|change_password|authenticate_user)[ \t]+[^\s]+|hash_password)[ \t]+/g;

// emqx ctl admins add|passwd <user> <password> (EMQX 5.x dashboard users; `emqx_ctl` before 5),
// and EMQX 3/4's authentication plugins: `emqx_ctl users add|update <user> <password>`
// (emqx_auth_username), `clientid add|update <client id> <password>` (emqx_auth_clientid, and
// emqx_auth_mnesia's `user` and `clientid`).
const EMQX_CTL =
  /\bemqx(?:[ \t]+|_)ctl[ \t]+(?:admins|users?|clientid)[ \t]+(?:add|passwd|update)[ \t]+[^\s]+[ \t]+/g;

export function flagSecrets(text: string): Edit[] {
  const edits: Edit[] = [];
  SECRET_FLAG.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = SECRET_FLAG.exec(text)) !== null) {
    const at = m.index + m[0].length;
    // A command line word ends at white space only: brackets are part of the password.
    const edit = valueAt(text, at, false, NO_CLOSERS);
    if (edit) edits.push(edit);
  }
  for (const re of [USER_FLAG, RABBITMQCTL, REDIS_CLI]) {
    re.lastIndex = 0;
    while ((m = re.exec(text)) !== null) {
      const at = m.index + m[0].length;
      const quote = re === USER_FLAG ? m[1] : '';
      if (quote) {
        // "user:two words": the value runs to the closing quote, on this line.
        const limit = Math.min(text.length, at + MAX_VALUE);
        let close = at;
        while (close < limit && text[close] !== quote && text[close] !== '\n') close++;
        if (close > at && text.slice(at, close) !== MASK)
          edits.push({ from: at, to: close, text: MASK });
        continue;
      }
      const edit = valueAt(text, at, false, NO_CLOSERS);
      // docker's `-u 1000:1000` is a user and a group, not a password.
      if (
        edit &&
        !(re === USER_FLAG && /^\d+$/.test(m[2]!) && /^\d+$/.test(text.slice(at, edit.to)))
      )
        edits.push(edit);
    }
  }
  // A literal search first: each pass below costs a scan of the text, and most texts hold none
  // (words whose first letters are rare in logs make the quickest searches).
  if (text.includes('_ctl') || text.includes('x ctl')) edits.push(...emqxCtl(text));
  if (text.includes('dynsec')) edits.push(...mosquittoCtrl(text));
  if (text.includes('v1/') || text.includes('assword')) edits.push(...publishedSecrets(text));
  for (const [tool, flag, mark] of TOOL_FLAGS)
    if (text.includes(mark))
      for (const { at, words } of commands(text, tool)) edits.push(...flagValue(at, words, flag));
  // mosquitto_passwd [-H hash] [-I iterations] -b <file> <user> <password>: the third word that
  // is neither a flag nor a flag's value (mosquitto_passwd.c: -H and -I take one).
  for (const { at, words } of commands(text, 'mosquitto_passwd')) {
    if (!words.some((w) => /^-[a-zA-Z]*b\b/.test(w[0]))) continue;
    const operands = words
      .slice(1)
      .filter((w, k, ws) => !w[0].startsWith('-') && !/^-[HI]$/.test(ws[k - 1]?.[0] ?? ''));
    edits.push(...maskWord(at, operands[2]));
  }
  return edits;
}

/** Each command of `tool` in `text`: where it starts and its words (to `;`, `&&`, `|` or the line end). */
function* commands(
  text: string,
  tool: string,
): Generator<{ at: number; words: RegExpExecArray[] }> {
  let from = 0;
  for (;;) {
    const at = text.indexOf(tool, from);
    if (at < 0) return;
    let end = text.indexOf('\n', at);
    if (end < 0) end = text.length;
    const command = /^[^;&|]*/.exec(text.slice(at, Math.min(end, at + MAX_VALUE)))![0];
    // The next command may follow on the same line (`…; mosquitto_ctrl …`).
    from = at + Math.max(tool.length, command.length);
    yield { at, words: [...command.matchAll(/\S+/g)] };
  }
}

// Flags whose value is a secret only on one tool's command line: particle-cli's `particle login
// -t <token>` (src/cli/cloud.js; `--token` is keyed already) and the Azure IoT extension's `az iot
// dps enrollment(-group) compute-device-key --key <enrollment key>`.
// Each with the literal searched first (the cheapest that the command must hold: a search for
// a word in lower case costs ten times one with rare letters).
const TOOL_FLAGS: [tool: string, flag: string, mark: string][] = [
  ['particle login', '-t', 'particle login'],
  ['compute-device-key', '--key', 'compute-device-key'],
  // rabbitmqadmin -u <user> -p <password> (RabbitMQ's management CLI); nats-server --auth <token>.
  ['rabbitmqadmin', '-p', 'rabbitmqadmin'],
  ['nats-server', '--auth', '--auth'],
  // HiveMQ's file RBAC extension hashes a password given with -p (PasswordGenerator.java).
  ['rbac-extension', '-p', 'rbac-extension'],
];

/** The word after `flag` (its first use after word `after`), masked. */
const flagValue = (at: number, words: RegExpExecArray[], flag: string, after = 0): Edit[] => {
  const i = words.findIndex((w, k) => k > after && w[0] === flag);
  return i > 0 ? maskWord(at, words[i + 1]) : [];
};

const maskWord = (at: number, w: RegExpExecArray | undefined): Edit[] =>
  w && w[0] !== MASK ? [{ from: at + w.index, to: at + w.index + w[0].length, text: MASK }] : [];

/**
 * mosquitto_ctrl 2.x: `dynsec createClient <user> [-c id] [-p password]` and `dynsec
 * setClientPassword <user> [password]` (apps/mosquitto_ctrl/dynsec.c). Its `-P` is the admin's
 * password (SECRET_FLAG); a lower-case `-p` is a password only after createClient (elsewhere, as
 * in mosquitto_pub, it is a port).
 */
function mosquittoCtrl(text: string): Edit[] {
  const edits: Edit[] = [];
  for (const { at, words } of commands(text, 'mosquitto_ctrl')) {
    const sub = words.findIndex((w, i) => i > 0 && words[i - 1]![0] === 'dynsec');
    if (sub < 0) continue;
    const verb = words[sub]![0];
    if (verb === 'setClientPassword') edits.push(...maskWord(at, words[sub + 2]));
    // dynsec init <new-config-file> <admin-username> [admin-password] (dynsec.c's usage).
    if (verb === 'init') edits.push(...maskWord(at, words[sub + 3]));
    if (verb === 'createClient') edits.push(...flagValue(at, words, '-p', sub));
  }
  return edits;
}

/**
 * Publishes whose topic says what a credential is: ThingsBoard's device access token is the MQTT
 * user name (`mosquitto_pub … -t "v1/devices/me/telemetry" -u "$ACCESS_TOKEN"`), and a Tasmota
 * command topic ending in a password setting (`cmnd/<topic>/MqttPassword`, `Password1`,
 * `WebPassword`; Tasmota's command reference) carries the password as its message.
 */
function publishedSecrets(text: string): Edit[] {
  const edits: Edit[] = [];
  for (const tool of ['mosquitto_pub', 'mosquitto_sub'])
    for (const { at, words } of commands(text, tool)) {
      const secretFlags = [
        ...(words.some((w) => /v1\/(?:devices\/me|gateway)\//.test(w[0]))
          ? ['-u', '--username']
          : []),
        ...(words.some((w) => /\/(?:mqtt|web)?password\d?["']?$/i.test(w[0]))
          ? ['-m', '--message']
          : []),
      ];
      for (const flagWord of secretFlags) {
        const flag = words.findIndex((w) => w[0] === flagWord);
        const value = flag > 0 ? words[flag + 1] : undefined;
        if (!value) continue;
        // The quotes around it stay.
        const quoted = /^(["']).*\1$/.test(value[0]) ? 1 : 0;
        const from = at + value.index + quoted;
        const to = at + value.index + value[0].length - quoted;
        if (to > from && text.slice(from, to) !== MASK) edits.push({ from, to, text: MASK });
      }
    }
  return edits;
}

/** `emqx ctl admins add|passwd <user> <password>`: the password after the user. */
function emqxCtl(text: string): Edit[] {
  const edits: Edit[] = [];
  EMQX_CTL.lastIndex = 0;
  for (let m = EMQX_CTL.exec(text); m !== null; m = EMQX_CTL.exec(text)) {
    const edit = valueAt(text, m.index + m[0].length, false, NO_CLOSERS);
    if (edit) edits.push(edit);
  }
  return edits;
}
