import { lookup } from "node:dns";
import { BlockList, isIP, type LookupFunction } from "node:net";

/**
 * Where webhooks may point. In production a webhook must not reach the server's own network
 * (loopback, private ranges, link-local cloud metadata at 169.254.169.254…): an admin's URL would
 * otherwise make Truce probe internal services. Tests and on-premise set-ups whose receivers live
 * on an internal network turn the check off (`allowPrivateTargets`; `TRUCE_WEBHOOKS_ALLOW_PRIVATE=1`).
 *
 * The check runs twice: on the URL when a webhook is created (literal addresses and localhost),
 * and in the socket's DNS lookup at every delivery, so a name that resolves to a public address
 * when created and to an internal one later (DNS rebinding) is refused at connect time. Node's
 * BlockList does the range matching (IPv4-mapped IPv6 included); the lookup hook is a few lines,
 * not worth a dependency.
 */
export interface TargetPolicy {
  readonly allowPrivateTargets?: boolean | undefined;
}

const PRIVATE = new BlockList();
for (const [net, bits] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 3],
] as const)
  PRIVATE.addSubnet(net, bits, "ipv4");
for (const [net, bits] of [
  ["::", 127],
  ["64:ff9b::", 96],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const)
  PRIVATE.addSubnet(net, bits, "ipv6");

/** True for loopback, private, link-local, carrier-grade NAT, multicast and reserved addresses. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  return PRIVATE.check(address, family === 4 ? "ipv4" : "ipv6");
}

/** Why this URL's host may not be targeted, judged without DNS; null when it may (so far). */
export function refusedHost(url: URL): string | null {
  const host = url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (host === "localhost" || host.endsWith(".localhost")) return `${host} is this machine`;
  if (isIP(host) !== 0 && isPrivateAddress(host)) return `${host} is a private or loopback address`;
  return null;
}

export class TargetRefusedError extends Error {
  override readonly name = "TargetRefusedError";
}

/**
 * A `lookup` for node:http(s) requests that resolves as usual, then refuses private addresses.
 * Node asks for one address or, when it races IPv4 and IPv6 (autoSelectFamily), for all.
 */
export const guardedLookup: LookupFunction = (hostname, options, callback) => {
  lookup(hostname, { ...options, all: true }, (err, found) => {
    if (err) return callback(err, []);
    const bad = found.find((a) => isPrivateAddress(a.address));
    if (bad)
      return callback(
        new TargetRefusedError(`${hostname} resolves to ${bad.address}: a private address`),
        [],
      );
    const first = found[0];
    if (!first) return callback(new TargetRefusedError(`${hostname} resolves to no address`), []);
    if (options.all) callback(null, found);
    else callback(null, first.address, first.family);
  });
};
