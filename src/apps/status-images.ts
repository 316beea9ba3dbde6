/** The PNG of a health-checked broker's status (latency and uptime charts), for Slack. */
import { HealthRecords } from '../alerts/health-records';
import { brokerReport } from '../alerts/status-report';
import { BrokerConfig } from '../probe/brokers';
import { svgToPng } from '../web/png';
import { statusImage } from '../web/status-image';

export type StatusImage = (broker: string) => Promise<Buffer | null>;

export function statusImages(
  store: HealthRecords,
  brokers: BrokerConfig[],
  now: () => number = Date.now,
): StatusImage {
  return async (name) => {
    const broker = brokers.find((b) => b.name === name && b.health);
    if (!broker) return null;
    const r = await brokerReport(store, broker, now());
    return r.ok ? svgToPng(statusImage(r.report).value) : null;
  };
}
