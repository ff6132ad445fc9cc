import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import iconv from "iconv-lite";
import { afterAll, describe, expect, test } from "vitest";
import { isAppError } from "../../core/index.js";
import { canonicalEncoding, detectEncoding, inspectFile, openRecords, sniffDelimiter } from "./source.js";

const dir = mkdtempSync(join(tmpdir(), "truce-source-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const TEXT =
  'Имя;E-mail;Заметки\r\nОльга;olga@x.test;"две\nстроки; и ""кавычки"""\r\nИван;ivan@x.test\r\n;;\r\n';
const RECORDS = [
  ["Имя", "E-mail", "Заметки"],
  ["Ольга", "olga@x.test", 'две\nстроки; и "кавычки"'],
  ["Иван", "ivan@x.test"],
  ["", "", ""],
];

async function readAll(path: string, given: { encoding?: string; delimiter?: string } = {}) {
  const info = await inspectFile(path, given);
  const records: string[][] = [];
  for await (const r of openRecords(path, info).records) records.push(r);
  return { info, records };
}

describe("encodings", () => {
  test.each([
    ["utf-8 with BOM", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT)]), "utf-8"],
    ["utf-8", Buffer.from(TEXT), "utf-8"],
    [
      "utf-16le with BOM",
      Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(TEXT, "utf-16le")]),
      "utf-16le",
    ],
    [
      "utf-16be with BOM",
      Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(TEXT, "utf-16be")]),
      "utf-16be",
    ],
    ["utf-16le without BOM", iconv.encode(TEXT.replace(/[А-я]/g, "x"), "utf-16le"), "utf-16le"],
    ["windows-1251 (Russian Excel)", iconv.encode(TEXT, "windows-1251"), "windows-1251"],
  ])("%s is detected and read, quotes and line breaks kept", async (name, bytes, encoding) => {
    const path = join(dir, `${name}.csv`);
    writeFileSync(path, bytes);
    const { info, records } = await readAll(path);
    expect(info).toMatchObject({ encoding, delimiter: ";", size: bytes.length });
    const expected = name.includes("without")
      ? RECORDS.map((r) => r.map((c) => c.replace(/[А-я]/g, "x")))
      : RECORDS;
    expect(records).toEqual(expected);
  });

  test("a given encoding wins; an unknown one is refused", async () => {
    const path = join(dir, "given.csv");
    writeFileSync(path, iconv.encode("a,b\r\nя,ё\r\n", "koi8-r"));
    expect((await readAll(path, { encoding: "KOI8-R" })).records[1]).toEqual(["я", "ё"]);
    expect(canonicalEncoding("CP1251")).toBe("windows-1251");
    expect(canonicalEncoding("UTF8")).toBe("utf-8");
    expect(() => canonicalEncoding("klingon")).toThrow(/unknown encoding/);
    try {
      canonicalEncoding("klingon");
    } catch (e) {
      expect(isAppError(e, "import.bad_encoding")).toBe(true);
    }
  });

  test("a head cut inside a UTF-8 character is still UTF-8", () => {
    const bytes = Buffer.from("abc,дом");
    expect(detectEncoding(bytes.subarray(0, bytes.length - 1), true)).toBe("utf-8");
    expect(detectEncoding(bytes.subarray(0, bytes.length - 1), false)).toBe("windows-1251");
  });
});

describe("delimiters", () => {
  test.each([
    ["a,b,c\n1,2,3\n", ","],
    ["a;b;c\n1;2,5;3\n", ";"],
    ["a\tb\tc\n1\t2\t3\n", "\t"],
    ['name,notes\n"Smith; John","a; b; c"\nAnn,"x;y"\n', ","],
    ['a;"b,c";d\n1;"2,3";4\n', ";"],
  ])("%j → %j", (text, delimiter) => {
    expect(sniffDelimiter(text, "x.csv")).toBe(delimiter);
  });

  test("a single column falls back to the extension", () => {
    expect(sniffDelimiter("email\na@x.test\n", "x.tsv")).toBe("\t");
    expect(sniffDelimiter("email\na@x.test\n", "x.csv")).toBe(",");
  });

  test("ragged rows and stray quotes are read as they are", async () => {
    const path = join(dir, "ragged.tsv");
    writeFileSync(path, 'a\tb\tc\n1\n1\t2\t3\t4\n5 "inch"\tx\n');
    const { records } = await readAll(path);
    expect(records).toEqual([["a", "b", "c"], ["1"], ["1", "2", "3", "4"], ['5 "inch"', "x"]]);
  });
});
