import { createHash } from "node:crypto";
import type { DateOrder, ImportMapping } from "../../contracts/import-mapping.js";

/** What `runImport` is asked to do. */
export interface ImportOptions {
  readonly path: string;
  readonly mapping?: ImportMapping | undefined;
  /** hubspot | salesforce */
  readonly preset?: string | undefined;
  readonly encoding?: string | undefined;
  readonly delimiter?: string | undefined;
  readonly dates?: DateOrder | undefined;
  readonly decimal?: "." | "," | undefined;
  /** Source and campaign for rows whose own columns leave them empty. */
  readonly source?: string | undefined;
  readonly campaign?: string | undefined;
  /** Who imports: the recorder of the facts and the actor of the events. */
  readonly actor: string;
  /** Rows per transaction (default 2000). */
  readonly batchSize?: number | undefined;
  /** Validate and count without writing. */
  readonly dryRun?: boolean | undefined;
  /** Any bad row: import nothing. */
  readonly strict?: boolean | undefined;
  /** Where the rejects file goes; none is written without it. */
  readonly rejectsPath?: string | undefined;
  readonly onProgress?: ((p: ImportProgress) => void) | undefined;
  /** Lead ids; default: time-ordered (see ids.ts). */
  readonly newLeadId?: (() => string) | undefined;
}

export interface ImportProgress {
  /** Data rows read so far (the header is not one). */
  readonly rows: number;
  readonly bytes: number;
  readonly totalBytes: number;
  readonly created: number;
  readonly merged: number;
  readonly rejected: number;
}

export const DEFAULT_BATCH_SIZE = 2000;
export const MAX_BATCH_SIZE = 10_000;

/**
 * The hash of everything that changes what the rows become: the same file imported with the same
 * options is the same import (a rerun resumes or reports it); different options make a new one.
 * Batch size, strictness and who runs it do not change what is written, so they are left out.
 */
export function optionsHash(o: ImportOptions, effective: { encoding: string; delimiter: string }): string {
  const relevant = {
    mapping: o.mapping ?? null,
    preset: o.preset ?? null,
    encoding: effective.encoding,
    delimiter: effective.delimiter,
    dates: o.dates ?? null,
    decimal: o.decimal ?? null,
    source: o.source ?? null,
    campaign: o.campaign ?? null,
  };
  return createHash("sha256").update(JSON.stringify(relevant)).digest("hex");
}

/** The options as stored with the import, for people reading the record later. */
export function storedOptions(o: ImportOptions, effective: { encoding: string; delimiter: string }): string {
  return JSON.stringify({
    preset: o.preset,
    encoding: effective.encoding,
    delimiter: effective.delimiter,
    dates: o.dates,
    decimal: o.decimal,
    source: o.source,
    campaign: o.campaign,
    mapping: o.mapping,
  });
}
