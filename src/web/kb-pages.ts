/** `/kb` (every entry, searchable without script) and `/kb/<id>` (one whole entry). */
import { KbEntry } from '../kb/entry';
import { KnowledgeBase } from '../kb/load';
import { figureNote } from '../render/answer-parts';
import { entryPath } from '../render/links';
import { Html, html, safeHref, trusted } from './html';
import { page } from './layout';
import { inlineMarkdown, markdown } from './markdown';

/**
 * A reference line ("Mosquitto 2.1.2 `src/handle_connect.c` — https://…") with its http(s)
 * addresses as links and its `code` as code.
 */
function linkify(text: string): Html {
  return html`${text.split(/(https?:\/\/[^\s<>"'`]+)/).map((part, i) => {
    const href = i % 2 === 1 ? safeHref(part) : null;
    if (href) return html`<a href="${href}" rel="noopener noreferrer">${part}</a>`;
    return i % 2 === 1 ? part : inlineMarkdown(part);
  })}`;
}

const codes = (e: KbEntry): Html =>
  html`${e.errorCodes.map((c, i) => html`${i > 0 ? ' ' : ''}<code>${c}</code>`)}`;

const plainTitle = (e: KbEntry): string => e.title.replace(/`/g, '').toLowerCase();

/**
 * Entries whose id, title, codes or symptoms contain every word of `q` (case-insensitive), those
 * that have the words in their title or id first; without words, every entry by title.
 */
export function searchKb(kb: KnowledgeBase, q: string): KbEntry[] {
  const words = q.toLowerCase().split(/\s+/).filter(Boolean).slice(0, 10);
  const byTitle = (a: KbEntry, b: KbEntry) => (plainTitle(a) < plainTitle(b) ? -1 : 1);
  if (words.length === 0) return [...kb.entries].sort(byTitle);
  const scored: [KbEntry, number][] = [];
  for (const e of kb.entries) {
    const named = `${e.id} ${plainTitle(e)}`.toLowerCase();
    const coded = e.errorCodes.join(' ').toLowerCase();
    const hay = `${named} ${coded} ${e.symptoms.join(' ').toLowerCase()}`;
    if (!words.every((w) => hay.includes(w))) continue;
    const score = words.reduce(
      (n, w) => n + (named.includes(w) ? 2 : coded.includes(w) ? 1 : 0),
      0,
    );
    scored.push([e, score]);
  }
  return scored.sort((a, b) => b[1] - a[1] || byTitle(a[0], b[0])).map(([e]) => e);
}

export function kbIndexPage(kb: KnowledgeBase, q: string): Html {
  const found = searchKb(kb, q);
  const body = html`<h1>Knowledge base</h1>
    <form method="get" action="/kb" role="search">
      <label for="q" class="muted">Find an entry by words, code or id</label><br />
      <input type="search" id="q" name="q" value="${q}" maxlength="200" />
      <input type="submit" value="Search" />
    </form>
    <p class="muted">
      ${found.length} of ${kb.entries.length} entries${q ? html` match “${q}”` : ''}. To explain a
      log, paste it on the <a href="/#triage">triage page</a>.
    </p>
    ${
      found.length === 0
        ? html`<p>
            No entry has every one of these words. Try fewer words or a code (<code>0x87</code>,
            <code>rc=5</code>), or paste the error itself on the
            <a href="/triage?text=${encodeURIComponent(q)}">triage page</a>, which reads it as an
            error.
          </p>`
        : // On a phone the codes (UNABLE_TO_GET_ISSUER_CERT_LOCALLY…) were a column cut off at
          // the edge; the entry's page lists them, and the search finds an entry by its code.
          html`<div class="scroll">
            <table>
              <thead>
                <tr>
                  <th>Entry</th>
                  <th class="hide-narrow">Codes</th>
                </tr>
              </thead>
              <tbody>
                ${found.map(
                  (e) =>
                    html`<tr>
                      <td>
                        <a href="${entryPath(e.id)}">${inlineMarkdown(e.title)}</a><br /><small
                          >${e.id}</small
                        >
                      </td>
                      <td class="hide-narrow">${codes(e)}</td>
                    </tr>`,
                )}
              </tbody>
            </table>
          </div>`
    }`;
  return page({ title: q ? `“${q}” in the knowledge base` : 'Knowledge base', body });
}

