/**
 * HTML that is escaped unless it says otherwise: `html` templates escape every interpolated value
 * (text from configuration, the KB or a visitor), and only `Html` values, made by `html` itself
 * or by the renderers here, pass through. So a broker named `<script>` is text, everywhere.
 */
import { BIDI_CONTROLS } from '../common/printable';

export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML and SVG, in element content and in quoted attributes alike. */
export function escapeHtml(s: string): string {
  return s.replace(BIDI_CONTROLS, '').replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

export type HtmlValue = Html | string | number | null | undefined | false | HtmlValue[];

function render(v: HtmlValue): string {
  if (v === null || v === undefined || v === false) return '';
  if (v instanceof Html) return v.value;
  if (Array.isArray(v)) return v.map(render).join('');
  return escapeHtml(String(v));
}

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): Html {
  let out = strings[0]!;
  values.forEach((v, i) => {
    out += render(v) + strings[i + 1]!;
  });
  return new Html(out);
}

/** Markup built by this module's own renderers from escaped parts. Never pass outside text. */
export const trusted = (markup: string): Html => new Html(markup);

/** A link target from outside text: only http(s) URLs, anything else is no link at all. */
export function safeHref(url: string): string | null {
  return /^https?:\/\/[^\s<>"']+$/i.test(url) ? url : null;
}
