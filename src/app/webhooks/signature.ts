import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Webhook signatures, as receivers check them. Each request carries
 *   Truce-Timestamp: <unix seconds>
 *   Truce-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" keyed with the secret>
 * The timestamp is inside the signed text, so a captured request cannot be replayed later with
 * a fresh timestamp; receivers refuse timestamps too far from their clock (5 minutes here).
 * More than one v1 may appear (a future secret rotation): any one matching is enough.
 */
export const SIGNATURE_TOLERANCE_S = 300;

export function signBody(secret: string, timestamp: number, body: string): string {
  return createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
}

/** The Truce-Signature header value for a body sent at `timestamp` (unix seconds). */
export function signatureHeader(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${signBody(secret, timestamp, body)}`;
}

/**
 * Checks a Truce-Signature header against the raw body (the bytes as received, before any JSON
 * parsing) and the receiver's clock: what a receiver does, and what the tests do.
 */
export function verifySignature(
  secret: string,
  header: string | undefined,
  body: string,
  nowSeconds: number,
  toleranceS = SIGNATURE_TOLERANCE_S,
): boolean {
  if (!header) return false;
  const parts = header.split(",").map((p) => p.trim().split("=", 2) as [string, string | undefined]);
  const t = Number(parts.find(([k]) => k === "t")?.[1]);
  if (!Number.isInteger(t) || Math.abs(nowSeconds - t) > toleranceS) return false;
  const expected = Buffer.from(signBody(secret, t, body), "hex");
  return parts.some(([k, v]) => {
    if (k !== "v1" || !v || !/^[0-9a-f]{64}$/.test(v)) return false;
    return timingSafeEqual(Buffer.from(v, "hex"), expected);
  });
}
