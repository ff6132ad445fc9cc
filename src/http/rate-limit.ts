import type { FastifyInstance, FastifyRequest } from "fastify";
import { AppError } from "../core/index.js";

/**
 * Several per-minute limits on one route (@fastify/rate-limit runs one limiter per route), checked
 * in order, each under its own key (`null`: not counted); the first exceeded one refuses.
 * Resolves to the seconds to wait, or null when the request may go on.
 */
export function perMinute(
  app: FastifyInstance,
  limits: readonly { max: number; key?: (req: FastifyRequest) => string | null }[],
): (req: FastifyRequest) => Promise<number | null> {
  const checks = limits.map((l) => ({
    key: l.key,
    // Without a key generator the plugin's own keys by client address, IPv6 grouped by /64.
    check: app.createRateLimit({
      max: l.max,
      timeWindow: 60_000,
      ...(l.key ? { keyGenerator: (req: FastifyRequest) => l.key?.(req) ?? "" } : {}),
    }),
  }));
  return async (req) => {
    for (const { key, check } of checks) {
      if (key && key(req) === null) continue;
      const r = await check(req);
      // A request refused by one limit is not served, so it does not count against the next ones.
      if (!r.isAllowed && r.isExceeded) return r.ttlInSeconds;
    }
    return null;
  };
}

export function rateLimited(retryAfter: number): AppError {
  return new AppError(
    "rate_limited",
    { en: "too many requests: slow down and retry later", ru: "слишком много запросов: повторите позже" },
    { retryAfter },
  );
}
