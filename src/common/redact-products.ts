/**
 * Secrets that products print in shapes of their own, with no key word in front: IBM Watson IoT's
 * credential tuples, ThingsBoard's access token logged as the user name, ESPHome's BLE bind key,
 * and the Adafruit MQTT Library's byte-by-byte dump of the CONNECT packet (which holds the
 * Adafruit IO key).
 */
import { Edit, MASK, MAX_VALUE } from './redact-edits';

// IBM Watson IoT Platform's SDKs print the credentials in their connection errors:
// `Bad username or password: (<username>, <password>)` and `Not authorized: s (<client id>,
// <username>, <password>)`, where the password is a device token or an API key's token.
const CREDENTIAL_TUPLES: [anchor: string, shown: number][] = [
  ['Bad username or password: (', 0],
  ['Not authorized: s (', 1],
];

function credentialTuples(text: string): Edit[] {
  const edits: Edit[] = [];
  for (const [anchor, shown] of CREDENTIAL_TUPLES)
    for (let at = text.indexOf(anchor); at >= 0; at = text.indexOf(anchor, at + 1)) {
      let from = at + anchor.length;
      // To the line's last ")": a password may hold one; without one, to the end of the line.
      // Every scan stops within MAX_VALUE characters of the anchor.
      let lineEnd = from;
      const limit = Math.min(text.length, from + MAX_VALUE);
      while (lineEnd < limit && text[lineEnd] !== '\n') lineEnd++;
      let to = lineEnd;
      while (to > from && text[to - 1] !== ')') to--;
      to = to > from ? to - 1 : lineEnd;
      for (let i = 0; i < shown; i++) {
        let comma = from;
        while (comma < to && text[comma] !== ',') comma++;
        if (comma >= to) break;
        from = comma + 1;
      }
      while (from < to && text[from] === ' ') from++;
      if (to > from && text.slice(from, to) !== MASK) edits.push({ from, to, text: MASK });
      at = Math.max(at, to); // an anchor inside the masked span is masked already
    }
  return edits;
}

// Secrets after a fixed label, up to white space. ThingsBoard's MQTT transport (DEBUG):
// `Processing connect msg for client with user name: <token>!`
// (MqttTransportHandler.processAuthTokenConnect): a device's access token is its MQTT user name.
// ESPHome's dump_config of the Xiaomi BLE sensors, `[C][xiaomi_lywsd03mmc:013]:   Bindkey:
// E9.EF.AA.…`, the sensor's AES key: looked for only in ESPHome's config lines (`[C][`, a quick
// search where "Bindkey" is a slow one in logs full of PUBLISH and PUBACK).
const TOKEN_AS_USER = ['Processing connect msg for client with user name: ', 'Bindkey: '];

function tokensAsUser(text: string): Edit[] {
  const edits: Edit[] = [];
  for (const anchor of text.includes('[C][') ? TOKEN_AS_USER : TOKEN_AS_USER.slice(0, 1))
    for (let at = text.indexOf(anchor); at >= 0; at = text.indexOf(anchor, at + 1)) {
      const from = at + anchor.length;
      let to = from;
      while (to < text.length && to - from < MAX_VALUE && !/\s/.test(text[to]!)) to++;
      // The log line ends the token with "!".
      if (to > from + 1 && text[to - 1] === '!') to--;
      if (to > from && text.slice(from, to) !== MASK) edits.push({ from, to, text: MASK });
    }
  return edits;
}

// One byte of Adafruit_MQTT's printBuffer (MQTT_DEBUG): the character, or a space when it is not
// printable, then ` [0x4D], ` (one space after the comma: the next byte may be a space too).
const DUMPED_BYTE = /[\s\S] \[0x[0-9A-Fa-f]{2}\],? ?/y;
// A run this long is a dump, not a note such as "M [0x4D]".
const MIN_DUMP_BYTES = 4;

/**
 * The bytes of a dumped packet, each line's run masked whole: a CONNECT spells out the user name
 * and the password (an Adafruit IO key) one character at a time.
 */
function byteDumps(text: string): Edit[] {
  const edits: Edit[] = [];
  let lastRunEnd = -1;
  let scanned = 0;
  // `[0x` is the quick search ("[" is rare in logs); the byte's character and space are checked
  // after. A hit inside a run already read is part of it.
  for (let at = text.indexOf('[0x'); at >= 0; at = text.indexOf('[0x', at + 1)) {
    if (at < 2 || at < scanned || text[at - 1] !== ' ') continue;
    const from = at - 2;
    let to = from;
    let bytes = 0;
    DUMPED_BYTE.lastIndex = from;
    // The run ends at its line's end: lines keep their numbers.
    while (text[to] !== '\n' && DUMPED_BYTE.test(text)) {
      to = DUMPED_BYTE.lastIndex;
      bytes++;
    }
    scanned = Math.max(to, at + 1);
    // A dump's last line may hold a byte or two: it goes on from the line above.
    const continues =
      lastRunEnd >= 0 &&
      from - lastRunEnd < 64 &&
      /^[^\S\n]*\n[^\S\n]*$/.test(text.slice(lastRunEnd, from));
    if (bytes >= MIN_DUMP_BYTES || (bytes > 0 && continues)) {
      while (to > from && /\s/.test(text[to - 1]!)) to--;
      edits.push({ from, to, text: MASK });
      lastRunEnd = to;
    }
  }
  return edits;
}

export function productSecrets(text: string): Edit[] {
  return [...credentialTuples(text), ...tokensAsUser(text), ...byteDumps(text)];
}
