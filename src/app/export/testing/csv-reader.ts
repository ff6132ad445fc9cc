import { parse } from "csv-parse/sync";

/** Reads CSV back with an independent, strict parser (csv-parse), so the tests check our writer against it. */
export function parseCsv(text: string, delimiter: string): string[][] {
  return parse(text, { delimiter, record_delimiter: "\r\n", relax_column_count: false }) as string[][];
}
