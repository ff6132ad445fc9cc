/**
 * The web app's initial JavaScript: the entry chunk of the build (dist/web/.vite/manifest.json)
 * and every chunk it imports statically, transitively — what a browser must load before the first
 * screen. Lazy routes (dynamic imports) are not counted. Sizes as served compressed (gzip, level 9).
 * Used by `npm run bench:web` and by test/browser/bundle-size.test.ts (budget: 300 KB gzipped).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

interface ManifestChunk {
  readonly file: string;
  readonly isEntry?: boolean;
  readonly imports?: readonly string[];
  readonly css?: readonly string[];
}

export interface InitialJs {
  /** The chunks loaded before the first screen, entry first. */
  readonly files: readonly string[];
  readonly bytes: number;
  readonly gzipBytes: number;
  /** The entry's CSS, gzipped (not JavaScript: reported beside it). */
  readonly cssGzipBytes: number;
}

export const INITIAL_JS_BUDGET_GZIP = 300 * 1024;

export function initialJs(webRoot: string): InitialJs {
  const manifest = JSON.parse(readFileSync(join(webRoot, ".vite", "manifest.json"), "utf8")) as Record<
    string,
    ManifestChunk
  >;
  const entries = Object.keys(manifest).filter((k) => manifest[k]?.isEntry);
  if (entries.length === 0) throw new Error(`no entry chunk in ${webRoot}/.vite/manifest.json`);
  const seen = new Set<string>();
  const files: string[] = [];
  const css = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    const chunk = manifest[key];
    if (!chunk) throw new Error(`the manifest names a chunk it does not list: ${key}`);
    files.push(chunk.file);
    for (const c of chunk.css ?? []) css.add(c);
    for (const i of chunk.imports ?? []) visit(i);
  };
  for (const e of entries) visit(e);
  let bytes = 0;
  let gzipBytes = 0;
  for (const f of files) {
    const content = readFileSync(join(webRoot, f));
    bytes += content.length;
    gzipBytes += gzipSync(content, { level: 9 }).length;
  }
  let cssGzipBytes = 0;
  for (const f of css) cssGzipBytes += gzipSync(readFileSync(join(webRoot, f)), { level: 9 }).length;
  return { files, bytes, gzipBytes, cssGzipBytes };
}
