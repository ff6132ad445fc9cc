import { closeSync, existsSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { EXPORT_ENCODINGS, type ExportEncoding, encoderFor } from "../../app/export/encoding.js";
import { type ExportFilter, exportLeads } from "../../app/export/export-leads.js";
import {
  type CsvLayout,
  csvHeader,
  csvRow,
  EXPORT_FORMATS,
  type ExportFormat,
  jsonlRow,
} from "../../app/export/format.js";
import { siblingTempPath } from "../../store/backup.js";
import type { CliContext } from "../context.js";
import { withApp } from "../database.js";
import { resolveLocale, UsageError } from "../io.js";
import { dbOption, localeOption, type RegisterCommand } from "../options.js";

export interface ExportFlags {
  readonly db?: string;
  readonly format?: string;
  readonly delimiter?: string;
  readonly encoding?: string;
  readonly excelRu?: boolean;
  readonly locale?: string;
  readonly out?: string;
  readonly grade?: string;
  readonly stage?: string;
  readonly source?: string;
  readonly campaign?: string;
  readonly owner?: string;
  readonly sla?: string;
  readonly search?: string;
}

const DELIMITERS: Readonly<Record<string, CsvLayout["delimiter"]>> = {
  ",": ",",
  ";": ";",
  tab: "\t",
  "\\t": "\t",
};

/**
 * `truce export`: leads to CSV or JSON Lines, streamed a batch at a time. To a file, the export is
 * written beside it and renamed when complete, so a failed export never leaves half a file; to
 * standard output (`--out -`, the default) bytes go straight out, whatever the encoding.
 */
export async function runExport(ctx: CliContext, flags: ExportFlags): Promise<number> {
  const format = oneOf("--format", flags.format ?? "csv", EXPORT_FORMATS) as ExportFormat;
  const delimiterFlag = flags.delimiter ?? (flags.excelRu ? ";" : ",");
  const delimiter = DELIMITERS[delimiterFlag];
  if (delimiter === undefined)
    throw new UsageError(`--delimiter: expected , ; or tab, got "${delimiterFlag}"`);
  const encoding = oneOf(
    "--encoding",
    flags.encoding ?? (flags.excelRu ? "windows-1251" : "utf-8"),
    EXPORT_ENCODINGS,
  ) as ExportEncoding;
  if (format === "jsonl" && (flags.delimiter !== undefined || flags.excelRu || encoding !== "utf-8"))
    throw new UsageError(
      "--delimiter, --encoding and --excel-ru apply to CSV only: JSON Lines is always UTF-8",
    );
  const locale = resolveLocale(flags.locale, ctx.config);
  const layout: CsvLayout = {
    delimiter,
    neutralizeFormulas: true,
    explanationLocales: locale === "ru" ? ["en", "ru"] : ["en"],
    decimalComma: flags.excelRu === true,
  };
  const given = {
    grade: flags.grade,
    stage: flags.stage,
    source: flags.source,
    campaign: flags.campaign,
    owner: flags.owner,
    sla: flags.sla,
    q: flags.search,
  };
  // Checked by the app against the API's list schema: a bad stage or SLA state exits 2 from there.
  const filter = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) as ExportFilter;
  const out = flags.out ?? "-";
  if (out !== "-" && !existsSync(dirname(resolve(out))))
    throw new UsageError(`--out: the folder ${dirname(out)} does not exist`);

  return withApp(ctx, flags, async (deps) => {
    const { facts, leads } = await exportLeads(deps, filter);
    const encoder = encoderFor(encoding);
    const sink = out === "-" ? stdoutSink() : fileSink(out);
    let count = 0;
    try {
      await sink.write(encoder.preamble);
      if (format === "csv") await sink.write(encoder.encode(csvHeader(facts, layout)));
      // Records are gathered into chunks of about 64 KiB: one write per chunk, not per lead.
      let chunk = "";
      for await (const lead of leads) {
        chunk += format === "csv" ? csvRow(lead, facts, layout) : jsonlRow(lead);
        count++;
        if (chunk.length >= 65_536) {
          await sink.write(encoder.encode(chunk));
          chunk = "";
        }
      }
      await sink.write(encoder.encode(chunk));
      await sink.finish();
    } catch (e) {
      sink.abandon();
      throw e;
    }
    if (out !== "-") {
      const sep = delimiter === "\t" ? "tab" : `"${delimiter}"`;
      const how = format === "csv" ? `CSV, ${sep}, ${encoding}` : "JSON Lines";
      ctx.out(
        locale === "ru"
          ? `Выгружено лидов: ${count} в ${out} (${how}).\n`
          : `Exported ${count} lead${count === 1 ? "" : "s"} to ${out} (${how}).\n`,
      );
    }
    return 0;
  });
}

