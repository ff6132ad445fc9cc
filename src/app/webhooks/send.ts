import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { guardedLookup, refusedHost, type TargetPolicy } from "./target.js";

/** What one POST came to: an HTTP status, or an error before any status (network, timeout, refused). */
export type SendResult = { readonly statusCode: number } | { readonly error: string };

export interface SendOptions extends TargetPolicy {
  /** The whole exchange, connect to last byte of the answer. Default 10 s. */
  readonly timeoutMs?: number;
}

export const SEND_TIMEOUT_MS = 10_000;
/** Answers are read and thrown away; a receiver streaming more than this is cut off (as failed). */
const MAX_ANSWER_BYTES = 64 * 1024;

/**
 * POSTs a JSON body with node:http(s) (not fetch: the socket's DNS lookup must be ours to refuse
 * private addresses at connect time). Redirects are not followed: a 3xx counts as a failure, so a
 * receiver cannot bounce a signed request to another host.
 */
export function postJson(
  url: string,
  body: string,
  headers: Readonly<Record<string, string>>,
  options: SendOptions = {},
): Promise<SendResult> {
  const target = new URL(url);
  const refused = options.allowPrivateTargets ? null : refusedHost(target);
  if (refused) return Promise.resolve({ error: `refused: ${refused}` });
  const timeoutMs = options.timeoutMs ?? SEND_TIMEOUT_MS;
  const request = target.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise<SendResult>((resolve) => {
    let settled = false;
    const done = (r: SendResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    const req = request(
      target,
      {
        method: "POST",
        headers: {
          ...headers,
          "content-type": "application/json",
          "content-length": String(Buffer.byteLength(body)),
          "user-agent": "Truce-Webhooks/1",
        },
        ...(options.allowPrivateTargets ? {} : { lookup: guardedLookup }),
      },
      (res) => {
        let bytes = 0;
        res.on("data", (chunk: Buffer) => {
          bytes += chunk.length;
          if (bytes > MAX_ANSWER_BYTES) req.destroy(new Error("answer too large"));
        });
        res.on("end", () => done({ statusCode: res.statusCode ?? 0 }));
        res.on("error", (e) => done({ error: e.message }));
      },
    );
    const timer = setTimeout(
      () => req.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)),
      timeoutMs,
    );
    req.on("error", (e) => done({ error: e.message || (e as NodeJS.ErrnoException).code || "error" }));
    req.end(body);
  });
}
