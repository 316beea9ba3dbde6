/**
 * Secrets on command lines: the password flags of mosquitto_pub/sub and the Paho samples,
 * curl's `-u user:password`, `redis-cli -a`, `rabbitmqctl add_user` and `mosquitto_passwd -b`.
 */
import { Edit, MASK, MAX_VALUE, NO_CLOSERS } from './redact-edits';
import { valueAt } from './redact-keyed';

// --- command line flags ---------------------------------------------------------------------

// Short flags of mosquitto_pub/sub (-P), Paho samples (-pw) and the like, then their value.
// `-PS3cr3t`: mosquitto_pub takes the value attached too.
const SECRET_FLAG = /(?:^|[\s])(?:(?:-P|-pw|--pw|--psk)(?:=|[ \t]+)|-P(?=[^\s=-]))/g;
// curl's and wget's `-u user:password`, `--user user:password`: what follows the first colon.
const USER_FLAG = /(?:^|[\s])(?:-u|--user|--proxy-user)(?:=|[ \t]+)(["']?)([^\s:"']{1,64}):/g;
// redis-cli -a <password> (a broker's neighbour in many compose files), --pass <password>.
const REDIS_CLI = /\bredis-cli\b[^\n]{0,200}?[ \t](?:-a|--pass)[ \t]+/g;
// rabbitmqctl add_user <user> <password>, change_password <user> <password>.
const RABBITMQCTL =
  /\brabbitmqctl[ \t]+(?:-[^\s]+[ \t]+(?:[^-\s][^\s]*[ \t]+)?){0,8}(?:add_user|change_password)[ \t]+[^\s]+[ \t]+/g;

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
  // mosquitto_passwd -b <file> <user> <password>: the third word after the flags, up to the end
  // of the command (a `;`, `&&` or `|` may follow it on the line).
  let from = 0;
  for (;;) {
    const at = text.indexOf('mosquitto_passwd', from);
    if (at < 0) return edits;
    let end = text.indexOf('\n', at);
    if (end < 0) end = text.length;
    from = end;
    const command = /^[^;&|]*/.exec(text.slice(at, Math.min(end, at + MAX_VALUE)))![0];
    if (!/\s-[a-zA-Z]*b\b/.test(command)) continue;
    const word = /\S+/g;
    word.lastIndex = 'mosquitto_passwd'.length;
    let positional = 0;
    let w: RegExpExecArray | null;
    while ((w = word.exec(command)) !== null) {
      if (w[0].startsWith('-')) continue;
      if (++positional < 3) continue;
      if (w[0] !== MASK)
        edits.push({ from: at + w.index, to: at + w.index + w[0].length, text: MASK });
      break;
    }
  }
}
