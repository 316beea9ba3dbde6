/** A status badge (`plant-a | UP`) in the familiar two-part shape, as a standalone SVG. */
import { HealthState } from '../alerts/health-state';
import { Html, html } from './html';
import { COLOURS } from './charts';

const STATE_FILL: Record<HealthState, string> = {
  UP: COLOURS.ok,
  DEGRADED: COLOURS.degraded,
  DOWN: COLOURS.down,
  UNKNOWN: '#6e7781',
};

/** Verdana-ish width of a string at 11px: close enough to centre text without measuring fonts. */
const textWidth = (s: string): number => Math.ceil([...s].length * 6.8 + 10);

export function badge(label: string, state: HealthState): Html {
  const shown = [...label].length > 40 ? `${[...label].slice(0, 39).join('')}…` : label;
  const lw = textWidth(shown);
  const rw = textWidth(state);
  const w = lw + rw;
  return html`<svg
    xmlns="http://www.w3.org/2000/svg"
    width="${w}"
    height="20"
    role="img"
    aria-label="${label}: ${state}"
  >
    <title>${label}: ${state}</title>
    <rect width="${lw}" height="20" rx="3" fill="#555" />
    <rect x="${lw}" width="${rw}" height="20" rx="3" fill="${STATE_FILL[state]}" />
    <rect x="${lw}" width="4" height="20" fill="${STATE_FILL[state]}" />
    <g
      fill="#fff"
      text-anchor="middle"
      font-family="DejaVu Sans, Verdana, Geneva, sans-serif"
      font-size="11"
    >
      <text x="${lw / 2}" y="14">${shown}</text>
      <text x="${lw + rw / 2}" y="14">${state}</text>
    </g>
  </svg>`;
}
