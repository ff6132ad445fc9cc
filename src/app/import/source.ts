import { isUtf8 } from "node:buffer";
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { open, stat } from "node:fs/promises";
import { pipeline } from "node:stream";
import { parse } from "csv-parse";
import iconv from "iconv-lite";
import { AppError } from "../../core/index.js";

/** What the file is: its identity for resuming, and how to read it. */
export interface SourceInfo {
  readonly size: number;
  /** SHA-256 of the size, the first MiB and the last MiB: cheap even for a file of gigabytes. */
  readonly fingerprint: string;
  readonly encoding: string;
  readonly delimiter: string;
}

const MIB = 1 << 20;
const DELIMITERS = [",", ";", "\t"] as const;

/** Reads the head and tail of the file once: the fingerprint, and the encoding and delimiter unless given. */
export async function inspectFile(
  path: string,
  given: { readonly encoding?: string | undefined; readonly delimiter?: string | undefined },
): Promise<SourceInfo> {
  const { size } = await stat(path);
  const handle = await open(path, "r");
  try {
    const head = Buffer.alloc(Math.min(size, MIB));
    await handle.read(head, 0, head.length, 0);
    const tail = Buffer.alloc(Math.min(Math.max(size - MIB, 0), MIB));
    await handle.read(tail, 0, tail.length, size - tail.length);
    const fingerprint = createHash("sha256").update(String(size)).update(head).update(tail).digest("hex");
    const encoding = given.encoding
      ? canonicalEncoding(given.encoding)
      : detectEncoding(head, size > head.length);
    const text = iconv.decode(head.subarray(0, 64 * 1024), encoding);
    const delimiter = given.delimiter ?? sniffDelimiter(text, path);
    return { size, fingerprint, encoding, delimiter };
  } finally {
    await handle.close();
  }
}

/** An encoding name iconv-lite knows, in the form the summary shows. */
export function canonicalEncoding(name: string): string {
  const n = name.trim().toLowerCase().replace(/_/g, "-");
  if (!iconv.encodingExists(n))
    throw new AppError(
      "import.bad_encoding",
      { en: `unknown encoding "${name}": try utf-8, utf-16le, utf-16be or windows-1251` },
      { encoding: name },
    );
  const aliases: Record<string, string> = { utf8: "utf-8", cp1251: "windows-1251", win1251: "windows-1251" };
  return aliases[n.replace(/-/g, "")] ?? aliases[n] ?? n;
}

/**
 * The encoding from the first bytes: a byte-order mark says it outright; UTF-16 without one shows
 * as a zero byte beside every ASCII character; otherwise valid UTF-8 is UTF-8, and anything else
 * is taken for Windows-1251, which is what Russian Excel writes.
 */
export function detectEncoding(head: Buffer, isCut: boolean): string {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return "utf-8";
  if (head[0] === 0xff && head[1] === 0xfe) return "utf-16le";
  if (head[0] === 0xfe && head[1] === 0xff) return "utf-16be";
  const sample = head.subarray(0, 4096);
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < sample.length; i++) if (sample[i] === 0) i % 2 === 0 ? evenZeros++ : oddZeros++;
  const half = sample.length / 2;
  if (oddZeros > half * 0.3 && evenZeros < half * 0.05) return "utf-16le";
  if (evenZeros > half * 0.3 && oddZeros < half * 0.05) return "utf-16be";
  // A cut head may end inside a character: allow up to 3 bytes of an unfinished one.
  for (let cut = 0; cut <= (isCut ? 3 : 0); cut++)
    if (isUtf8(head.subarray(0, head.length - cut))) return "utf-8";
  return "windows-1251";
}

/**
 * The delimiter from the first lines: the candidate that splits them into the same number of
 * fields (more than one) most consistently, quotes respected. A .tsv file defaults to tab.
 */
export function sniffDelimiter(text: string, fileName: string): string {
  let best: { delimiter: string; score: number; fields: number } | undefined;
  for (const delimiter of DELIMITERS) {
    const counts = countFields(text, delimiter, 20);
    if (counts.length === 0) continue;
    const freq = new Map<number, number>();
    for (const c of counts) freq.set(c, (freq.get(c) ?? 0) + 1);
    const [fields, times] = [...freq].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0] as [number, number];
    if (fields < 2) continue;
    const score = times / counts.length;
    if (!best || score > best.score || (score === best.score && fields > best.fields))
      best = { delimiter, score, fields };
  }
  return best?.delimiter ?? (/\.tsv$/i.test(fileName) ? "\t" : ",");
}

function countFields(text: string, delimiter: string, maxRecords: number): number[] {
  const counts: number[] = [];
  let fields = 1;
  let quoted = false;
  for (let i = 0; i < text.length && counts.length < maxRecords; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (quoted) continue;
    else if (ch === delimiter) fields++;
    else if (ch === "\n") {
      counts.push(fields);
      fields = 1;
    }
  }
  return counts;
}

/** The records of the file as arrays of cells, streamed: memory stays flat whatever the size. */
export interface RecordStream {
  readonly records: AsyncIterable<string[]>;
  /** Bytes read from the file so far, for progress. */
  readonly bytesRead: () => number;
}

/**
 * Streams the records: forgiving of ragged rows and stray quotes, strict about structure (an
 * unclosed quote or a record over 1 MiB ends the stream with an error `csvProblem` explains).
 * UTF-8 goes to the parser as bytes; other encodings are decoded by iconv-lite first.
 */
export function openRecords(path: string, info: SourceInfo): RecordStream {
  const file = createReadStream(path, { highWaterMark: MIB });
  const parser = parse({
    delimiter: info.delimiter,
    relax_column_count: true,
    relax_quotes: true,
    max_record_size: MIB,
    bom: true,
  });
  const done = (e: NodeJS.ErrnoException | null) => {
    if (e && !parser.destroyed) parser.destroy(e);
  };
  if (info.encoding === "utf-8") pipeline(file, parser, done);
  else pipeline(file, iconv.decodeStream(info.encoding), parser, done);
  return { records: parser, bytesRead: () => file.bytesRead };
}

/** A parser's structural error as a reason for the rejects file, or undefined if it is not one. */
export function csvProblem(e: unknown): string | undefined {
  const code = (e as { code?: unknown }).code;
  if (typeof code !== "string" || !code.startsWith("CSV_")) return undefined;
  if (code === "CSV_QUOTE_NOT_CLOSED")
    return "a quote opened here is never closed: the rest of the file could not be read";
  if (code === "CSV_MAX_RECORD_SIZE")
    return "a record longer than 1 MiB (probably an unclosed quote): the rest of the file could not be read";
  return `the file could not be read from here on: ${(e as Error).message}`;
}
