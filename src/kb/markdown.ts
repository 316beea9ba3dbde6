/** Splits an entry file into its title, metadata bullets and `##` sections, keeping line numbers. */

export interface NumberedLine {
  /** 1-based line number in the file. */
  n: number;
  text: string;
}

export interface Section {
  heading: string;
  line: number;
  body: NumberedLine[];
}

export interface EntryDocument {
  title: string | null;
  titleLine: number;
  /** Lines between the title and the first `##` heading. */
  preamble: NumberedLine[];
  sections: Section[];
}

const FENCE = /^\s*```/;

/** Splits an entry into its title, metadata preamble and `## ` sections, keeping line numbers. */
export function splitDocument(text: string): EntryDocument {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const doc: EntryDocument = { title: null, titleLine: 1, preamble: [], sections: [] };
  let current: Section | null = null;
  let inFence = false;
  lines.forEach((raw, i) => {
    const line: NumberedLine = { n: i + 1, text: raw };
    if (FENCE.test(raw)) inFence = !inFence;
    if (!inFence && doc.title === null && raw.startsWith('# ')) {
      doc.title = raw.slice(2).trim();
      doc.titleLine = i + 1;
      return;
    }
    if (!inFence && raw.startsWith('## ')) {
      current = { heading: raw.slice(3).trim(), line: i + 1, body: [] };
      doc.sections.push(current);
      return;
    }
    if (current) current.body.push(line);
    else if (doc.title !== null) doc.preamble.push(line);
    else if (raw.trim() !== '') doc.preamble.push(line);
  });
  return doc;
}

/** Rows of the first Markdown table in `body`, header row excluded. */
export function tableRows(body: NumberedLine[]): { header: string[]; rows: (NumberedLine & { cells: string[] })[] } {
  const tableLines = body.filter((l) => l.text.trim().startsWith('|'));
  const [head, sep, ...rest] = tableLines;
  const header = head ? splitRow(head.text) : [];
  const rows = sep ? rest.map((l) => ({ ...l, cells: splitRow(l.text) })) : [];
  return { header, rows };
}

function splitRow(text: string): string[] {
  const trimmed = text.trim().replace(/^\|/, '').replace(/\|$/, '');
  // A pipe inside backticks belongs to the cell (`a | b` in a command).
  const cells: string[] = [];
  let cell = '';
  let inTick = false;
  for (const ch of trimmed) {
    if (ch === '`') inTick = !inTick;
    if (ch === '|' && !inTick) {
      cells.push(cell.trim());
      cell = '';
    } else cell += ch;
  }
  cells.push(cell.trim());
  return cells;
}

/** A section's prose with its line breaks, blank lines at the ends trimmed. */
export function proseOf(body: NumberedLine[]): string {
  return body
    .map((l) => l.text)
    .join('\n')
    .trim();
}
