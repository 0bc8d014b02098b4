import { describe, expect, it } from "vitest";
import { failureText, retryAfterMs, verdict } from "./answer.js";

const answer = (status: number, headers: Record<string, string> = {}) => ({
  status,
  statusText: "",
  headers,
  text: "",
});

describe("verdict", () => {
  it("delivers on 2xx, retries 5xx and 429, refuses other 4xx and 3xx for good", () => {
    for (const status of [200, 201, 202, 204]) expect(verdict(answer(status)).kind).toBe("ok");
    for (const status of [500, 502, 503, 504, 429]) expect(verdict(answer(status)).kind).toBe("retry");
    for (const status of [400, 401, 403, 404, 408, 409, 413, 422])
      expect(verdict(answer(status)).kind).toBe("refused");
    expect(verdict(answer(301))).toEqual({ kind: "refused", reason: "301 (redirects are not followed)" });
  });

  it("takes Retry-After on 429 and 503", () => {
    expect(verdict(answer(429, { "retry-after": "2" }))).toEqual({
      kind: "retry",
      reason: "429",
      retryAfterMs: 2000,
    });
    expect(verdict(answer(503))).toEqual({ kind: "retry", reason: "503", retryAfterMs: undefined });
  });
});

describe("retryAfterMs", () => {
  it("reads delay-seconds and HTTP-dates, and ignores anything else", () => {
    const now = Date.parse("2026-12-02T04:00:00Z");
    expect(retryAfterMs("120", now)).toBe(120_000);
    expect(retryAfterMs(" 0 ", now)).toBe(0);
    expect(retryAfterMs("Wed, 02 Dec 2026 04:00:30 GMT", now)).toBe(30_000);
    expect(retryAfterMs("Wed, 02 Dec 2026 03:00:00 GMT", now)).toBe(0);
    expect(retryAfterMs("soon", now)).toBeUndefined();
    expect(retryAfterMs("-5", now)).toBeUndefined();
    expect(retryAfterMs(undefined, now)).toBeUndefined();
  });
});

describe("failureText", () => {
  it("names each attempt of a connection to a host of several addresses", () => {
    const refused = (address: string) =>
      Object.assign(new Error(`connect ECONNREFUSED ${address}`), { code: "ECONNREFUSED" });
    const error = Object.assign(new AggregateError([refused("::1:8080"), refused("127.0.0.1:8080")], ""), {
      code: "ECONNREFUSED",
    });
    expect(failureText(error)).toBe("connect ECONNREFUSED ::1:8080; connect ECONNREFUSED 127.0.0.1:8080");
    expect(failureText(Object.assign(new Error(""), { code: "ECONNRESET" }))).toBe("ECONNRESET");
    expect(failureText(new Error("socket hang up"))).toBe("socket hang up");
  });
});
