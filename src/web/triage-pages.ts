/** `/` (a paste box) and `/triage` (the same short answer as the CLI, as a page). */
import { TriageAnswer } from '../core/triage';
import { KnowledgeBase } from '../kb/load';
import { BrokerReport } from '../alerts/status-report';
import {
  abstainExplanation,
  describedAs,
  runnerUpScore,
  truncationNote,
} from '../render/answer-parts';
import { answerCard } from '../render/card';
import { entryPath } from '../render/links';
import { Html, html } from './html';
import { linkEntryIds } from './kb-pages';
import { page } from './layout';
import { inlineMarkdown } from './markdown';
import { statePill } from './status-pages';

const EXAMPLES = [
  '0x87',
  'CONNACK 134',
  'rc=-2',
  'Client sensor-7 already connected, closing old connection.',
];

/**
 * Characters of any kind the page takes for certain (URL-encoded, each can be nine bytes; a
 * log's ASCII is one to three). The textarea itself sets no maximum: a browser's maxlength keeps
 * the start of a paste and drops its end, where a log's newest lines and its error are.
 */
export const TRIAGE_TEXT_CHARS = 524_288;

/** The paste box, holding `text` (already redacted): on the home page, answers and refusals. */
export function triageForm(text: string): Html {
  return html`<form id="triage" method="post" action="/triage">
    <label for="text"><strong>Paste an error, a reason code or broker log lines</strong></label>
    <textarea
      id="text"
      name="text"
      required
      placeholder="1700000002: Client sensor-7 disconnected, not authorised."
    >
${text}</textarea>
    <p>
      <input type="submit" value="Explain" />
      <small class="muted"
        >Passwords, tokens and <code>user:pass@</code> in what you paste are never stored or
        shown.</small
      >
    </p>
  </form>`;
}

export function homePage(opts: { reports: BrokerReport[] | null; entries: number }): Html {
  const down = opts.reports?.filter((r) => r.state === 'DOWN' || r.state === 'DEGRADED') ?? [];
  const up = opts.reports?.filter((r) => r.state === 'UP').length ?? 0;
  const body = html`<h1>Why can't my MQTT devices connect?</h1>
    <p class="muted">
      A reason code, an exception from Paho or MQTT.js, or three hundred lines of broker log:
      mqtt-why names the entry of its ${opts.entries}-entry knowledge base that explains it.
    </p>
    ${triageForm('')}
    <p class="muted">
      Try:
      ${EXAMPLES.map((e, i) => html`${i > 0 ? ' · ' : ''}<a href="/triage?text=${encodeURIComponent(e)}">${e}</a>`)}
    </p>
    ${
      opts.reports && opts.reports.length > 0
        ? html`<div class="card">
            <strong><a href="/status">Broker status</a></strong
            >:
            ${
              down.length === 0
                ? up === opts.reports.length
                  ? html`all ${up} checked brokers are up.`
                  : html`${up} of ${opts.reports.length} up, ${opts.reports.length - up} not checked
                    yet.`
                : html`${down.map((r, i) => html`${i > 0 ? ', ' : ''}<a href="/status/${encodeURIComponent(r.name)}">${r.name}</a> ${statePill(r.state)}`)};
                  ${up} of ${opts.reports.length} up.`
            }
          </div>`
        : ''
    }`;
  return page({ title: 'Triage', body });
}

