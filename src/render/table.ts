/**
 * Plain text tables for terminals (`mqtt-why kb list`, `mqtt-why health --once`): columns line up
 * by display width (a CJK character or an emoji takes two cells, a combining mark none), no box
 * characters. On a terminal the table is fitted to its width, long cells cut with an ellipsis;
 * piped, every cell is written whole, so `grep` and `cut` see the full ids and titles.
 */

export interface Column {
  header: string;
  align?: 'left' | 'right';
  /**
   * Order in which columns give up width when the table is too wide: 1 first, then 2…;
   * absent: never cut (short codes, states, numbers).
   */
  shrink?: number;
  /** Narrowest this column gets when cut (never below its header). */
  min?: number;
}

export interface TableOptions {
  /** Width to fit (the terminal's columns); null: no limit (piped output). */
  maxWidth: number | null;
  /** Applied to a cell after padding (colour); cells are measured without it. */
  paint?: (cell: string, row: number, column: number) => string;
}

const GAP = '  ';

/** The table as lines: a header, then one line per row; no trailing spaces. */
export function renderTable(columns: Column[], rows: string[][], options: TableOptions): string[] {
  const clean = rows.map((r) => columns.map((_, i) => oneLine(r[i] ?? '')));
  const widths = columns.map((c, i) =>
    Math.max(displayWidth(c.header), ...clean.map((r) => displayWidth(r[i]!))),
  );
  if (options.maxWidth !== null) fit(columns, widths, options.maxWidth);
  const line = (cells: string[], row: number) =>
    cells
      .map((cell, i) => {
        const cut = truncateToWidth(cell, widths[i]!);
        const last = i === cells.length - 1;
        const padded = pad(cut, widths[i]!, columns[i]!.align ?? 'left', last);
        return row >= 0 && options.paint ? options.paint(padded, row, i) : padded;
      })
      .join(GAP)
      .trimEnd();
  return [
    line(
      columns.map((c) => c.header),
      -1,
    ),
    ...clean.map((r, row) => line(r, row)),
  ];
}

/** Narrows the shrinkable columns, in their order, until the table fits `maxWidth` (or cannot). */
function fit(columns: Column[], widths: number[], maxWidth: number): void {
  let excess = widths.reduce((a, w) => a + w, 0) + GAP.length * (columns.length - 1) - maxWidth;
  const order = columns
    .map((c, i) => ({ c, i }))
    .filter(({ c }) => c.shrink !== undefined)
    .sort((a, b) => a.c.shrink! - b.c.shrink!);
  // First down to each column's minimum; on a very narrow terminal, then down to its header.
  for (const floorOf of [
    (c: Column) => Math.max(displayWidth(c.header), c.min ?? 8),
    (c: Column) => displayWidth(c.header),
  ])
    for (const { c, i } of order) {
      if (excess <= 0) return;
      const give = Math.min(excess, Math.max(0, widths[i]! - floorOf(c)));
      widths[i]! -= give;
      excess -= give;
    }
}

function pad(text: string, width: number, align: 'left' | 'right', last: boolean): string {
  const room = Math.max(0, width - displayWidth(text));
  if (align === 'right') return ' '.repeat(room) + text;
  return last ? text : text + ' '.repeat(room);
}

/** Tabs, newlines and other control characters would break the columns: one space each. */
function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
}

// Made on first use: building ICU's segmenter was a tenth of every CLI run's start-up, and most
// commands (a triage) print no table.
let segmenter: Intl.Segmenter | undefined;
const graphemes = (text: string): Intl.Segments =>
  (segmenter ??= new Intl.Segmenter('en', { granularity: 'grapheme' })).segment(text);
const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cf}]+$/u;
const EMOJI = /\p{Emoji_Presentation}|\p{Extended_Pictographic}\uFE0F/u;

/** East Asian Wide and Fullwidth ranges (Unicode EastAsianWidth.txt, W and F, main blocks). */
const WIDE: [number, number][] = [
  [0x1100, 0x115f],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xa960, 0xa97f],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe10, 0xfe19],
  [0xfe30, 0xfe6f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x1f300, 0x1f64f],
  [0x1f900, 0x1f9ff],
  [0x20000, 0x2fffd],
  [0x30000, 0x3fffd],
];

function graphemeWidth(g: string): number {
  if (ZERO_WIDTH.test(g)) return 0;
  if (EMOJI.test(g)) return 2;
  const cp = g.codePointAt(0)!;
  return WIDE.some(([from, to]) => cp >= from && cp <= to) ? 2 : 1;
}

/** Terminal cells `text` takes (no ANSI escapes expected: colour is added after measuring). */
export function displayWidth(text: string): number {
  let width = 0;
  // ASCII, the common case, needs no segmenting.
  if (/^[\u0020-\u007e]*$/.test(text)) return text.length;
  for (const { segment } of graphemes(text)) width += graphemeWidth(segment);
  return width;
}

/** `text` cut to at most `width` cells, ending with "…" when it was cut. */
export function truncateToWidth(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  if (width <= 0) return '';
  let out = '';
  let used = 0;
  for (const { segment } of graphemes(text)) {
    const w = graphemeWidth(segment);
    if (used + w > width - 1) break;
    out += segment;
    used += w;
  }
  return `${out.trimEnd()}…`;
}
