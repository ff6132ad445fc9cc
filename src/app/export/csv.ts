/** How CSV is written: Excel's expectations differ by locale (a Russian Excel wants `;`). */
export interface CsvOptions {
  readonly delimiter: "," | ";" | "\t";
  /**
   * Guard against formula injection (OWASP "CSV injection"): a text cell starting with = + - @
   * or a control character is prefixed with `'`, so a spreadsheet shows it instead of running it.
   * Numbers are left alone. Lead names and companies come from public web forms.
   */
  readonly neutralizeFormulas: boolean;
}

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;

/**
 * One CSV field (RFC 4180): quoted when it holds the delimiter, a quote, a line break, or
 * surrounding spaces (which spreadsheets would trim), with quotes doubled inside.
 */
export function csvField(value: string, options: CsvOptions): string {
  let v = value;
  if (options.neutralizeFormulas && FORMULA_START.test(v) && !PLAIN_NUMBER.test(v)) v = `'${v}`;
  const needsQuotes =
    v.includes(options.delimiter) ||
    v.includes('"') ||
    v.includes("\n") ||
    v.includes("\r") ||
    v !== v.trim();
  return needsQuotes ? `"${v.replaceAll('"', '""')}"` : v;
}

/** One CSV record, ended with CRLF as RFC 4180 and Excel expect. */
export function csvRecord(values: readonly string[], options: CsvOptions): string {
  return `${values.map((v) => csvField(v, options)).join(options.delimiter)}\r\n`;
}
