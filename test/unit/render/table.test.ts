import { displayWidth, renderTable, truncateToWidth } from '../../../src/render/table';

describe('displayWidth', () => {
  it('counts terminal cells: wide CJK and emoji two, combining marks and zero-width none', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('日本')).toBe(4);
    expect(displayWidth('한국어')).toBe(6);
    expect(displayWidth('ｆｕｌｌ')).toBe(8);
    expect(displayWidth('e\u0301')).toBe(1);
    expect(displayWidth('a\u200bb')).toBe(2);
    expect(displayWidth('👍🏽')).toBe(2);
    expect(displayWidth('👨‍👩‍👧')).toBe(2);
    expect(displayWidth('✓ — é')).toBe(5);
  });
});

describe('truncateToWidth', () => {
  it('cuts at a cell boundary and ends with an ellipsis, never splitting a wide character', () => {
    expect(truncateToWidth('short', 10)).toBe('short');
    expect(truncateToWidth('communication/mqtt-banned', 10)).toBe('communica…');
    expect(truncateToWidth('日本語テキスト', 6)).toBe('日本…');
    expect(displayWidth(truncateToWidth('日本語テキスト', 6))).toBeLessThanOrEqual(6);
    expect(truncateToWidth('e\u0301e\u0301e\u0301e\u0301', 3)).toBe('e\u0301e\u0301…');
    expect(truncateToWidth('anything', 0)).toBe('');
  });
});

describe('renderTable', () => {
  const columns = [
    { header: 'ID', shrink: 2, min: 6 },
    { header: 'N', align: 'right' as const },
    { header: 'TITLE', shrink: 1, min: 8 },
  ];
  const rows = [
    ['a/short', '7', 'A plain title'],
    ['b/日本語の長いエントリ名', '1234', 'Ünïcödé title with e\u0301 and 👍🏽 that goes on and on'],
    ['c/mid', '', 'Tab\tand\nnewline'],
  ];
  /** Cell where each column starts on a line, measured in display width. */
  const starts = (line: string, cells: string[]) =>
    cells.map((c) => displayWidth(line.slice(0, line.indexOf(c))));

  it('lines columns up by display width, piped: every cell whole, no trailing spaces', () => {
    const lines = renderTable(columns, rows, { maxWidth: null });
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^ID\s+N {2}TITLE$/);
    const titleAt = displayWidth(lines[0]!.slice(0, lines[0]!.indexOf('TITLE')));
    for (const [i, row] of rows.entries()) {
      const line = lines[i + 1]!;
      expect(line).toContain(row[0]);
      expect(displayWidth(line.slice(0, line.indexOf(row[2]!.slice(0, 3))))).toBe(titleAt);
      expect(line).not.toMatch(/\s$/);
    }
    // Right-aligned numbers end in the same cell.
    const nEnd = (line: string, n: string) =>
      displayWidth(line.slice(0, line.indexOf(n))) + n.length;
    expect(nEnd(lines[1]!, ' 7 ')).toBe(nEnd(lines[2]!, ' 1234 '));
    expect(lines[3]).toContain('Tab and newline');
    expect(lines.join('\n')).not.toMatch(/[│┃─━┌┐└┘├┤|]/);
    expect(lines.join('\n')).not.toContain('\u001b[');
  });

  it('fits a terminal: the title gives way first, then the id, each cut with an ellipsis', () => {
    for (const width of [70, 50, 30]) {
      const lines = renderTable(columns, rows, { maxWidth: width });
      for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(width);
      expect(lines[2]).toMatch(/…/);
      // Column starts stay aligned when cells are cut.
      const [header, ...body] = lines;
      const titleAt = starts(header!, ['TITLE'])[0];
      expect(starts(body[0]!, ['A plain'])[0]).toBe(titleAt);
    }
    const roomy = renderTable(columns, rows, { maxWidth: 70 });
    expect(roomy[2]).toContain('b/日本語の長いエントリ名');
    expect(roomy[2]).toContain('…');
  });

  it('paints body cells after measuring them, so colour does not move the columns', () => {
    const plain = renderTable(columns, rows, { maxWidth: null });
    const painted = renderTable(columns, rows, {
      maxWidth: null,
      paint: (cell, _row, column) => (column === 1 ? `\x1b[31m${cell}\x1b[0m` : cell),
    });
    expect(painted[0]).toBe(plain[0]);
    expect(painted.map((l) => l.split('\u001b[31m').join('').split('\u001b[0m').join(''))).toEqual(
      plain,
    );
  });
});
