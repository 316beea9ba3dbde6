/** `/mqtt-why status [broker]`: lines from the health state and history kept in Redis. */
import { fmtTime } from '../web/format';
import { HealthStatus, brokerStatus, statusLine } from '../alerts/status';
import { BrokerConfig, probeableFrom } from '../probe/brokers';
import { HealthRecords } from '../alerts/health-records';

export function healthStatusFor(
  brokers: BrokerConfig[],
  store: HealthRecords,
  now: () => number = Date.now,
) {
  /**
   * `channel`: the Slack channel asking (null in the console). A broker an admin kept to other
   * channels is none of this one's business: its status, its name and its probe hint stay out.
   */
  return async (broker: string | null, channel: string | null = null): Promise<HealthStatus> => {
    const probeable = brokers.filter((b) => channel === null || probeableFrom(b, channel));
    const checked = probeable.filter((b) => b.health);
    const checkedNames = checked.map((b) => b.name);
    const why = noStatusReason(checkedNames, probeable, broker, channel !== null);
    if (why) return { ok: false, message: why };
    const chosen = broker ? checked.filter((b) => b.name === broker) : checked;
    const lines: string[] = [];
    for (const b of chosen) {
      const [state, history] = await Promise.all([store.state(b.name), store.history(b.name)]);
      if (!state.ok || !history.ok)
        return {
          ok: false,
          message: 'Broker status is unavailable right now: the bot cannot reach Redis.',
        };
      lines.push(
        statusLine(
          brokerStatus(b.name, state.value, history.value, now(), broker ? 60 : 20),
          now(),
        ),
      );
      if (broker)
        for (const c of history.value.slice(0, 10))
          lines.push(
            `  ${fmtTime(c.t)}  ${c.outcome.padEnd(8)} ${c.ms.toFixed(0).padStart(5)} ms  ${c.reason}`,
          );
    }
    return { ok: true, text: lines.join('\n') };
  };
}

/**
 * Why `status [broker]` has nothing to show, or null when it has. A broker that is configured but
 * not health-checked can still be probed now: say so, since that is what the asker wants to know.
 */
function noStatusReason(
  checked: string[],
  probeable: BrokerConfig[],
  broker: string | null,
  inChannel: boolean,
): string | null {
  const setUp = 'an admin gives a broker in brokers.yml a `health:` block';
  if (broker === null)
    return checked.length > 0
      ? null
      : `No broker has scheduled health checks (${setUp}).${probeHint(probeable)}`;
  if (checked.includes(broker)) return null;
  // The name is what the asker typed: quoted, never code-formatted, so it cannot close a span.
  const shown = `"${broker.replace(/[`"]/g, '')}"`;
  const hasChecks = checked.length > 0 ? ` Health-checked: ${checked.join(', ')}.` : '';
  // A broker this channel may not probe is not its business: not named, not offered.
  if (probeable.some((b) => b.name === broker))
    return `${shown} has no scheduled health checks, so there is no status to show (${setUp}). \`/mqtt-why probe ${broker}\` tests it now.${hasChecks}`;
  const where = inChannel ? ' for this channel' : '';
  return `No broker named ${shown} is configured${where}.${hasChecks}${probeHint(probeable)}`;
}

function probeHint(brokers: BrokerConfig[]): string {
  if (brokers.length === 0) return '';
  const names = brokers.map((b) => b.name);
  const listed = names.length > 8 ? `${names.slice(0, 8).join(', ')}, …` : names.join(', ');
  return ` \`/mqtt-why probe <broker>\` tests one now (configured: ${listed}).`;
}
