import { isUtf8 } from "node:buffer";
import { createHash } from "node:crypto";
import { type FileHandle, open, stat } from "node:fs/promises";
import { StringDecoder } from "node:string_decoder";
import { Parser } from "csv-parse";
import iconv from "iconv-lite";
import { AppError } from "../../core/index.js";
import { FALLBACK, FastCsv } from "./fast-csv.js";

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

/** An iterator over records that can also hand over every record it already holds at once. */
export interface RecordIterator extends AsyncIterator<string[]> {
  /** The records read and not yet taken (possibly none: then call `next`). */
  takeReady(): string[][];
}

/**
 * Bytes read at a time. Small on purpose: the records of one block are mapped before the next is
 * read, so they die young; with 1 MiB blocks (≈ 10,000 records alive at once) the garbage
 * collector copied and promoted them, and parse + map ran ≈ 1.4× slower (bench/README.md).
 */
const BLOCK = 64 * 1024;
/** A surrogate not part of a pair: csv-parse gets text as UTF-8, where it becomes U+FFFD. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const CSV_OPTIONS = {
  relax_column_count: true,
  relax_quotes: true,
  max_record_size: MIB,
  bom: true,
} as const;

/** csv-parse's parser core, driven directly (no stream): what its Transform's _transform calls. */
interface CsvParseCore {
  parse(
    buf: Buffer | undefined,
    end: boolean,
    push: (record: string[]) => void,
    close: () => void,
  ): Error | undefined;
}

/**
 * Streams the records: forgiving of ragged rows and stray quotes, strict about structure (an
 * unclosed quote or a record over 1 MiB ends the stream, after every record before it, with an
 * error `csvProblem` explains). The records are csv-parse's (options above); the common shapes of
 * file are split by `FastCsv`, which hands anything unusual to csv-parse (see fast-csv.ts).
 * `parser: "csv-parse"` skips FastCsv: the reference the tests compare with.
 */
export function openRecords(
  path: string,
  info: SourceInfo,
  options: { readonly parser?: "fast" | "csv-parse" } = {},
): RecordStream {
  const reader = new RecordReader(path, info, options.parser ?? "fast");
  return { records: { [Symbol.asyncIterator]: () => reader }, bytesRead: () => reader.bytesRead };
}

class RecordReader implements RecordIterator {
  bytesRead = 0;
  private ready: string[][] = [];
  private at = 0;
  /** Records handed out so far. */
  private taken = 0;
  private done = false;
  private failure: Error | undefined;
  private handle: FileHandle | undefined;
  /** Two blocks: the next is read while the current one is parsed and mapped. */
  private readonly buffers = [Buffer.allocUnsafe(BLOCK), Buffer.allocUnsafe(BLOCK)] as const;
  private which = 0;
  private ahead: Promise<Buffer> | undefined;
  private fast: FastCsv | undefined;
  private core: CsvParseCore | undefined;
  /** csv-parse records to drop: those FastCsv returned before it declined the file. */
  private skip = 0;
  private decoder: { write(b: Buffer): string; end(): string | undefined };
  /** A high surrogate the decoder ended a block with, kept for the next block's text. */
  private held = "";

  constructor(
    private readonly path: string,
    private readonly info: SourceInfo,
    parser: "fast" | "csv-parse",
  ) {
    if (parser === "fast" && FastCsv.handles(info.delimiter)) this.fast = new FastCsv(info.delimiter);
    else this.core = csvParseCore(info);
    this.decoder = this.newDecoder();
  }

  async next(): Promise<IteratorResult<string[]>> {
    for (;;) {
      if (this.at < this.ready.length) {
        this.taken++;
        return { done: false, value: this.ready[this.at++] as string[] };
      }
      if (this.failure) {
        const e = this.failure;
        this.failure = undefined;
        this.done = true;
        throw e;
      }
      if (this.done) return { done: true, value: undefined };
      await this.fill();
    }
  }

  takeReady(): string[][] {
    const rest = this.at === 0 ? this.ready : this.ready.slice(this.at);
    this.ready = [];
    this.at = 0;
    this.taken += rest.length;
    return rest;
  }

  async return(): Promise<IteratorResult<string[]>> {
    this.done = true;
    this.ready = [];
    this.at = 0;
    this.failure = undefined;
    await this.close();
    return { done: true, value: undefined };
  }

