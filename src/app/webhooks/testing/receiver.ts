import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  /** The raw body, as signed. */
  readonly body: string;
}

/**
 * Test-only: a real HTTP receiver on 127.0.0.1 (a free port). It records every request and
 * answers with `status` (a number, or a function of the request's number, from 1), optionally
 * only after `hold(n)` resolves (to keep a delivery in flight).
 */
export async function startReceiver(
  options: { status?: number | ((n: number) => number); hold?: (n: number) => Promise<void> } = {},
) {
  const received: ReceivedRequest[] = [];
  let status = options.status ?? 200;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const body = Buffer.concat(chunks).toString("utf8");
      received.push({ method: req.method ?? "", path: req.url ?? "", headers: req.headers, body });
      const n = received.length;
      if (options.hold) await options.hold(n);
      res.statusCode = typeof status === "function" ? status(n) : status;
      res.end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    setStatus: (s: number | ((n: number) => number)) => {
      status = s;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
