/** `/status` (every health-checked broker at a glance) and `/status/<name>` (one broker in depth). */
import { duration } from '../alerts/status';
import { BrokerReport } from '../alerts/status-report';
import { HealthEvent, OVERVIEW_CHECKS } from '../alerts/health-records';
import { KnowledgeBase } from '../kb/load';
import { brokerPath, entryPath } from '../render/links';
import { latencyChart, sparkline, stepBars, uptimeBars } from './charts';
import { fmtMs, fmtPct, fmtTime } from './format';
import { Html, html } from './html';
import { inlineMarkdown } from './markdown';
import { page } from './layout';

/** Status pages reload themselves this often (a plain meta refresh: no script). */
export const STATUS_REFRESH_S = 30;

// A page that reloads itself moves a screen reader's place and a reader's scroll: one link
// turns it off (`?refresh=off`) and one turns it back on.
const refreshOf = (on: boolean): { refreshS?: number } =>
  on ? { refreshS: STATUS_REFRESH_S } : {};
const refreshToggle = (on: boolean): Html =>
  on
    ? html`reloads every ${STATUS_REFRESH_S} s (<a href="?refresh=off">stop</a>)`
    : html`not reloading (<a href="?">reload every ${STATUS_REFRESH_S} s</a>)`;

export const statePill = (state: string): Html =>
  html`<span class="state s-${state}">${state}</span>`;

const since = (r: BrokerReport, now: number): Html =>
  r.since === null
    ? html`<span class="muted">not checked yet</span>`
    : html`<span title="${fmtTime(r.since)}">for ${duration(now - r.since)}</span>`;

const certCell = (days: number | null): string =>
  days === null ? '—' : days < 0 ? 'expired' : `${days} d`;

/** An uptime figure with how many checks it rests on: a new broker's "30 days" may be a minute. */
const uptimeCell = (r: BrokerReport, window: 'h24' | 'd7' | 'd30'): Html =>
  r.uptime[window] === null
    ? html`—`
    : html`${fmtPct(r.uptime[window])}<br /><small
          >of ${r.uptimeChecks[window]} check${r.uptimeChecks[window] === 1 ? '' : 's'}</small
        >`;

// What needs attention first: down, then degraded, then not yet known, then up.
const ATTENTION: Record<string, number> = { DOWN: 0, DEGRADED: 1, UNKNOWN: 2, UP: 3 };
const byAttention = (a: BrokerReport, b: BrokerReport): number =>
  (ATTENTION[a.state] ?? 9) - (ATTENTION[b.state] ?? 9);

function overviewRow(r: BrokerReport, now: number): Html {
  return html`<tr>
    <td>
      <a href="${brokerPath(r.name)}"><strong>${r.name}</strong></a
      ><br /><small>${r.url}</small>
    </td>
    <td>
      ${statePill(r.state)}${r.flapping ? html` <small>flapping</small>` : ''}<br /><small
        >${since(r, now)}</small
      >
    </td>
    <td class="num">${uptimeCell(r, 'h24')}</td>
    <td class="num hide-narrow">${uptimeCell(r, 'd7')}</td>
    <td class="num hide-narrow">${uptimeCell(r, 'd30')}</td>
    <td class="num">${fmtMs(r.lastMs)}</td>
    <td class="num hide-narrow">${fmtMs(r.medianMs)}</td>
    <td class="num hide-narrow">${certCell(r.certDays)}</td>
    <td class="hide-narrow">
      ${sparkline(r.checks, `Latency of ${r.name}, last ${Math.min(60, r.checks.length)} checks`)}
    </td>
  </tr>`;
}

/**
 * What a person wants first when a broker is not UP: why, and the entry that explains it, before
 * any figure (the table alone said DOWN and nothing more). Reasons are redacted in the report.
 */
function attention(reports: BrokerReport[], kb: KnowledgeBase, now: number): Html {
  const troubled = reports.filter((r) => r.state === 'DOWN' || r.state === 'DEGRADED');
  if (troubled.length === 0) return html``;
  return html`<ul class="attention">
    ${troubled.sort(byAttention).map((r) => {
      const ids = r.checks[0]?.kbIds ?? r.events[0]?.kbIds ?? [];
      return html`<li class="t-${r.state}">
        ${statePill(r.state)} <a href="${brokerPath(r.name)}"><strong>${r.name}</strong></a>
        ${since(r, now)}${r.lastReason ? html`: ${r.lastReason}` : ''}
        ${ids.length > 0 ? html`<br />Explained by: ${kbLinks(ids.slice(0, 1), kb)}` : ''}
      </li>`;
    })}
  </ul>`;
}

