/**
 * A CSV splitter for the files imports see every day, returning exactly the records csv-parse
 * returns with the options `openRecords` gives it (one-character delimiter, `"` quotes doubled to
 * escape, record delimiter found at the first line end, ragged rows allowed, empty lines kept as
 * [""], a leading BOM dropped), about ten times faster: whole lines without a quote are split by
 * `String.prototype.split`, other fields are cut with `indexOf`.
 *
 * It never guesses at the unusual: a quote closed and followed by text, a bare CR as the line
 * end, a record longer than a third of the parser's 1 MiB limit (so csv-parse's own limit cannot
 * have been reached), an unclosed quote at the end of the file — there it answers `FALLBACK`, and
 * the caller hands the whole file to csv-parse, skipping the records already returned (they are
 * csv-parse's first ones by construction). Errors and their messages are then csv-parse's own.
 */

export const FALLBACK = Symbol("fallback");

const QUOTE = 34;
const CR = 13;
const LF = 10;
/** csv-parse's max_record_size (1 MiB) counts bytes, up to 3 per character: stay under it. */
export const MAX_RECORD_CHARS = Math.floor((1 << 20) / 3) - 16;

export class FastCsv {
  private rest = "";
  private started = false;
  /** The record delimiter, once the first line end outside quotes has been seen. */
  private rd: string | undefined;
  private readonly d: string;
  private readonly dc: number;

  constructor(delimiter: string) {
    this.d = delimiter;
    this.dc = delimiter.charCodeAt(0);
  }

  /** Whether this splitter reads files with this delimiter at all. */
  static handles(delimiter: string): boolean {
    return delimiter.length === 1 && delimiter !== '"' && delimiter !== "\r" && delimiter !== "\n";
  }

  /**
   * Appends the complete records of `chunk` (after what was left over) to `out`; `end` says no
   * more text follows. FALLBACK: csv-parse must read this file (`out` holds only exact records).
   */
  feed(chunk: string, end: boolean, out: string[][]): typeof FALLBACK | undefined {
    let s = this.rest === "" ? chunk : this.rest + chunk;
    this.rest = "";
    if (!this.started) {
      if (s.length < 1 && !end) return undefined;
      if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
      this.started = true;
    }
    if (this.rd === undefined) {
      const rd = discoverRecordDelimiter(s, this.dc, end);
      if (rd === FALLBACK) return FALLBACK;
      if (rd === undefined) {
        if (s.length > MAX_RECORD_CHARS) return FALLBACK;
        this.rest = s;
        return undefined;
      }
      this.rd = rd;
    }
    const at = this.records(s, end, out);
    if (at === FALLBACK) return FALLBACK;
    if (at < s.length) {
      if (end || s.length - at > MAX_RECORD_CHARS) return FALLBACK;
      this.rest = s.slice(at);
    }
    return undefined;
  }

  /** Reads records from s; returns where the first incomplete one starts. */
  private records(s: string, end: boolean, out: string[][]): number | typeof FALLBACK {
    const { d, dc } = this;
    const rd = this.rd as string;
    const rdLength = rd.length;
    const n = s.length;
    let i = 0;
    let nextQuote = s.indexOf('"');
    while (i < n) {
      let lineEnd = s.indexOf(rd, i);
      if (nextQuote !== -1 && nextQuote < i) nextQuote = s.indexOf('"', i);
      if (nextQuote === -1 || (lineEnd !== -1 && nextQuote > lineEnd)) {
        // No quote on this line: split it whole.
        if (lineEnd === -1) {
          if (!end) return i;
          lineEnd = n;
        }
        if (lineEnd - i > MAX_RECORD_CHARS) return FALLBACK;
        out.push(s.slice(i, lineEnd).split(d));
        i = lineEnd + rdLength;
        continue;
      }
      // Field by field.
      const record: string[] = [];
      let p = i;
      for (;;) {
        if (s.charCodeAt(p) === QUOTE) {
          let value = "";
          let from = p + 1;
          let close: number;
          for (;;) {
            close = s.indexOf('"', from);
            if (close === -1) return end ? FALLBACK : i;
            if (close + 1 >= n) {
              if (!end) return i;
              break;
            }
            if (s.charCodeAt(close + 1) !== QUOTE) break;
            value += s.slice(from, close + 1);
            from = close + 2;
          }
          record.push(value + s.slice(from, close));
          p = close + 1;
          if (p - i > MAX_RECORD_CHARS) return FALLBACK;
          if (p >= n) {
            out.push(record);
            return n;
          }
          const c = s.charCodeAt(p);
          if (c === dc) {
            p++;
            continue;
          }
          if (c === rd.charCodeAt(0)) {
            if (rdLength === 1) {
              out.push(record);
              i = p + 1;
              break;
            }
            if (p + 1 >= n) {
              if (!end) return i;
              return FALLBACK;
            }
            if (s.charCodeAt(p + 1) === LF) {
              out.push(record);
              i = p + 2;
              break;
            }
          }
          return FALLBACK; // a closing quote followed by text: csv-parse's relaxed reading
        }
        // An unquoted field: up to the delimiter or the line end; quotes inside it are text.
        if (lineEnd !== -1 && lineEnd < p) lineEnd = s.indexOf(rd, p);
        let fieldEnd = s.indexOf(d, p);
        if (lineEnd === -1) {
          if (!end) return i;
          if (fieldEnd === -1) fieldEnd = n;
        } else if (fieldEnd === -1 || fieldEnd > lineEnd) fieldEnd = lineEnd;
        if (fieldEnd - i > MAX_RECORD_CHARS) return FALLBACK;
        record.push(s.slice(p, fieldEnd));
        if (fieldEnd === n) {
          out.push(record);
          return n;
        }
        if (fieldEnd === lineEnd) {
          out.push(record);
          i = lineEnd + rdLength;
          break;
        }
        p = fieldEnd + 1;
      }
    }
    return i;
  }
}

/**
 * The record delimiter as csv-parse discovers it: the first CRLF or LF outside quotes (a bare CR,
 * or a quote closed and followed by text before it, is left to csv-parse). Undefined: not seen
 * yet; at the end of a file without one, any will do (LF).
 */
function discoverRecordDelimiter(s: string, dc: number, end: boolean): string | typeof FALLBACK | undefined {
  let fieldStart = true;
  let quoting = false;
  const n = s.length;
  for (let j = 0; j < n; j++) {
    const c = s.charCodeAt(j);
    if (quoting) {
      if (c !== QUOTE) continue;
      if (j + 1 >= n) return end ? "\n" : undefined;
      const next = s.charCodeAt(j + 1);
      if (next === QUOTE) {
        j++;
        continue;
      }
      if (next !== dc && next !== CR && next !== LF) return FALLBACK;
      quoting = false;
      fieldStart = false;
      continue;
    }
    if (c === CR) {
      if (j + 1 >= n) return end ? FALLBACK : undefined;
      return s.charCodeAt(j + 1) === LF ? "\r\n" : FALLBACK;
    }
    if (c === LF) return "\n";
    if (c === dc) fieldStart = true;
    else if (c === QUOTE && fieldStart) {
      quoting = true;
      fieldStart = false;
    } else fieldStart = false;
  }
  return end ? "\n" : undefined;
}
