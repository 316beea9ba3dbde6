/**
 * Charts as inline SVG, drawn here (no library, nothing fetched): latency over time with median
 * and p95 bands, a latency sparkline, uptime per day, per-step timings. Every shape carries both
 * a class (the page's stylesheet recolours it for dark mode) and explicit colours, so the same
 * SVG renders standalone (the PNG sent to Slack) without a stylesheet.
 */
import { CheckRecord } from '../alerts/health-records';
import { DayCount, StepStat, quantile } from '../alerts/status-report';
import { Html, html, trusted } from './html';
import { duration } from '../alerts/status';
import { fmtClock, fmtDay, fmtMs, fmtPct } from './format';

export const COLOURS = {
  bg: '#ffffff',
  fg: '#1f2328',
  muted: '#59636e',
  grid: '#d1d9e0',
  band: '#0969da',
  ok: '#1a7f37',
  degraded: '#9a6700',
  down: '#cf222e',
  nodata: '#d1d9e0',
} as const;

const FONT = 'DejaVu Sans, Liberation Sans, Arial, sans-serif';
const r1 = (n: number): number => Math.round(n * 10) / 10;

/** A round number at or above `n` (1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten): a tight axis. */
export function niceCeil(n: number): number {
  if (n <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(n));
  for (const m of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (m * p >= n) return m * p;
  return 10 * p;
}

export interface ChartOptions {
  width?: number;
  height?: number;
  /** The chart's accessible name (also its tooltip). */
  label: string;
  /** A standalone document (with a background and xmlns) rather than an inline element. */
  standalone?: boolean;
  /** A heading drawn inside the image (the PNG has no page around it). */
  heading?: string;
}

function frame(opts: ChartOptions, w: number, h: number, body: Html): Html {
  return html`<svg
    class="chart"
    ${opts.standalone ? trusted('xmlns="http://www.w3.org/2000/svg" ') : ''}viewBox="0 0 ${w} ${h}"
    width="${w}"
    height="${h}"
    role="img"
    aria-label="${opts.label}"
    font-family="${FONT}"
    font-size="11"
  >
    <title>${opts.label}</title>
    ${opts.standalone ? html`<rect width="${w}" height="${h}" fill="${COLOURS.bg}" />` : ''}${opts.heading ? html`<text x="8" y="16" font-size="13" font-weight="bold" fill="${COLOURS.fg}" class="axis">${opts.heading}</text>` : ''}${body}
  </svg>`;
}

/**
 * Latency of the checks over their time span: each good check on a line, bands from median to p95
 * per time slice, failed checks as red columns. `checks` newest first, as the records keep them.
 */
export function latencyChart(checks: CheckRecord[], opts: ChartOptions): Html {
  const W = opts.width ?? 720;
  const H = opts.height ?? 240;
  const top = opts.heading ? 40 : 24;
  const left = 56;
  const right = 12;
  const bottom = 26;
  const w = W - left - right;
  const h = H - top - bottom;
  const pts = [...checks].reverse();
  if (pts.length === 0)
    return frame(
      opts,
      W,
      H,
      html`<text x="${W / 2}" y="${H / 2}" text-anchor="middle" class="axis" fill="${COLOURS.muted}"
        >No checks yet</text
      >`,
    );
  const t0 = pts[0]!.t;
  const t1 = Math.max(pts[pts.length - 1]!.t, t0 + 1);
  const good = pts.filter((c) => c.outcome !== 'fail');
  const sorted = good.map((c) => c.ms).sort((a, b) => a - b);
  const yMax = niceCeil(Math.max((quantile(sorted, 0.99) ?? 1) * 1.15, 1));
  const x = (t: number) => r1(left + ((t - t0) / (t1 - t0)) * w);
  const y = (ms: number) => r1(top + h - (Math.min(ms, yMax) / yMax) * h);
  const parts: Html[] = [];

  // With no successful check there is no latency to put on an axis: the chart says so, in the
  // text colour (grey on the translucent red columns was 3.4:1, under WCAG's 4.5:1).
  if (good.length === 0)
    parts.push(
      html`<text
        x="${left + w / 2}"
        y="${top + h / 2}"
        text-anchor="middle"
        class="note"
        fill="${COLOURS.fg}"
        >No successful check in this window: no latency to show</text
      >`,
    );
  for (const frac of good.length > 0 ? [0, 0.5, 1] : []) {
    const yy = y(yMax * frac);
    parts.push(
      html`<line
          x1="${left}"
          x2="${left + w}"
          y1="${yy}"
          y2="${yy}"
          class="grid"
          stroke="${COLOURS.grid}"
        /><text x="${left - 6}" y="${yy + 4}" text-anchor="end" class="axis" fill="${COLOURS.muted}"
          >${fmtMs(yMax * frac)}</text
        >`,
    );
  }
  const span = t1 - t0;
  const label = (t: number) => (span > 36 * 3600_000 ? fmtDay(t).slice(5) : fmtClock(t));
  parts.push(
    html`<text x="${left}" y="${H - 8}" class="axis" fill="${COLOURS.muted}">${label(t0)}</text
      ><text x="${left + w}" y="${H - 8}" text-anchor="end" class="axis" fill="${COLOURS.muted}"
        >${label(t1)} UTC</text
      >`,
  );

  const colW = Math.max(2, r1(w / Math.max(pts.length, 1)));
  for (const c of pts)
    if (c.outcome === 'fail') {
      // Kept inside the plot: a band at the window's edge must not cover the axis labels.
      const from = Math.max(left, x(c.t) - colW / 2);
      const to = Math.min(left + w, x(c.t) + colW / 2);
      parts.push(
        html`<rect
          x="${r1(from)}"
          y="${top}"
          width="${r1(Math.max(1, to - from))}"
          height="${h}"
          class="down"
          fill="${COLOURS.down}"
          fill-opacity="0.35"
          ><title>failed: ${c.reason}</title></rect
        >`,
      );
    }

  // Median and p95 over runs of a few good checks in a row: a run ends at a failed check, so no
  // band or median line crosses an outage.
  const per = Math.max(4, Math.ceil(good.length / 30));
  const medians: string[][] = [[]];
  let run: CheckRecord[] = [];
  // `until`: the next good check, where a run that no failure ended reaches (no false gap).
  const endRun = (outage: boolean, until?: number): void => {
    if (run.length > 0) {
      const ms = run.map((c) => c.ms).sort((a, b) => a - b);
      const med = quantile(ms, 0.5)!;
      const p95 = quantile(ms, 0.95)!;
      const from = run[0]!.t;
      const to = until ?? run[run.length - 1]!.t;
      parts.push(
        html`<rect
          x="${x(from)}"
          y="${y(p95)}"
          width="${r1(Math.max(2, x(to) - x(from)))}"
          height="${r1(Math.max(1, y(med) - y(p95)))}"
          class="band"
          fill="${COLOURS.band}"
          fill-opacity="0.18"
        />`,
      );
      medians[medians.length - 1]!.push(`${x((from + to) / 2)},${y(med)}`);
    }
    run = [];
    if (outage && medians[medians.length - 1]!.length > 0) medians.push([]);
  };
  pts.forEach((c, i) => {
    if (c.outcome === 'fail') return endRun(true);
    run.push(c);
    const next = pts[i + 1];
    if (run.length >= per) endRun(false, next && next.outcome !== 'fail' ? next.t : undefined);
  });
  endRun(false);
  for (const line of medians)
    if (line.length > 1)
      parts.push(
        html`<polyline
          points="${line.join(' ')}"
          fill="none"
          class="median"
          stroke="${COLOURS.band}"
          stroke-width="2"
          stroke-dasharray="5 3"
        />`,
      );

  // The raw line, broken where checks failed.
  parts.push(
    ...brokenLine(
      pts.map((c) => (c.outcome === 'fail' ? null : `${x(c.t)},${y(c.ms)}`)),
      { dot: true },
    ),
  );

  const lx = left + w;
  parts.push(
    html`<g class="axis" fill="${COLOURS.muted}" text-anchor="end"
      ><text x="${lx}" y="${top - 8}"
        >— latency · - - median · ▬ median to p95 · ▮ failed check</text
      ><text x="${left}" y="${top - 8}" text-anchor="start"
        >${pts.length === 1 ? '1 check' : `${pts.length} checks over ${duration(span)}`}</text
      ></g
    >`,
  );
  return frame(opts, W, H, trusted(parts.join('')));
}

/** A small latency line for the overview table (no axes), failed checks as red ticks. */
export function sparkline(checks: CheckRecord[], label: string): Html {
  const W = 160;
  const H = 32;
  const pts = [...checks.slice(0, 60)].reverse();
  if (pts.length === 0) return frame({ label }, W, H, trusted(''));
  const good = pts.filter((c) => c.outcome !== 'fail').map((c) => c.ms);
  const yMax = niceCeil(Math.max(...good, 1));
  const step = W / Math.max(pts.length - 1, 1);
  const px = (i: number) => r1(i * step);
  const parts = brokenLine(
    pts.map((c, i) =>
      c.outcome === 'fail'
        ? null
        : `${px(i)},${r1(H - 2 - (Math.min(c.ms, yMax) / yMax) * (H - 4))}`,
    ),
    {
      dot: false,
      onFail: (i) =>
        html`<rect
          x="${r1(px(i) - 1)}"
          y="0"
          width="2"
          height="${H}"
          class="down"
          fill="${COLOURS.down}"
        />`,
    },
  );
  return frame({ label }, W, H, trusted(parts.join('')));
}

/**
 * A latency line cut where checks failed: one polyline per run of good points (`null` is a failed
 * check, drawn in place by `onFail`); with `dot`, a good point between two failures is a dot.
 */
function brokenLine(
  points: (string | null)[],
  opts: { dot: boolean; onFail?: (i: number) => Html },
): Html[] {
  const parts: Html[] = [];
  let run: string[] = [];
  const flush = () => {
    if (run.length > 1)
      parts.push(
        html`<polyline
          points="${run.join(' ')}"
          fill="none"
          class="line"
          stroke="${COLOURS.fg}"
          stroke-width="1.2"
        />`,
      );
    else if (run.length === 1 && opts.dot) {
      const [cx, cy] = run[0]!.split(',');
      parts.push(html`<circle cx="${cx}" cy="${cy}" r="1.8" class="ok" fill="${COLOURS.fg}" />`);
    }
    run = [];
  };
  points.forEach((p, i) => {
    if (p !== null) return void run.push(p);
    flush();
    if (opts.onFail) parts.push(opts.onFail(i));
  });
  flush();
  return parts;
}

function dayColour(d: DayCount): { cls: string; fill: string } {
  const total = d.ok + d.degraded + d.fail;
  if (total === 0) return { cls: 'nodata', fill: COLOURS.nodata };
  const up = (d.ok + d.degraded) / total;
  if (up >= 0.999) return { cls: 'ok', fill: COLOURS.ok };
  if (up >= 0.95) return { cls: 'degraded', fill: COLOURS.degraded };
  return { cls: 'down', fill: COLOURS.down };
}

/** One bar per day, oldest first: green at 99.9% or more, amber from 95%, red below, grey without checks. */
export function uptimeBars(days: DayCount[], opts: ChartOptions): Html {
  const W = opts.width ?? 720;
  const top = opts.heading ? 28 : 4;
  const H = (opts.height ?? 56) + (opts.heading ? 24 : 0);
  const barH = H - top - 20;
  const gap = 3;
  const bw = (W - gap * (days.length - 1)) / Math.max(days.length, 1);
  const parts = days.map((d, i) => {
    const total = d.ok + d.degraded + d.fail;
    const { cls, fill } = dayColour(d);
    const tip =
      total === 0
        ? `${fmtDay(d.day)}: no checks`
        : `${fmtDay(d.day)}: ${fmtPct((d.ok + d.degraded) / total)} up, ${total} checks, ${d.fail} failed`;
    return html`<rect
      x="${r1(i * (bw + gap))}"
      y="${top}"
      width="${r1(bw)}"
      height="${barH}"
      rx="2"
      class="${cls}"
      fill="${fill}"
      ><title>${tip}</title></rect
    >`;
  });
  parts.push(
    html`<text x="0" y="${H - 4}" class="axis" fill="${COLOURS.muted}">${days.length} days ago</text
      ><text x="${W}" y="${H - 4}" text-anchor="end" class="axis" fill="${COLOURS.muted}"
        >today</text
      >`,
  );
  return frame(opts, W, H, trusted(parts.join('')));
}

/** Median time of each probe step, as horizontal bars. */
export function stepBars(steps: StepStat[], opts: ChartOptions): Html {
  const W = opts.width ?? 720;
  const row = 22;
  const H = Math.max(row, steps.length * row) + 8;
  const left = 90;
  const right = 80;
  const max = niceCeil(Math.max(...steps.map((s) => s.medianMs ?? 0), 0.1));
  const parts = steps.map((s, i) => {
    const y = 4 + i * row;
    const len = s.medianMs === null ? 0 : r1(((W - left - right) * s.medianMs) / max);
    return html`<text
        x="${left - 8}"
        y="${y + 14}"
        text-anchor="end"
        class="axis"
        fill="${COLOURS.muted}"
        >${s.name}</text
      ><rect
        x="${left}"
        y="${y + 3}"
        width="${Math.max(len, 1)}"
        height="${row - 8}"
        rx="2"
        class="bar"
        fill="${COLOURS.band}"
      /><text x="${left + len + 6}" y="${y + 14}" class="axis" fill="${COLOURS.muted}"
        >${fmtMs(s.medianMs)}</text
      >`;
  });
  return frame(opts, W, H, trusted(parts.join('')));
}