  private newDecoder() {
    return this.info.encoding === "utf-8" ? new StringDecoder("utf8") : iconv.getDecoder(this.info.encoding);
  }

  /** Reads the next block of the file into `ready` (or `failure`). */
  private async fill(): Promise<void> {
    const first = this.handle === undefined;
    this.handle ??= await open(this.path, "r");
    const block = await (this.ahead ?? this.readBlock(this.handle));
    const bytesRead = block.length;
    this.ahead = bytesRead > 0 ? this.readBlock(this.handle) : undefined;
    this.bytesRead += bytesRead;
    const end = bytesRead === 0;
    const out: string[][] = [];
    if (this.fast) {
      const utf8 = this.info.encoding === "utf-8";
      // csv-parse reads a UTF-8 file that starts with a UTF-16 byte-order mark as UTF-16.
      if (first && utf8 && bytesRead >= 2 && block[0] === 0xff && block[1] === 0xfe) return this.fallBack();
      const text = this.decode(block, end);
      if (!utf8 && LONE_SURROGATE.test(text)) return this.fallBack();
      const verdict = this.fast.feed(text, end, out);
      this.ready = out;
      this.at = 0;
      if (verdict === FALLBACK) return this.fallBack();
    } else {
      const core = this.core as CsvParseCore;
      let ended = false;
      const push = (r: string[]) => {
        if (this.skip > 0) this.skip--;
        else out.push(r);
      };
      const close = () => {
        ended = true;
      };
      let e: Error | undefined;
      if (this.info.encoding === "utf-8")
        e = end
          ? core.parse(undefined, true, push, close)
          : core.parse(Buffer.from(block), false, push, close); // it keeps a tail of the buffer
      else {
        const text = this.decode(block, end);
        if (text !== "") e = core.parse(Buffer.from(text), false, push, close);
        if (end && !e) e = core.parse(undefined, true, push, close);
      }
      this.ready = out;
      this.at = 0;
      if (e) {
        this.failure = e;
        ended = true;
      }
      if (ended && !end) {
        this.done = !e;
        await this.close();
        return;
      }
    }
    if (end) {
      this.done = this.failure === undefined;
      await this.close();
    }
  }

  /** From here on, csv-parse reads the file from its start, dropping the records already returned. */
  private async fallBack(): Promise<void> {
    await this.close();
    this.skip = this.taken + this.ready.length - this.at;
    this.fast = undefined;
    this.core = csvParseCore(this.info);
    this.decoder = this.newDecoder();
    this.held = "";
    this.bytesRead = 0;
  }

  /**
   * The block's text. iconv-lite's UTF-16 decoders can end a block between the two halves of a
   * surrogate pair (an emoji): the high half waits for the next block, so neither half becomes
   * U+FFFD (csv-parse's stream, fed the decoder's output chunk by chunk, lost such characters).
   */
  private decode(block: Buffer, end: boolean): string {
    let text = end ? (this.decoder.end() ?? "") : this.decoder.write(block);
    if (this.held !== "") {
      text = this.held + text;
      this.held = "";
    }
    const last = text.charCodeAt(text.length - 1);
    if (!end && last >= 0xd800 && last <= 0xdbff) {
      this.held = text.slice(-1);
      text = text.slice(0, -1);
    }
    return text;
  }

  private async readBlock(handle: FileHandle): Promise<Buffer> {
    const buffer = this.buffers[this.which] as Buffer;
    this.which ^= 1;
    const { bytesRead } = await handle.read(buffer, 0, BLOCK, null);
    return buffer.subarray(0, bytesRead);
  }

  private async close(): Promise<void> {
    const handle = this.handle;
    const ahead = this.ahead;
    this.handle = undefined;
    this.ahead = undefined;
    await ahead?.catch(() => undefined);
    await handle?.close();
  }
}

function csvParseCore(info: SourceInfo): CsvParseCore {
  const core = (
    new Parser({ ...CSV_OPTIONS, delimiter: info.delimiter }) as unknown as { api?: CsvParseCore }
  ).api;
  if (typeof core?.parse !== "function") throw new Error("csv-parse no longer exposes its parser core (api)");
  return core;
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