function oneOf(flag: string, value: string, allowed: readonly string[]): string {
  if (!allowed.includes(value))
    throw new UsageError(`${flag}: expected ${allowed.join(" or ")}, got "${value}"`);
  return value;
}

interface Sink {
  write(bytes: Buffer): Promise<void>;
  finish(): Promise<void>;
  abandon(): void;
}

/** Standard output, with back-pressure: waits for 'drain' when the reader is slower. */
function stdoutSink(): Sink {
  const write = (bytes: Buffer) =>
    new Promise<void>((done) => {
      if (bytes.length === 0 || process.stdout.write(bytes)) done();
      else process.stdout.once("drain", done);
    });
  return { write, finish: async () => {}, abandon: () => {} };
}

/** A temporary file beside the target, renamed over it once complete. */
function fileSink(path: string): Sink {
  const temp = siblingTempPath(path, "export");
  const fd = openSync(temp, "w");
  let open = true;
  const close = () => {
    if (open) closeSync(fd);
    open = false;
  };
  return {
    write: async (bytes) => {
      for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off);
    },
    finish: async () => {
      close();
      renameSync(temp, path);
    },
    abandon: () => {
      close();
      rmSync(temp, { force: true });
    },
  };
}

export const registerExport: RegisterCommand = (program, ctx, exit) => {
  program
    .command("export")
    .description(
      "export leads with identity, facts, grade, explanation, stage and outcome to CSV or JSON Lines",
    )
    .option("--format <format>", "csv or jsonl", "csv")
    .option("--delimiter <delimiter>", "CSV field separator: , ; or tab (default: ,)")
    .option("--encoding <encoding>", "CSV encoding: utf-8, utf-8-bom or windows-1251 (default: utf-8)")
    .option("--excel-ru", "for a Russian Excel: ; as separator, windows-1251, decimal comma")
    .option("--grade <grade>", "only leads with this grade")
    .option("--stage <stage>", "only leads in this stage (captured, nurturing, handed_off, …)")
    .option("--source <source>", "only leads from this source")
    .option("--campaign <campaign>", "only leads from this campaign")
    .option("--owner <id>", "only leads owned by this user id")
    .option("--sla <state>", "only hand-offs whose service level is running, breached, met or none")
    .option("--search <text>", "only leads whose name, e-mail, company or phone contains this")
    .option("--out <file>", "write to this file instead of standard output (-)", "-")
    .addOption(dbOption())
    .addOption(localeOption())
    .addHelpText(
      "after",
      `
One row per lead, newest first: id, identity, source, campaign, UTM, owner, stage, grade, the
definition version, one column per fact of the active definition (empty = unknown), the first line
of the grade's explanation (also in Russian with --locale ru), outcome, and times (UTC). Erased
leads are exported without identity. Text cells that start with = + - @ get a leading ' so a
spreadsheet does not run them as formulas.

Examples:
  truce export --out leads.csv
  truce export --excel-ru --locale ru --out leads.csv       # opens in a Russian Excel
  truce export --format jsonl --grade hot --source webinar > hot.jsonl
  truce export --stage handed_off --sla breached --delimiter tab

Exit code 0: exported; 1: nothing to export from (no active definition); 2: bad call.`,
    )
    .action(async (opts: ExportFlags) => {
      exit(await runExport(ctx, opts));
    });
};
