/**
 * The small part of Markdown the KB's prose uses (paragraphs, lists, fenced code, `code`,
 * **bold**, [links](https://…)) as HTML. Everything is escaped first; markup is added only
 * around escaped text, and links only to http(s) addresses. One pass per line.
 */
import { Html, escapeHtml, trusted } from './html';

// Code spans are set aside while bold and links are read, so `**`x` is y**` is bold whole:
// private-use characters mark where each goes back (escaped text holds none of them).
const SPAN = /\uE000(\d+)\uE001/g;

function inline(text: string): string {
  const parts = text.replace(/[\uE000\uE001]/g, '').split('`');
  // An odd number of parts: every backtick has its pair; otherwise the last one is literal.
  const paired = parts.length % 2 === 1;
  const spans: string[] = [];
  const marked = parts
    .map((part, i) => {
      if (i % 2 === 1 && (paired || i < parts.length - 1)) {
        spans.push(`<code>${escapeHtml(part)}</code>`);
        return `\uE000${spans.length - 1}\uE001`;
      }
      return (i % 2 === 1 ? '`' : '') + escapeHtml(part);
    })
    .join('');
  return marked
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    .replace(
      /\[([^\]]+)\]\((https?:\/\/[^)\s]+)\)/g,
      '<a href="$2" rel="noopener noreferrer">$1</a>',
    )
    .replace(SPAN, (_, n: string) => spans[Number(n)] ?? '');
}

const LIST_ITEM = /^\s*([-*]|\d+\.)\s+/;

export function markdown(text: string): Html {
  const out: string[] = [];
  let para: string[] = [];
  let list: { ordered: boolean; items: string[] } | null = null;
  let code: string[] | null = null;

  const endPara = () => {
    if (para.length) out.push(`<p>${inline(para.join(' '))}</p>`);
    para = [];
  };
  const endList = () => {
    if (list) {
      const tag = list.ordered ? 'ol' : 'ul';
      out.push(`<${tag}>${list.items.map((i) => `<li>${inline(i)}</li>`).join('')}</${tag}>`);
    }
    list = null;
  };

  for (const line of text.split('\n')) {
    if (code) {
      if (line.trim().startsWith('```')) {
        out.push(`<pre><code>${escapeHtml(code.join('\n'))}</code></pre>`);
        code = null;
      } else code.push(line);
      continue;
    }
    if (line.trim().startsWith('```')) {
      endPara();
      endList();
      code = [];
      continue;
    }
    if (line.trim() === '') {
      endPara();
      endList();
      continue;
    }
    const item = LIST_ITEM.exec(line);
    if (item) {
      endPara();
      const ordered = /\d/.test(item[1]!);
      if (list && list.ordered !== ordered) endList();
      list ??= { ordered, items: [] };
      list.items.push(line.slice(item[0].length).trim());
      continue;
    }
    if (list && /^\s+/.test(line)) {
      const items: string[] = list.items;
      items[items.length - 1] += ` ${line.trim()}`;
      continue;
    }
    endList();
    para.push(line.trim());
  }
  if (code) out.push(`<pre><code>${escapeHtml(code.join('\n'))}</code></pre>`);
  endPara();
  endList();
  return trusted(out.join('\n'));
}

/** One line of KB prose (a workaround's summary, a dead end): inline markup only. */
export function inlineMarkdown(text: string): Html {
  return trusted(inline(text));
}
