/** Parses `mqtt-why` arguments: a command word or the text to triage, then flags. */
import { closestWord } from '../common/edit-distance';

export interface ParsedArgs {
  /** Positional words, flags removed. */
  words: string[];
  /** Index in `words` of the first word written after `--`: from there on, text, no command. */
  literalFrom: number;
  flags: Map<string, string | true>;
}

export type ArgsResult = { ok: true; args: ParsedArgs } | { ok: false; message: string };

/** Flags that take a value; every other known flag is a switch. */
const WITH_VALUE = new Set([
  '--kb',
  '--username',
  '--password',
  '--password-env',
  '--client-id',
  '--protocol',
  '--ca',
  '--cert',
  '--key',
  '--timeout',
  '--brokers',
]);
const SWITCHES = new Set([
  '--json',
  '--jsonl',
  '--help',
  '-h',
  '--color',
  '--no-color',
  '--insecure',
  '--takeover',
  '--delivery',
  '--once',
  '--full',
  '--version',
]);

export function parseArgs(argv: string[]): ArgsResult {
  const words: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      const literalFrom = words.length;
      words.push(...argv.slice(i + 1));
      return { ok: true, args: { words, flags, literalFrom } };
    }
    // "-2" is PubSubClient's state code, not a flag; "-" alone stands for standard input.
    if (!arg.startsWith('-') || /^-\d+$/.test(arg) || arg === '-') {
      words.push(arg);
      continue;
    }
    const [name, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg, undefined];
    if (WITH_VALUE.has(name)) {
      const value = inline ?? argv[++i];
      if (value === undefined || value === '')
        return { ok: false, message: `${name} needs a value, e.g. ${exampleOf(name)}` };
      flags.set(name, value);
    } else if (SWITCHES.has(name) && inline === undefined) flags.set(name, true);
    else if (SWITCHES.has(name))
      return {
        ok: false,
        message: `${name} takes no value: write ${name} alone, e.g. ${exampleOf(name)}`,
      };
    else return { ok: false, message: unknownOption(name) };
  }
  return { ok: true, args: { words, flags, literalFrom: words.length } };
}

/** A command line that uses the option, for usage messages. */
const EXAMPLES: Record<string, string> = {
  '--kb': 'mqtt-why --kb ./kb 0x87',
  '--username': 'mqtt-why probe mqtt://broker:1883 --username alice --password-env BROKER_PW',
  '--password': 'mqtt-why probe mqtt://broker:1883 --username alice --password-env BROKER_PW',
  '--password-env': 'mqtt-why probe mqtt://broker:1883 --username alice --password-env BROKER_PW',
  '--client-id': 'mqtt-why probe mqtt://broker:1883 --client-id ops-probe',
  '--protocol': 'mqtt-why probe mqtt://broker:1883 --protocol 5 (3.1.1, 5 or auto)',
  '--ca': 'mqtt-why probe mqtts://broker:8883 --ca ./ca.pem',
  '--cert': 'mqtt-why probe mqtts://broker:8883 --cert ./client.pem --key ./client.key',
  '--key': 'mqtt-why probe mqtts://broker:8883 --cert ./client.pem --key ./client.key',
  '--timeout': 'mqtt-why probe mqtt://broker:1883 --timeout 5s',
  '--brokers': 'mqtt-why health --once --brokers ./brokers.yml',
  '--json': 'mqtt-why --json "CONNACK 134"',
  '--jsonl': 'mqtt-why match --jsonl < cases.jsonl',
  '--once': 'mqtt-why health --once',
  '--takeover': 'mqtt-why probe mqtt://broker:1883 --takeover',
  '--insecure': 'mqtt-why probe mqtts://broker:8883 --insecure',
  '--no-color': 'mqtt-why --no-color 0x87',
  '--color': 'mqtt-why --color 0x87 | less -R',
  '--full': 'mqtt-why --full 0x87',
  '--delivery': 'mqtt-why probe mqtt://broker:1883 --delivery',
  '--help': 'mqtt-why --help',
  '--version': 'mqtt-why --version',
};

function exampleOf(name: string): string {
  return EXAMPLES[name] ?? `mqtt-why ${name}`;
}

/** "unknown option --jsno: did you mean --json? e.g. …", or how to pass text that starts with -. */
function unknownOption(name: string): string {
  const known = [...WITH_VALUE, ...SWITCHES].filter((k) => k.startsWith('--'));
  const close = closestWord(name, known, 2);
  if (close) return `unknown option ${name}: did you mean ${close}? e.g. ${exampleOf(close)}`;
  return `unknown option ${name}: mqtt-why --help lists every option; to triage text that starts with -, put -- before it: mqtt-why -- ${name}`;
}

export const USAGE = `mqtt-why: why your MQTT devices can't connect, and what to do about it.

Usage:
  mqtt-why <code or error text>        triage a code, an error message or log lines
  cat broker.log | mqtt-why            triage a paste or a log from standard input
  journalctl -u mosquitto | mqtt-why "remote clients time out" -
                                       a log from standard input (-) and your own words with it
  mqtt-why /var/log/mosquitto.log      triage a log file (its newest 2 MB); -- <path> triages the words
  mqtt-why match --jsonl               batch: one {"text": "..."} per input line, one answer per output line
  mqtt-why show <id>                   print a whole knowledge-base entry
  mqtt-why kb list                     list the entries
  mqtt-why kb lint                     check every entry file; problems name file and line
  mqtt-why kb index                    bring the KB's index (<kb>/.mqtt-why-index) up to date; npm run build does
  mqtt-why probe <url | broker>        test a broker for real: DNS, TCP, TLS, CONNECT, credentials, round trip
  mqtt-why health --once               run every configured health check now and print the table
  mqtt-why feedback export             "Wrong entry?" picks from Slack as JSONL (reads REDIS_URL, REDIS_PREFIX)

Options:
  --full          the whole entry, not the short card
  --json          answer as JSON (always whole)
  --kb <dir>      read the knowledge base from <dir> (default: the packaged kb/, or MQTT_WHY_KB_DIR)
  --no-color      plain output even on a terminal

Probe options:
  --username <u>  --password <p>  --password-env <VAR>   credentials (prefer --password-env)
  --protocol 3.1.1|5|auto   --client-id <prefix>   --timeout <5s>   --takeover
  --delivery      also check delivery: retained, will, session, qos, shared (own topics, cleaned up)
  --ca <file>  --cert <file>  --key <file>  --insecure   TLS (insecure: report, don't stop, on a bad certificate)
  --brokers <file>   brokers.yml to read names from (default BROKERS_FILE or ./brokers.yml)
  Exit codes for probe: 0 healthy, 1 a step failed, 2 usage error.
  -h, --help      this help
  --version       the version of mqtt-why

Examples:
  mqtt-why 0x87
  mqtt-why "CONNACK 134"
  mqtt-why rc=-2
  mqtt-why "Error: Connection refused: Not authorized"
  journalctl -u mosquitto | mqtt-why

Exit codes: 0 answered, 1 nothing matched, 2 usage or input error.
`;
