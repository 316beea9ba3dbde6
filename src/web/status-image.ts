/**
 * One picture of a broker's health (latency with its bands, then uptime per day), as a standalone
 * SVG: the same charts as its web page, sent to Slack as a PNG with a status or a DOWN alert.
 */
import { BrokerReport } from '../alerts/status-report';
import { COLOURS, latencyChart, uptimeBars } from './charts';
import { fmtMs, fmtPct } from './format';
import { Html, html } from './html';

export const IMAGE_WIDTH = 800;

export function statusImage(r: BrokerReport): Html {
  const latency = latencyChart(r.checks, {
    width: IMAGE_WIDTH,
    height: 260,
    label: `Latency of ${r.name}`,
    heading: `${r.name} — ${r.state} · median ${fmtMs(r.medianMs)} · p95 ${fmtMs(r.p95Ms)} · uptime 24 h ${fmtPct(r.uptime.h24)}, 30 d ${fmtPct(r.uptime.d30)}`,
  });
  const bars = uptimeBars(r.days, {
    width: IMAGE_WIDTH - 16,
    height: 56,
    label: `Uptime of ${r.name} per day`,
    heading: 'Uptime per day, last 30 days',
  });
  const height = 260 + 80 + 8;
  return html`<svg
    xmlns="http://www.w3.org/2000/svg"
    width="${IMAGE_WIDTH}"
    height="${height}"
    viewBox="0 0 ${IMAGE_WIDTH} ${height}"
  >
    <rect width="${IMAGE_WIDTH}" height="${height}" fill="${COLOURS.bg}" />
    ${latency}
    <g transform="translate(8,262)">${bars}</g>
  </svg>`;
}
