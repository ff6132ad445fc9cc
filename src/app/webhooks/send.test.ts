import { afterEach, describe, expect, test } from "vitest";
import { postJson } from "./send.js";
import { signatureHeader, verifySignature } from "./signature.js";
import { guardedLookup, isPrivateAddress, refusedHost, TargetRefusedError } from "./target.js";
import { startReceiver } from "./testing/receiver.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

describe("webhook targets", () => {
  test("private, loopback, link-local and reserved addresses are recognised; public ones are not", () => {
    for (const a of ["127.0.0.1", "10.1.2.3", "172.20.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1"])
      expect(isPrivateAddress(a), a).toBe(true);
    for (const a of [
      "0.0.0.0",
      "224.0.0.1",
      "255.255.255.255",
      "::1",
      "::",
      "fd00::1",
      "fe80::1",
      "::ffff:127.0.0.1",
    ])
      expect(isPrivateAddress(a), a).toBe(true);
    for (const a of ["93.184.216.34", "8.8.8.8", "172.32.0.1", "2606:4700::1111", "not an ip"])
      expect(isPrivateAddress(a), a).toBe(false);
  });

  test("URLs naming this machine or a private address are refused without DNS; names pass to delivery", () => {
    expect(refusedHost(new URL("http://localhost:8080/x"))).toMatch(/this machine/);
    expect(refusedHost(new URL("http://api.localhost/x"))).toMatch(/this machine/);
    expect(refusedHost(new URL("http://10.0.0.5/x"))).toMatch(/private/);
    expect(refusedHost(new URL("http://[::1]:3000/x"))).toMatch(/private/);
    expect(refusedHost(new URL("https://hooks.example.com/x"))).toBeNull();
    expect(refusedHost(new URL("https://93.184.216.34/x"))).toBeNull();
  });

  test("the socket's lookup refuses a name that resolves to a private address", async () => {
    const err = await new Promise<unknown>((resolve) =>
      guardedLookup("localhost", { all: true }, (e) => resolve(e)),
    );
    expect(err).toBeInstanceOf(TargetRefusedError);
  });
});

describe("sending", () => {
  test("a private target is refused before any request unless allowed", async () => {
    const receiver = await startReceiver();
    cleanups.push(receiver.close);
    expect(await postJson(receiver.url, "{}", {})).toEqual({ error: expect.stringMatching(/^refused: /) });
    expect(receiver.received).toHaveLength(0);
    expect(await postJson(receiver.url, "{}", {}, { allowPrivateTargets: true })).toEqual({
      statusCode: 200,
    });
    expect(receiver.received).toHaveLength(1);
  });

  test("no answer within the timeout, or nobody listening, is an error, not a status", async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const receiver = await startReceiver({ hold: () => gate });
    cleanups.push(async () => {
      release();
      await receiver.close();
    });
    const slow = await postJson(receiver.url, "{}", {}, { allowPrivateTargets: true, timeoutMs: 100 });
    expect(slow).toEqual({ error: "no answer within 0.1 s" });
    const closed = await startReceiver();
    await closed.close();
    const refused = await postJson(closed.url, "{}", {}, { allowPrivateTargets: true });
    expect(refused).toEqual({ error: expect.stringMatching(/ECONNREFUSED/) });
  });
});

describe("signatures", () => {
  test("verify accepts the signed body only, within the time tolerance, with any listed v1", () => {
    const header = signatureHeader("s3cret", 1_800_000_000, '{"a":1}');
    expect(verifySignature("s3cret", header, '{"a":1}', 1_800_000_100)).toBe(true);
    expect(verifySignature("s3cret", header, '{"a":2}', 1_800_000_100)).toBe(false);
    expect(verifySignature("other", header, '{"a":1}', 1_800_000_100)).toBe(false);
    expect(verifySignature("s3cret", header, '{"a":1}', 1_800_000_301)).toBe(false);
    expect(verifySignature("s3cret", `${header.replace("v1=", "v1=00,v1=")}`, '{"a":1}', 1_800_000_000)).toBe(
      true,
    );
    expect(verifySignature("s3cret", undefined, "{}", 0)).toBe(false);
    expect(verifySignature("s3cret", "t=x,v1=zz", "{}", 0)).toBe(false);
  });
});