export function statusPage(
  reports: BrokerReport[],
  opts: {
    now: number;
    unchecked: string[];
    unavailable: string | null;
    refresh?: boolean;
    kb: KnowledgeBase;
  },
): Html {
  const counts = new Map<string, number>();
  for (const r of reports) counts.set(r.state, (counts.get(r.state) ?? 0) + 1);
  const summary = [...counts.entries()].map(
    ([state, n]) => html`<span>${statePill(state)} ${n}</span>`,
  );
  const body = html`<h1>Broker status</h1>
    ${
      opts.unavailable
        ? html`<div class="card"><strong>Status is unavailable:</strong> ${opts.unavailable}.</div>`
        : ''
    }
    ${
      reports.length === 0 && !opts.unavailable
        ? html`<div class="card">
            <p>
              No broker has scheduled health checks yet. Give a broker in <code>brokers.yml</code> a
              <code>health:</code> block (for example <code>every: 60s</code>) and restart: it is
              checked on that schedule and shows up here.
            </p>
          </div>`
        : ''
    }
    ${
      reports.length > 0
        ? html`<div class="summary">
              ${summary}<span class="muted"
                >updated ${fmtTime(opts.now)} · ${refreshToggle(opts.refresh !== false)}</span
              >
            </div>
            ${attention(reports, opts.kb, opts.now)}
            <div class="scroll">
              <table>
                <thead>
                  <tr>
                    <th>Broker</th>
                    <th>State</th>
                    <th class="num">24 h</th>
                    <th class="num hide-narrow">7 d</th>
                    <th class="num hide-narrow">30 d</th>
                    <th class="num">Last</th>
                    <th
                      class="num hide-narrow"
                      title="of the last ${OVERVIEW_CHECKS} checks within 24 h"
                    >
                      Median
                    </th>
                    <th class="num hide-narrow">Certificate</th>
                    <th class="hide-narrow">Latency</th>
                  </tr>
                </thead>
                <tbody>
                  ${[...reports].sort(byAttention).map((r) => overviewRow(r, opts.now))}
                </tbody>
              </table>
            </div>`
        : ''
    }
    ${
      opts.unchecked.length > 0
        ? html`<p class="muted">Configured without health checks: ${opts.unchecked.join(', ')}.</p>`
        : ''
    }`;
  return page({ title: 'Status', body, ...refreshOf(opts.refresh !== false) });
}

function kbLinks(ids: string[], kb: KnowledgeBase): Html {
  return html`${ids.map((id, i) => {
    const e = kb.byId.get(id);
    return html`${i > 0 ? ', ' : ''}<a href="${entryPath(id)}"
        >${e ? inlineMarkdown(e.title) : id}</a
      >`;
  })}`;
}

/** How long each state lasted: until the next change, or still going. */
function timeline(events: HealthEvent[], kb: KnowledgeBase, now: number): Html {
  if (events.length === 0) return html`<p class="muted">No state changes recorded yet.</p>`;
  return html`<ol class="timeline">
    ${events.map((e, i) => {
      const ended = i > 0 ? events[i - 1]!.t : null;
      const lasted =
        ended === null
          ? `ongoing, ${duration(now - e.t)} so far`
          : `lasted ${duration(ended - e.t)}`;
      return html`<li class="t-${e.to}">
        <div>
          ${statePill(e.to)} <time datetime="${new Date(e.t).toISOString()}">${fmtTime(e.t)}</time>
          <small class="muted">from ${e.from} · ${lasted}</small>
        </div>
        <div>${e.step ? html`Failing step: <strong>${e.step}</strong> — ` : ''}${e.reason}</div>
        ${e.kbIds.length > 0 ? html`<div>Explained by: ${kbLinks(e.kbIds, kb)}</div>` : ''}
      </li>`;
    })}
  </ol>`;
}

