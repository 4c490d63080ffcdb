/**
 * RFC 4180 CSV: CRLF line ends, a field quoted when it holds a comma, a quote or a line break.
 * Text that a spreadsheet would run as a formula (OWASP CSV injection: a cell starting with
 * = + - @, tab or carriage return, e.g. an agent named `=HYPERLINK(…)`) gets a leading single quote,
 * so it shows as the text it is.
 */
export type CsvValue = string | number | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  // Numbers come from our own numeric columns and print as -?digits[.digits][e±digits], which a
  // spreadsheet reads as a number, never a formula: a negative one must stay a number. Only text
  // (names, given by people) is neutralised, even text that looks like a number.
  const text = typeof value === 'number' ? String(value) : FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: readonly CsvValue[][]): string {
  return [header, ...rows].map((r) => r.map(csvField).join(',') + '\r\n').join('');
}
