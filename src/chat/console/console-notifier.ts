/** Health alerts and recoveries printed in the console as they happen, with the broker's page. */
import { Writable } from 'stream';
import { HealthNotifier } from '../../alerts/notifier';
import { KnowledgeBase } from '../../kb/load';
import { noticeLine } from '../../render/health-text';

export function consoleNotifier(opts: {
  output: Writable;
  kb: KnowledgeBase;
  colour: boolean;
  /** The broker's status page, when the web UI runs. */
  brokerUrl: (name: string) => string | null;
  now?: () => number;
}): HealthNotifier {
  const now = opts.now ?? Date.now;
  const paint = (code: string, s: string) => (opts.colour ? `\x1b[${code}m${s}\x1b[0m` : s);
  return {
    async announce(a) {
      const bad = a.notice.kind === 'down' || a.notice.kind === 'flapping';
      const good = a.notice.kind === 'recovered' || a.notice.kind === 'normal';
      const tag = bad ? 'ALERT' : good ? 'RECOVERED' : 'NOTICE';
      const clock = new Date(now()).toISOString().slice(11, 19);
      const url = opts.brokerUrl(a.broker);
      const line = `[${clock} UTC] ${tag} ${noticeLine(a, opts.kb)}${url ? `\n  ${url}` : ''}`;
      opts.output.write(`${paint(bad ? '31' : good ? '32' : '33', line)}\n`);
      return null;
    },
  };
}
