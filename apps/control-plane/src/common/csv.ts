/** A CSV cell's value: null and undefined are written as an empty cell. */
export type CsvValue = string | number | null | undefined;

/**
 * One CSV record (RFC 4180), CRLF-terminated: cells with a comma, quote or line break are quoted,
 * quotes doubled. A text cell that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab,
 * CR first) gets a leading `'` (OWASP CSV injection), so an exported value cannot execute in the
 * reader's spreadsheet; numbers are written as they are. Every CSV export (audit, usage) uses it.
 */
export function csvRecord(cells: ReadonlyArray<CsvValue>): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
