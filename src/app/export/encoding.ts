import iconv from "iconv-lite";

/**
 * Output encodings. `utf-8-bom` and `windows-1251` are for Excel: without a byte-order mark Excel
 * reads a CSV as the system's ANSI code page, which on a Russian Windows is Windows-1251.
 */
export const EXPORT_ENCODINGS = ["utf-8", "utf-8-bom", "windows-1251"] as const;
export type ExportEncoding = (typeof EXPORT_ENCODINGS)[number];

const ASTRAL = /[\u{10000}-\u{10FFFF}]/gu;

export interface TextEncoderOf {
  /** Bytes to write before anything else (the byte-order mark), possibly none. */
  readonly preamble: Buffer;
  /** Whole strings only: the caller never splits a character between two calls. */
  readonly encode: (text: string) => Buffer;
}

/**
 * The encoder for an output encoding. Windows-1251 has no letter for characters outside Cyrillic
 * and Western punctuation (e.g. emoji, CJK): iconv-lite writes `?` for those, as Excel would.
 */
export function encoderFor(encoding: ExportEncoding): TextEncoderOf {
  switch (encoding) {
    case "utf-8":
      return { preamble: Buffer.alloc(0), encode: (t) => Buffer.from(t, "utf8") };
    case "utf-8-bom":
      return { preamble: Buffer.from([0xef, 0xbb, 0xbf]), encode: (t) => Buffer.from(t, "utf8") };
    case "windows-1251":
      // Astral characters (emoji) are two UTF-16 units: one ? each, not two.
      return { preamble: Buffer.alloc(0), encode: (t) => iconv.encode(t.replace(ASTRAL, "?"), "win1251") };
  }
}
