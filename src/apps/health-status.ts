/** `/mqtt-why status [broker]`: lines from the health state and history kept in Redis. */
import { fmtTime } from '../web/format';
import { brokerStatus, statusLine } from '../alerts/status';
import { BrokerConfig } from '../probe/brokers';
import { HealthRecords } from '../alerts/health-records';

export function healthStatusFor(
  brokers: BrokerConfig[],
  store: HealthRecords,
  now: () => number = Date.now,
) {
  const checked = brokers.filter((b) => b.health);
  return async (broker: string | null): Promise<string | null> => {
    if (checked.length === 0) return null;
    const chosen = broker ? checked.filter((b) => b.name === broker) : checked;
    if (broker && chosen.length === 0)
      return `No health-checked broker named "${broker}". Checked: ${checked.map((b) => b.name).join(', ')}.`;
    const lines: string[] = [];
    for (const b of chosen) {
      const [state, history] = await Promise.all([store.state(b.name), store.history(b.name)]);
      if (!state.ok || !history.ok)
        return 'Broker status is unavailable right now: the bot cannot reach Redis.';
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
    return lines.join('\n');
  };
}
