import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import fc from "fast-check";
import iconv from "iconv-lite";
import { afterAll, describe, expect, test } from "vitest";
import { FALLBACK, FastCsv, MAX_RECORD_CHARS } from "./fast-csv.js";
import { openRecords, type SourceInfo } from "./source.js";

const dir = mkdtempSync(join(tmpdir(), "truce-fast-csv-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const OPTIONS = { relax_column_count: true, relax_quotes: true, max_record_size: 1 << 20, bom: true };

/** csv-parse's records, or its error code. */
function reference(text: string | Buffer, delimiter: string): string[][] | string {
  try {
    return parse(text, { ...OPTIONS, delimiter }) as string[][];
  } catch (e) {
    return (e as { code?: string }).code ?? String(e);
  }
}

/** FastCsv fed in the given pieces: its records, and whether it declined the text. */
function fast(pieces: readonly string[], delimiter: string): { records: string[][]; fallback: boolean } {
  const csv = new FastCsv(delimiter);
  const records: string[][] = [];
  for (let i = 0; i < pieces.length; i++) {
    const end = i === pieces.length - 1;
    if (csv.feed(pieces[i] as string, end, records) === FALLBACK) return { records, fallback: true };
  }
  return { records, fallback: false };
}

function split(text: string, cuts: readonly number[]): string[] {
  const at = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  const pieces: string[] = [];
  let from = 0;
  for (const c of at) {
    pieces.push(text.slice(from, c));
    from = c;
  }
  pieces.push(text.slice(from));
  return pieces;
}

/** Text made mostly of what matters to a CSV parser. */
const csvText = (delimiter: string) =>
  fc
    .array(
      fc.constantFrom("a", "bc", " ", delimiter, ",", '"', '""', "\r\n", "\n", "\r", "é", "Ж", "\t", "😀"),
      {
        maxLength: 80,
      },
    )
    .map((parts) => parts.join(""));

describe("FastCsv returns csv-parse's records", () => {
  test.each([",", ";", "\t"])("random text, random chunks, delimiter %j", (delimiter) => {
    fc.assert(
      fc.property(
        fc.option(fc.constant("\uFEFF"), { nil: "" }),
        csvText(delimiter),
        fc.array(fc.nat(), { maxLength: 6 }),
        (bom, body, cuts) => {
          const text = bom + body;
          const want = reference(text, delimiter);
          const got = fast(split(text, cuts), delimiter);
          if (got.fallback) {
            // What it returned before declining is csv-parse's start; the rest is csv-parse's own.
            if (typeof want !== "string") expect(want.slice(0, got.records.length)).toEqual(got.records);
          } else expect(got.records).toEqual(want);
        },
      ),
      { numRuns: 3000 },
    );
  });

  test("well-formed files are read without falling back", () => {
    const row = fc.array(
      fc.oneof(
        fc.stringMatching(/^[a-zé0-9 .@+-]{0,8}$/),
        fc.stringMatching(/^[a-z,"\n ]{0,8}$/).map((s) => `"${s.replace(/"/g, '""')}"`),
      ),
      { minLength: 1, maxLength: 6 },
    );
    fc.assert(
      fc.property(
        fc.array(row, { minLength: 1, maxLength: 20 }),
        fc.constantFrom("\n", "\r\n"),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 6 }),
        (rows, eol, trailing, cuts) => {
          const text = rows.map((r) => r.join(",")).join(eol) + (trailing ? eol : "");
          const got = fast(split(text, cuts), ",");
          expect(got.fallback).toBe(false);
          expect(got.records).toEqual(reference(text, ","));
        },
      ),
      { numRuns: 2000 },
    );
  });

  test.each([
    ["a closing quote followed by text", 'a,"b"c,d\n1,2\n'],
    ["a bare CR as the line end", "a,b\r1,2\r"],
    ["an unclosed quote", 'a,b\n1,"2\n3,4\n'],
    ["a record longer than the limit", `a,b\n1,${"x".repeat(MAX_RECORD_CHARS)}\n`],
  ])("declines %s", (_, text) => {
    const got = fast([text], ",");
    expect(got.fallback).toBe(true);
    const want = reference(text, ",");
    if (typeof want !== "string") expect(want.slice(0, got.records.length)).toEqual(got.records);
  });

  test("reads quotes inside unquoted fields as text, as csv-parse does", () => {
    const text = 'Name,Size\nTV 55",big\nBob "the" Builder,x\n';
    const got = fast([text], ",");
    expect(got.fallback).toBe(false);
    expect(got.records).toEqual(reference(text, ","));
    expect(got.records[1]).toEqual(['TV 55"', "big"]);
  });
});

async function readAll(path: string, info: SourceInfo, parser: "fast" | "csv-parse") {
  const records: string[][] = [];
  try {
    for await (const r of openRecords(path, info, { parser }).records) records.push(r);
    return { records };
  } catch (e) {
    return { records, error: (e as Error).message };
  }
}

let fileNo = 0;
async function sameAsCsvParse(bytes: Buffer, info: Omit<SourceInfo, "size" | "fingerprint">) {
  const path = join(dir, `f${fileNo++}.csv`);
  writeFileSync(path, bytes);
  const full = { ...info, size: bytes.length, fingerprint: "" };
  const want = await readAll(path, full, "csv-parse");
  const got = await readAll(path, full, "fast");
  expect(got).toEqual(want);
}

describe("openRecords returns csv-parse's records and errors, whatever the file", () => {
  test("random UTF-8 text, including invalid bytes", async () => {
    await fc.assert(
      fc.asyncProperty(
        csvText(","),
        fc.array(fc.constantFrom(0xff, 0xe2, 0x82, 0xc3, 0x80, 0xfe), { maxLength: 4 }),
        fc.nat(),
        async (text, junk, at) => {
          const bytes = Buffer.from(text);
          const cut = at % (bytes.length + 1);
          const file = Buffer.concat([bytes.subarray(0, cut), Buffer.from(junk), bytes.subarray(cut)]);
          await sameAsCsvParse(file, { encoding: "utf-8", delimiter: "," });
        },
      ),
      { numRuns: 300 },
    );
  });

  test.each(["windows-1251", "utf-16le", "utf-16be"])("random %s text", async (encoding) => {
    await fc.assert(
      fc.asyncProperty(csvText(";"), async (text) => {
        await sameAsCsvParse(iconv.encode(text, encoding, { addBOM: encoding !== "windows-1251" }), {
          encoding,
          delimiter: ";",
        });
      }),
      { numRuns: 150 },
    );
  });

  test("a file of many blocks, with a stray quote near the end (falls back, skips what was read)", async () => {
    const lines = ["name,email,notes"];
    for (let i = 0; i < 60_000; i++) lines.push(`Person ${i},p${i}@x.test,"said ""hi"",\nthen left ${i}"`);
    lines.push('Late,"l@x.test"junk,x', "Last,last@x.test,");
    await sameAsCsvParse(Buffer.from(lines.join("\r\n")), { encoding: "utf-8", delimiter: "," });
  });

  test("an unclosed quote far into the file: csv-parse's error, after the same records", async () => {
    const lines = ["name,email"];
    for (let i = 0; i < 30_000; i++) lines.push(`Person ${i},p${i}@x.test`);
    lines.push('Open,"never closed', "More,m@x.test");
    await sameAsCsvParse(Buffer.from(lines.join("\n")), { encoding: "utf-8", delimiter: "," });
  });

  test.each(["utf-16le", "utf-16be"])(
    "a %s file of many blocks full of emoji: pairs split between blocks stay whole",
    async (encoding) => {
      const lines = ["name;notes"];
      for (let i = 0; i < 20_000; i++) lines.push(`P${"😀".repeat(i % 3)}${i};${"🎉x".repeat(i % 5)}`);
      const bytes = iconv.encode(lines.join("\r\n"), encoding, { addBOM: true });
      await sameAsCsvParse(bytes, { encoding, delimiter: ";" });
      const path = join(dir, `emoji-${encoding}.csv`);
      writeFileSync(path, bytes);
      const info = { encoding, delimiter: ";", size: bytes.length, fingerprint: "" };
      const { records } = await readAll(path, info, "fast");
      expect(records.map((r) => r.join(";"))).toEqual(lines);
    },
  );

  test("a UTF-8 file starting with a UTF-16 byte-order mark", async () => {
    await sameAsCsvParse(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("a,b\n1,2\n")]), {
      encoding: "utf-8",
      delimiter: ",",
    });
  });
});
