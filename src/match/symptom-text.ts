/**
 * Which words of a text the symptom ranking reads, and which line to quote for what it found.
 */
import { hasMqttContext, namesOtherSoftware } from './context';
import { PreparedLine } from './normalise';

/**
 * What the symptom ranking reads: lines about another system (a Redis error beside an MQTT one)
 * describe something else unless they also speak of MQTT ("mosquitto in docker"); a long log's
 * words are mostly noise, its end says what went wrong last.
 */
export function symptomText(lines: PreparedLine[]): string {
  const about = lines.filter((l) => !namesOtherSoftware(l.norm) || hasMqttContext(l.norm));
  // A text that is all about other software still gets its closest entries for whoever asked
  // ("docker compose … Temporary failure in name resolution"); a listener stays quiet on it.
  const read = about.length > 0 ? about : lines;
  // Frames go before the cut, not after: a long trace comes last and would fill the window the
  // ranking reads, leaving nothing of the message above it. From the end, only as many lines as
  // the window holds: a long log's earlier lines cost nothing.
  const kept: string[] = [];
  let chars = 0;
  for (let i = read.length - 1; i >= 0 && chars < SYMPTOM_CHARS; i--) {
    const words = read[i]!.norm.replace(CODE_LOCATIONS, ' ');
    if (words.trim() === '' && read[i]!.norm.trim() !== '') continue;
    kept.push(words);
    chars += words.length + 3;
  }
  return kept.reverse().join(' \n ').slice(-SYMPTOM_CHARS);
}

// Where code ran is no description of what went wrong: a stack frame's package and method names
// ("at info.mqtt.android.service.MqttAndroidClient…" shares "android" and "service" with a
// symptom about DNS on Android). Java, Kotlin and JavaScript frames, Python's `File "…", line N,
// in f`, Go's `/path/file.go:22 +0x35c` and `goroutine 1 [running]:`, and a source file's path with
// its line. A frame's location is a source file and line (`Foo.java:12`, `tls.js:297:12`) or a
// module's line and column (`node:_tls_wrap:1507:27`): "at localhost (127.0.0.1:1883)" is prose
// saying where a connection failed, and stays. Other paths stay: `/etc/mosquitto/mosquitto.conf`
// says what is misconfigured, and a topic may start with a slash. Each pattern is bounded and has
// no nested repeats: linear on any line.
const CODE_LOCATIONS =
  /\bat (?:async |new )?[\w$.<>/-]{1,300} ?\((?:[^()\n]{0,300}(?:\.(?:java|kt|scala|groovy|js|mjs|cjs|ts):\d+(?::\d+)?|[a-z_]:\d+:\d+)|native method|unknown source|<anonymous>)\)|\bfile "[^"\n]{0,300}", line \d+(?:, in [\w<>.]{1,100})?|(?<![\w./-])(?:[\w.-]{0,100}\/){1,30}[\w.-]{1,100}\.(?:go|py|js|ts|kt|java|c|cc|cpp|h|rs|ex|erl|dart|cs):\d+(?::\d+)?(?: \+0x[0-9a-f]+)?|\bgoroutine \d+ \[\w+\]:/g;

/**
 * The line, of those the symptom ranking read, holding most of the words an entry shares with
 * the text: the one to quote. Ties go to the earlier line; with none, the first line.
 */
export function lineSharing(lines: PreparedLine[], shared: string[]): PreparedLine {
  const words = shared.map((w) => w.toLowerCase());
  let best = lines[0]!;
  let bestCount = 0;
  let chars = 0;
  for (let i = lines.length - 1; i >= 0 && chars < SYMPTOM_CHARS; i--) {
    const line = lines[i]!;
    chars += line.norm.length + 3;
    let n = 0;
    for (const w of words) if (line.norm.includes(w)) n++;
    if (n > 0 && n >= bestCount) {
      best = line;
      bestCount = n;
    }
  }
  return best;
}

/** Characters of a text the symptom ranking reads (the end of a long one). */
const SYMPTOM_CHARS = 6000;
