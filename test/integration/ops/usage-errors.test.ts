/**
 * Issue 15: a wrong command line (an unknown or misspelt option, a missing argument, a bad value)
 * names the option or word, exits 2 and shows a command line to use.
 *
 * There is no `mqtt-why status` command: status is a Slack command (`/mqtt-why status`).
 */
import { brokenEnvironment, expectMessage } from '../../helpers/broken-environment';

const { cli } = brokenEnvironment();

describe('mqtt-why usage errors', () => {
  /** What was wrong, the command line, and what the message must say. */
  const USAGE: [string, string[], RegExp, RegExp][] = [
    [
      'an unknown option',
      ['--frobnicate'],
      /unknown option --frobnicate/,
      /--help lists every option/,
    ],
    [
      'a misspelt option',
      ['--jsno', '0x87'],
      /unknown option --jsno: did you mean --json\?/,
      /e\.g\. mqtt-why --json "CONNACK 134"/,
    ],
    [
      '--jsonl without match',
      ['--jsonl', '0x87'],
      /--jsonl belongs to match/,
      /mqtt-why match --jsonl < cases\.jsonl/,
    ],
    [
      '--full on a probe',
      ['probe', 'mqtt://127.0.0.1:1', '--full'],
      /--full is for answers/,
      /--json gives its details/,
    ],
    [
      'a misspelt --full',
      ['--ful', '0x87'],
      /did you mean --full\?/,
      /e\.g\. mqtt-why --full 0x87/,
    ],
    [
      'a misspelt --delivery',
      ['probe', 'lab', '--delivry'],
      /did you mean --delivery\?/,
      /e\.g\. mqtt-why probe mqtt:\/\/broker:1883 --delivery/,
    ],
    [
      'text that starts with -',
      ['-ECONNREFUSED'],
      /unknown option -ECONNREFUSED/,
      /put -- before it: mqtt-why -- -ECONNREFUSED/,
    ],
    [
      'a switch given a value',
      ['--json=yes', '0x87'],
      /--json takes no value/,
      /write --json alone/,
    ],
    [
      'a missing argument',
      ['probe', 'mqtt://127.0.0.1:1', '--protocol'],
      /--protocol needs a value/,
      /e\.g\. mqtt-why probe mqtt:\/\/broker:1883 --protocol 5 \(3\.1\.1, 5 or auto\)/,
    ],
    [
      'a bad --protocol',
      ['probe', 'mqtt://127.0.0.1:1', '--protocol', '4'],
      /--protocol "4" is not an MQTT version/,
      /use 3\.1\.1, 5 or auto, e\.g\. .*--protocol 5/,
    ],
    [
      'a --timeout in seconds without its unit',
      ['probe', 'mqtt://127.0.0.1:1', '--timeout', '2'],
      /--timeout "2" is not a duration of at least 100 ms \(a bare number is milliseconds/,
      /2 seconds is --timeout 2s/,
    ],
    [
      'a bad --timeout',
      ['probe', 'mqtt://127.0.0.1:1', '--timeout', 'soon'],
      /--timeout "soon" is not a duration/,
      /e\.g\. --timeout 5s/,
    ],
    [
      'a missing --ca file',
      ['probe', 'mqtts://127.0.0.1:1', '--ca', '/nonexistent/ca.pem'],
      /--ca: \/nonexistent\/ca\.pem does not exist/,
      /check the path/,
    ],
    [
      'an unset --password-env',
      ['probe', 'mqtt://127.0.0.1:1', '--password-env', 'NO_SUCH_PW_VAR'],
      /--password-env names NO_SUCH_PW_VAR, which is not set/,
      /export NO_SUCH_PW_VAR=<the password> first/,
    ],
    [
      'probe without a target',
      ['probe'],
      /probe what\?/,
      /e\.g\. mqtt-why probe mqtt:\/\/127\.0\.0\.1:1883 or mqtt-why probe plant-a/,
    ],
    [
      'a bad broker URL',
      ['probe', 'foo://x'],
      /"foo:\/\/x" is not a broker URL/,
      /expected mqtt:\/\/host:1883/,
    ],
    ['show without an id', ['show'], /Which entry\?/, /mqtt-why show <id> .*kb list shows the ids/],
    [
      'match without --jsonl',
      ['match'],
      /match reads JSON lines/,
      /mqtt-why match --jsonl < cases\.jsonl/,
    ],
    [
      'an unknown kb command',
      ['kb', 'frob'],
      /"kb frob" is not a command/,
      /use mqtt-why kb list .* or mqtt-why kb lint/,
    ],
    ['kb alone', ['kb'], /kb needs a subcommand/, /use mqtt-why kb list/],
    [
      'health without --once',
      ['health'],
      /mqtt-why health needs --once/,
      /mqtt-why health --once runs every configured health check/,
    ],
  ];

  it('each names the option or word, exits 2 and shows a command line to use', async () => {
    const results = await Promise.all(USAGE.map(([, argv]) => cli(argv)));
    USAGE.forEach(([what, , cause, fix], i) =>
      expectMessage(results[i]!, { code: 2, cause, fix }, what),
    );
  });

  it('show of an id that is not there exits 1 and says where the ids are', async () => {
    const r = await cli(['show', 'nope']);
    expectMessage(r, { code: 1, cause: /No entry "nope"/, fix: /mqtt-why kb list shows the ids/ });
  });
});