export function brokerPage(r: BrokerReport, kb: KnowledgeBase, now: number, refresh = true): Html {
  const stat = (label: string, value: string | Html) =>
    html`<div>
      <dt>${label}</dt>
      <dd>${value}</dd>
    </div>`;
  const recent = r.checks.slice(0, 20);
  const badgePath = `/badge/${encodeURIComponent(r.name)}.svg`;
  const body = html`<p><a href="/status">← All brokers</a></p>
    <h1>${r.name} ${statePill(r.state)}</h1>
    <p>
      <code>${r.url}</code> · checked every
      ${r.everyMs < 1000 ? `${r.everyMs} ms` : duration(r.everyMs)}${
        r.lastCheck !== null
          ? html` · last check ${fmtTime(r.lastCheck)}: ${r.lastReason ?? ''}`
          : ''
      }
      · ${refreshToggle(refresh)}
    </p>
    <dl class="stats">
      ${stat('State', html`${r.state}${r.flapping ? ' (flapping)' : ''}`)}
      ${stat('Since', r.since === null ? '—' : `${fmtTime(r.since).slice(0, 16)} UTC`)}
      ${stat('Uptime 24 h', uptimeCell(r, 'h24'))} ${stat('Uptime 7 d', uptimeCell(r, 'd7'))}
      ${stat('Uptime 30 d', uptimeCell(r, 'd30'))} ${stat('Last', fmtMs(r.lastMs))}
      ${stat('Median 24 h', fmtMs(r.medianMs))} ${stat('p95 24 h', fmtMs(r.p95Ms))}
      ${stat('Certificate', certCell(r.certDays))}
    </dl>
    <h2>Latency</h2>
    <div class="scroll chart-box">
      ${latencyChart(r.checks, { label: `Latency of ${r.name} over its last ${r.checks.length} checks: median ${fmtMs(r.medianMs)}, p95 ${fmtMs(r.p95Ms)}` })}
    </div>
    <h2>Uptime per day</h2>
    <div class="scroll chart-box">
      ${uptimeBars(r.days, { label: `Uptime of ${r.name} per day over the last ${r.days.length} days: ${uptimeSummary(r)}` })}
    </div>
    <p class="muted">
      One bar per UTC day, today last: <span class="key-ok">green</span> at 99.9% up or more,
      <span class="key-degraded">amber</span> from 95%, <span class="key-down">red</span> below,
      grey without checks.
    </p>
    <h2>Step timings</h2>
    ${r.steps.length > 0 ? html`<div class="scroll chart-box">${stepBars(r.steps, { label: `Median time of each probe step of ${r.name}` })}</div>` : html`<p class="muted">No step timings recorded yet.</p>`}
    ${
      r.steps.length > 0
        ? html`<div class="scroll">
            <table>
              <thead>
                <tr>
                  <th>Step</th>
                  <th class="num">Last</th>
                  <th class="num">Median</th>
                  <th class="num">Failed</th>
                </tr>
              </thead>
              <tbody>
                ${r.steps.map(
                  (s) =>
                    html`<tr>
                      <td>${s.name}</td>
                      <td class="num">${fmtMs(s.lastMs)}</td>
                      <td class="num">${fmtMs(s.medianMs)}</td>
                      <td class="num">${fmtPct(s.failures)}</td>
                    </tr>`,
                )}
              </tbody>
            </table>
          </div>`
        : ''
    }
    <h2>Incidents</h2>
    ${timeline(r.events, kb, now)}
    <h2>Recent checks</h2>
    <div class="scroll">
      <table>
        <thead>
          <tr>
            <th>Time</th>
            <th>Outcome</th>
            <th class="num">Took</th>
            <th>Why</th>
          </tr>
        </thead>
        <tbody>
          ${recent.map(
            (c) =>
              html`<tr>
                <td>${fmtTime(c.t)}</td>
                <td>
                  ${
                    c.outcome === 'ok'
                      ? c.outcome
                      : html`<span class="state s-${c.outcome === 'fail' ? 'DOWN' : 'DEGRADED'}"
                          >${c.outcome}</span
                        >`
                  }
                </td>
                <td class="num">${fmtMs(c.ms)}</td>
                <td>${c.reason}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>
    <h2>Badge</h2>
    <p><img src="${badgePath}" alt="${r.name}: ${r.state}" /> <code>${badgePath}</code></p>`;
  return page({ title: r.name, body, ...refreshOf(refresh) });
}

/** The days with checks, as words for a screen reader (the bars' tooltips need a mouse). */
function uptimeSummary(r: BrokerReport): string {
  const checked = r.days.filter((d) => d.ok + d.degraded + d.fail > 0);
  if (checked.length === 0) return 'no checks yet';
  const worst = checked.reduce((a, b) =>
    (a.ok + a.degraded) / (a.ok + a.degraded + a.fail) <=
    (b.ok + b.degraded) / (b.ok + b.degraded + b.fail)
      ? a
      : b,
  );
  const share = (worst.ok + worst.degraded) / (worst.ok + worst.degraded + worst.fail);
  return `${checked.length} day${checked.length === 1 ? '' : 's'} with checks, the worst ${fmtTime(worst.day).slice(0, 10)} at ${fmtPct(share)} up`;
}
