import iconv from "iconv-lite";
import { describe, expect, test } from "vitest";
import { type CsvOptions, csvField, csvRecord } from "./csv.js";
import { encoderFor } from "./encoding.js";
import { parseCsv } from "./testing/csv-reader.js";

const comma: CsvOptions = { delimiter: ",", neutralizeFormulas: true };
const semicolon: CsvOptions = { delimiter: ";", neutralizeFormulas: true };
const tab: CsvOptions = { delimiter: "\t", neutralizeFormulas: false };

describe("CSV fields", () => {
  test.each([
    ["plain", comma, "plain"],
    ["", comma, ""],
    ["a,b", comma, '"a,b"'],
    ["a,b", semicolon, "a,b"],
    ["a;b", semicolon, '"a;b"'],
    ["a\tb", tab, '"a\tb"'],
    ['say "hi"', comma, '"say ""hi"""'],
    ["two\nlines", comma, '"two\nlines"'],
    ["cr\rhere", comma, '"cr\rhere"'],
    [" padded ", comma, '" padded "'],
    ["Иван Петров", semicolon, "Иван Петров"],
  ])("%j with %j → %j", (value, options, expected) => {
    expect(csvField(value, options)).toBe(expected);
  });

  test.each([
    ['=HYPERLINK("x")', '"\'=HYPERLINK(""x"")"'],
    ["+7 (999) 123-45-67", "'+7 (999) 123-45-67"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["-1+2", "'-1+2"],
    ["-12.5", "-12.5"],
    ["+15", "+15"],
  ])("a formula-looking cell %j is neutralised → %j (numbers are not)", (value, expected) => {
    expect(csvField(value, comma)).toBe(expected);
  });

  test("a record ends with CRLF and round-trips through a strict parser", () => {
    const values = ["1", 'Olga "Ola", Ivanova', "line\nbreak", "", "x;y"];
    const line = csvRecord(values, comma);
    expect(line.endsWith("\r\n")).toBe(true);
    expect(parseCsv(line, ",")).toEqual([values]);
  });
});

describe("encodings", () => {
  const text = "Иван Петров; ООО «Ромашка» — 12 500,50 руб.\r\n";

  test("utf-8 has no byte-order mark, utf-8-bom has one", () => {
    expect(encoderFor("utf-8").preamble.length).toBe(0);
    expect([...encoderFor("utf-8-bom").preamble]).toEqual([0xef, 0xbb, 0xbf]);
    expect(encoderFor("utf-8-bom").encode(text).toString("utf8")).toBe(text);
  });

  test("windows-1251 is one byte per Cyrillic letter and decodes back", () => {
    const bytes = encoderFor("windows-1251").encode(text);
    expect(bytes.length).toBe(text.length);
    expect(bytes[0]).toBe(0xc8); // И
    expect(iconv.decode(bytes, "win1251")).toBe(text);
  });

  test("characters outside windows-1251 become ?", () => {
    expect(iconv.decode(encoderFor("windows-1251").encode("ok 🙂 中"), "win1251")).toBe("ok ? ?");
  });
});
