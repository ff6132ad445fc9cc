import { isNode, LineCounter, parseDocument } from "yaml";
import type { z } from "zod";
import type { Finding } from "../lint/finding.js";
import type { Path } from "./model.js";
import { definitionSchema, type RawDefinition } from "./schema.js";

/** A place in a definition file, 1-based. */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

/** Finds where a path of the parsed document was written. */
export type Locator = (path: Path) => SourcePosition | undefined;

export interface SourceProblem {
  readonly code: "definition.syntax" | "definition.schema";
  readonly path: Path;
  readonly line?: number | undefined;
  readonly column?: number | undefined;
  readonly message: string;
}

export type ParseResult =
  | { readonly ok: true; readonly raw: RawDefinition; readonly locate: Locator }
  | { readonly ok: false; readonly problems: readonly SourceProblem[] };

/**
 * Parses a definition from YAML or JSON text (JSON is read as YAML, so both get line numbers)
 * and checks it against the schema. Every problem is reported, each with its path and line.
 */
export function parseDefinitionText(text: string): ParseResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, version: "1.2" });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        return {
          code: "definition.syntax",
          path: [],
          line: pos.line,
          column: pos.col,
          message: e.message.split("\n")[0] ?? e.message,
        };
      }),
    };
  }
  const locate: Locator = (path) => {
    // Walk up to the nearest ancestor that exists: a missing key is reported where its object is.
    for (let n = path.length; n >= 0; n--) {
      const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
      if (isNode(node) && node.range) {
        const pos = lineCounter.linePos(node.range[0]);
        return { line: pos.line, column: pos.col };
      }
    }
    return undefined;
  };
  const result = definitionSchema.safeParse(doc.toJS());
  if (!result.success) {
    return { ok: false, problems: result.error.issues.map((issue) => toProblem(issue, locate)) };
  }
  return { ok: true, raw: result.data, locate };
}

function toProblem(issue: z.core.$ZodIssue, locate: Locator): SourceProblem {
  const path = issue.path.filter((p): p is string | number => typeof p !== "symbol");
  const pos = locate(path);
  let message = issue.message;
  if (issue.code === "unrecognized_keys")
    message = `unknown field${issue.keys.length > 1 ? "s" : ""}: ${issue.keys.join(", ")}`;
  else if (issue.code === "invalid_union" && path.at(-1) === "type")
    message = "expected one of: boolean, enum, number, date, text";
  return { code: "definition.schema", path, line: pos?.line, column: pos?.column, message };
}

/** Formats a path as `grades[0].when.all[1]`. */
export function formatPath(path: Path): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : out === "" ? p : `.${p}`;
  return out === "" ? "(top)" : out;
}

/** A parse problem as a checker finding (an error, at its line). */
export function problemToFinding(p: SourceProblem): Finding {
  return {
    code: p.code,
    severity: "error",
    path: p.path,
    line: p.line,
    column: p.column,
    message: { en: p.message },
  };
}

/** Adds the line and column each finding's path points at, where the path was written. */
export function locateFindings(findings: readonly Finding[], locate: Locator): Finding[] {
  return findings.map((f) => {
    const pos = f.path ? locate(f.path) : undefined;
    return pos ? { ...f, line: pos.line, column: pos.column } : f;
  });
}
