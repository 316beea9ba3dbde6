import path from 'path';
import { loadKnowledgeBase } from '../../../src/kb/load';
import { kbEntryPage } from '../../../src/web/kb-pages';
import { escapeHtml, html, trusted } from '../../../src/web/html';
import { inlineMarkdown, markdown } from '../../../src/web/markdown';
import { badge } from '../../../src/web/badge';
import { latencyChart, niceCeil } from '../../../src/web/charts';

describe('web rendering', () => {
  it('escapes every interpolation unless it is markup of its own', () => {
    const name = `<b onclick="x">'&`;
    expect(html`<p title="${name}">${name}</p>`.value).toBe(
      '<p title="&lt;b onclick=&quot;x&quot;&gt;&#39;&amp;">&lt;b onclick=&quot;x&quot;&gt;&#39;&amp;</p>',
    );
    expect(html`<div>${html`<i>${name}</i>`}${trusted('<hr>')}</div>`.value).toBe(
      '<div><i>&lt;b onclick=&quot;x&quot;&gt;&#39;&amp;</i><hr></div>',
    );
    expect(escapeHtml('a\u202eb')).toBe('ab');
  });

  it('turns KB prose into HTML with links to http(s) only', () => {
    const out = markdown(
      'Use `mosquitto_passwd <file>` and **restart**; see [docs](https://mosquitto.org/) or [x](javascript:alert(1)).\n\n- one <b>\n  continued\n- two\n\n```sh\necho "<script>"\n```',
    ).value;
    expect(out).toContain('<code>mosquitto_passwd &lt;file&gt;</code>');
    expect(out).toContain('<strong>restart</strong>');
    expect(out).toContain('<a href="https://mosquitto.org/" rel="noopener noreferrer">docs</a>');
    expect(out).not.toContain('href="javascript');
    expect(out).toContain('<li>one &lt;b&gt; continued</li>');
    expect(out).toContain('<pre><code>echo &quot;&lt;script&gt;&quot;</code></pre>');
  });

  it('escapes what it marks up: a title with tags, code and bold', () => {
    expect(inlineMarkdown('a <b> `c<d>` **e&f** <script>').value).toBe(
      'a &lt;b&gt; <code>c&lt;d&gt;</code> <strong>e&amp;f</strong> &lt;script&gt;',
    );
  });

  it('reads bold around code spans, and keeps markup inside code literal', () => {
    const out = markdown(
      '- **`localhost` means a different machine**: `a **b** c` and [`x`](https://x.org/)',
    ).value;
    expect(out).toContain('<strong><code>localhost</code> means a different machine</strong>');
    expect(out).toContain('<code>a **b** c</code>');
    expect(out).toContain('<a href="https://x.org/" rel="noopener noreferrer"><code>x</code></a>');
    expect(markdown('a \uE0000\uE001 b').value).toBe('<p>a 0 b</p>');
  });

  it('renders every entry of the real KB as a page, its text escaped', async () => {
    const loaded = await loadKnowledgeBase(path.join(__dirname, '../../../kb'));
    if (!loaded.ok) throw new Error('KB does not load');
    for (const e of loaded.kb.entries) {
      const page = kbEntryPage(e, loaded.kb).value;
      expect(page).toContain(`<h1>${inlineMarkdown(e.title).value}</h1>`);
      // No Markdown shows through outside code: a bold that starts with `code` is bold too.
      const prose = page.replace(/<pre>[\s\S]*?<\/pre>|<code>[\s\S]*?<\/code>/g, '');
      expect([e.id, prose.match(/.{0,40}\*\*.{0,40}/)?.[0]]).toEqual([e.id, undefined]);
      // Broker log lines such as "Client <unknown> disconnected" are text, not tags.
      expect(page).not.toMatch(/<unknown>|<script|<id>|<file>/);
      // References show their `code` as code, not with the backticks.
      const refs = page.slice(page.indexOf('id="references"'));
      expect(refs).not.toMatch(/`[^`<]+`/);
      // Another entry's id written in the prose is a link to its page.
      for (const [, id] of page.matchAll(/<code>([a-z0-9-]+\/[a-z0-9/-]+)<\/code>/g))
        if (id !== e.id && loaded.kb.byId.has(id!))
          expect(page).toContain(`<a href="/kb/${id}"><code>${id}</code></a>`);
    }
  });

  it('draws axes at round numbers and badges that fit their text', () => {
    expect([0.7, 4, 17, 21, 260].map(niceCeil)).toEqual([0.8, 4, 20, 25, 300]);
    const b = badge('plant-a', 'DOWN').value;
    expect(b).toContain('>DOWN</text>');
    expect(b).toMatch(
      /^<svg\s+xmlns="http:\/\/www\.w3\.org\/2000\/svg"\s+width="\d+"\s+height="20"/,
    );
  });

  it('draws the median band without gaps between runs, and breaks it only at a failed check', () => {
    const check = (i: number, outcome: 'ok' | 'fail') => ({
      t: 1_700_000_000_000 - i * 60_000,
      outcome,
      ms: outcome === 'ok' ? 5 + (i % 3) : 0,
      reason: outcome,
      certDays: null,
    });
    const bands = (svg: string) =>
      [...svg.matchAll(/<rect\s+x="([\d.]+)"\s+y="[\d.]+"\s+width="([\d.]+)"[^>]*class="band"/g)]
        .map((m) => [Number(m[1]), Number(m[1]) + Number(m[2])] as const)
        .sort((a, b) => a[0] - b[0]);
    const steady = bands(
      latencyChart(
        Array.from({ length: 40 }, (_, i) => check(i, 'ok')),
        { label: 'l' },
      ).value,
    );
    expect(steady.length).toBeGreaterThan(2);
    for (let i = 1; i < steady.length; i++) expect(steady[i]![0]).toBeCloseTo(steady[i - 1]![1], 0);
    const outage = bands(
      latencyChart(
        Array.from({ length: 40 }, (_, i) => check(i, i >= 18 && i < 22 ? 'fail' : 'ok')),
        { label: 'l' },
      ).value,
    );
    const gaps = outage.slice(1).filter((b, i) => b[0] - outage[i]![1] > 1);
    expect(gaps.length).toBe(1);
    expect(latencyChart([check(0, 'ok')], { label: 'l' }).value).toContain('>1 check<');
  });

  it('draws no latency axis for a broker that never answered, and keeps failed bands off the labels', () => {
    const failed = Array.from({ length: 5 }, (_, i) => ({
      t: 1_700_000_000_000 - i * 60_000,
      outcome: 'fail' as const,
      ms: 0,
      reason: 'tcp: ECONNREFUSED',
      certDays: null,
    }));
    const svg = latencyChart(failed, { label: 'latency' }).value;
    expect(svg).toContain('No successful check in this window');
    expect(svg).not.toMatch(/>\s*0 ms\s*</);
    const xs = [...svg.matchAll(/<rect\s+x="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(xs.length).toBe(5);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(56);
  });
});