export function kbEntryPage(e: KbEntry, kb: KnowledgeBase): Html {
  const body = html`<p><a href="/kb">← Knowledge base</a></p>
    <h1>${inlineMarkdown(e.title)}</h1>
    <p>
      <code>${e.id}</code> ${codes(e)}
      <small class="muted"
        >· ${e.category.replace(/_/g, ' ')} · ${e.verification.replace(/_/g, ' ')}</small
      >
    </p>
    ${
      e.summary
        ? html`<h2 id="in-short">In short</h2>
            ${markdown(e.summary)}`
        : ''
    }
    <h2 id="root-cause">Root cause</h2>
    ${markdown(e.rootCause)}
    <h2 id="workarounds">Workarounds</h2>
    <ol>
      ${e.workarounds.map(
        (w) =>
          html`<li>
            <p>
              <strong>${inlineMarkdown(w.summary)}</strong
              >${w.successPercent !== undefined ? html` <small>(${figureNote(e, w.successPercent, 'success')})</small>` : ''}
            </p>
            ${w.codeBlocks.map((b) => html`<pre><code>${b.body}</code></pre>`)}
            ${w.details ? markdown(w.details) : ''}
          </li>`,
      )}
    </ol>
    ${
      e.deadEnds.length > 0
        ? html`<h2 id="dead-ends">Don't bother</h2>
            <ul>
              ${e.deadEnds.map(
                (d) =>
                  html`<li>
                    <strong>${inlineMarkdown(d.attempt)}</strong> —
                    ${inlineMarkdown(d.why)}${d.failPercent !== undefined ? html` <small>(${figureNote(e, d.failPercent, 'fail')})</small>` : ''}
                  </li>`,
              )}
            </ul>`
        : ''
    }
    ${
      e.disambiguation
        ? html`<h2 id="disambiguation">Told apart from look-alikes</h2>
            ${markdown(e.disambiguation)}`
        : ''
    }
    ${
      e.versions.length > 0
        ? html`<h2 id="versions">Versions</h2>
            <div class="scroll">
              <table>
                <thead>
                  <tr>
                    <th>Version</th>
                    <th>Status</th>
                    <th>Notes</th>
                  </tr>
                </thead>
                <tbody>
                  ${e.versions.map(
                    (v) =>
                      html`<tr>
                        <td>${v.version}</td>
                        <td>${v.status}</td>
                        <td>${inlineMarkdown(v.notes)}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
        : ''
    }
    ${
      e.codes.length > 0
        ? html`<h2 id="codes">Codes</h2>
            <div class="scroll">
              <table>
                <thead>
                  <tr>
                    <th>Code</th>
                    <th>Packet</th>
                    <th>Protocol</th>
                    <th>Meaning</th>
                  </tr>
                </thead>
                <tbody>
                  ${e.codes.map(
                    (c) =>
                      html`<tr>
                        <td><code>${c.code}</code></td>
                        <td>${c.packet}</td>
                        <td>${c.protocol}</td>
                        <td>${c.meaning}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
        : ''
    }
    ${
      e.seeAlso.length > 0
        ? html`<h2 id="see-also">See also</h2>
            <ul>
              ${e.seeAlso.map((s) => {
                const other = kb.byId.get(s.id);
                return html`<li>
                  ${other ? html`<a href="${entryPath(s.id)}">${inlineMarkdown(other.title)}</a>` : html`<code>${s.id}</code>`}${s.why ? html` — ${inlineMarkdown(s.why)}` : ''}
                </li>`;
              })}
            </ul>`
        : ''
    }
    ${
      e.references.length > 0
        ? html`<h2 id="references">References</h2>
            <ul>
              ${e.references.map((r) => html`<li>${linkify(r)}</li>`)}
            </ul>`
        : ''
    }`;
  return page({ title: e.title.replace(/`/g, ''), body: linkEntryIds(body, kb, e.id) });
}

/**
 * Other entries' ids written as code in the prose (`communication/mqtt-banned`) become links to
 * their pages. The page is escaped already; an id is letters, digits, "-" and "/" only.
 */
export function linkEntryIds(body: Html, kb: KnowledgeBase, self: string): Html {
  return trusted(
    body.value.replace(/<code>([a-z0-9-]+\/[a-z0-9/-]+)<\/code>/g, (whole, id: string) =>
      id !== self && kb.byId.has(id) ? `<a href="${entryPath(id)}">${whole}</a>` : whole,
    ),
  );
}