/** `kb`: other entries named as code in the card's prose become links, as on the entry's page. */
export function triagePage(answer: TriageAnswer, text: string, kb: KnowledgeBase): Html {
  const card = answerCard(answer);
  const cut = truncationNote(answer);
  let result: Html;
  if (!card) result = html`<div class="card"><p>${abstainExplanation(answer)}</p></div>`;
  else {
    const e = card.entry;
    const more = [
      card.more.workarounds > 0 ? `${card.more.workarounds} more workaround(s)` : '',
      card.more.deadEnds > 0 ? `${card.more.deadEnds} dead end(s) not to waste time on` : '',
    ].filter(Boolean);
    const others = answer.abstain ? answer.matches.slice(1) : card.runnerUps;
    // An unsure answer must not look like a sure one: it says so in its heading, lists every
    // candidate, and folds the first one's explanation away until asked for.
    const explanation = linkEntryIds(
      html`<h3>Root cause</h3>
        <p>${inlineMarkdown(card.rootCause)}</p>
        ${
          card.disambiguation
            ? html`<h3>Told apart from look-alikes</h3>
                <p>${inlineMarkdown(card.disambiguation)}</p>`
            : ''
        }
        ${card.workarounds.length > 0 ? html`<h3>Try first</h3>` : ''}
        <ol>
          ${card.workarounds.map(
            (w) =>
              html`<li>
                <p>${inlineMarkdown(w.summary)}</p>
                ${w.code ? html`<pre><code>${w.code}${w.cut ? '\n…' : ''}</code></pre>` : ''}
              </li>`,
          )}
        </ol>`,
      kb,
      e.id,
    );
    result = html`<article class="card${answer.abstain ? ' unsure' : ''}">
      ${answer.abstain ? html`<p><strong class="pill-unsure">Unsure</strong> ${abstainExplanation(answer)} The closest entry, for what it is worth:</p>` : ''}
      <h2><a href="${entryPath(e.id)}">${inlineMarkdown(e.title)}</a></h2>
      <p>
        <code>${e.id}</code>
        <small class="muted"
          >score ${card.match.score.toFixed(2)} of 1 (how strongly the text points here, not a
          probability)</small
        >
      </p>
      ${
        card.evidence
          ? html`<div class="evidence">
              <p>
                <strong>Why this entry:</strong> line ${card.evidence.line}:
                <code>${card.evidence.text}</code><br /><small>${card.evidence.why}</small>
                ${
                  card.tippedBy
                    ? html`<br /><small
                          >Chosen over
                          <a href="${entryPath(card.tippedBy.over.id)}"
                            >${inlineMarkdown(card.tippedBy.over.title)}</a
                          >
                          by line ${card.tippedBy.evidence.line}:
                          <code>${card.tippedBy.evidence.text}</code></small
                        >`
                    : ''
                }
              </p>
            </div>`
          : ''
      }
      ${
        card.alsoInText.length > 0
          ? html`<h3>Also in this text</h3>
              <ul>
                ${card.alsoInText.map(
                  (m) =>
                    html`<li>
                      line ${m.evidence[0]!.line}: <code>${m.evidence[0]!.text}</code><br />→
                      <a href="${entryPath(m.id)}">${inlineMarkdown(m.title)}</a>
                    </li>`,
                )}
              </ul>`
          : ''
      }
      ${answer.ambiguities.slice(0, 1).map(
        (a) =>
          html`<p><strong>${a.written}</strong> is ambiguous:</p>
            <ul>
              ${a.readings.map(
                (r) =>
                  html`<li>
                    ${r.reading}${r.entryId ? html` → <a href="${entryPath(r.entryId)}">${r.entryId}</a>` : ''}
                  </li>`,
              )}
            </ul>`,
      )}
      ${
        answer.abstain
          ? html`<details>
              <summary>Root cause and what to try, if this is the one</summary>
              ${explanation}
            </details>`
          : explanation
      }
      <p>
        <a href="${entryPath(e.id)}"><strong>Full entry →</strong></a
        >${more.length ? html` <small class="muted">(${more.join(', ')})</small>` : ''}
      </p>
      ${
        others.length === 0
          ? ''
          : answer.abstain
            ? html`<p>Other candidates:</p>
                <ul>
                  ${others.map(
                    (m) =>
                      html`<li>
                        <a href="${entryPath(m.id)}">${inlineMarkdown(m.title)}</a>
                        <small class="muted">(${runnerUpScore(m, answer)})</small>
                        ${describedAs(m) ? html`<br /><small>described like “${describedAs(m)}”</small>` : ''}
                      </li>`,
                  )}
                </ul>`
            : html`<p class="muted">
                Also possible:
                ${others.map(
                  (m, i) =>
                    html`${i > 0 ? ', ' : ''}<a href="${entryPath(m.id)}"
                        >${inlineMarkdown(m.title)}</a
                      >
                      (${runnerUpScore(m, answer)})`,
                )}
              </p>`
      }
    </article>`;
  }
  const body = html`<h1>Triage</h1>
    ${cut ? html`<p class="muted">${cut}</p>` : ''} ${result} ${triageForm(text)}`;
  // The tab says what the answer is, so several answers in tabs can be told apart.
  const top = card && !answer.abstain ? card.entry.title.replace(/`/g, '') : null;
  return page({ title: top ? `${top} · Triage` : 'Triage', body });
}
