import { describeProps, parseProps, SinkConfigError } from "@exhook/core/sink";
import { describe, expect, it } from "vitest";
import { httpSinkProps, shownUrl } from "./props.js";

function problems(input: unknown): { property: string; reason: string }[] {
  try {
    parseProps(httpSinkProps, input);
  } catch (error) {
    if (error instanceof SinkConfigError)
      return error.problems.map(({ property, reason }) => ({ property, reason }));
    throw error;
  }
  return [];
}

describe("httpSinkProps", () => {
  it("needs only a url, and fills in the rest", () => {
    expect(parseProps(httpSinkProps, { url: "http://127.0.0.1:8080/hook" })).toEqual({
      url: "http://127.0.0.1:8080/hook",
      method: "POST",
      headers: {},
      body: "record",
      signatureHeader: "X-Exhook-Signature",
      timestampHeader: "X-Exhook-Timestamp",
      idempotencyHeader: "Idempotency-Key",
      timeoutMs: 15_000,
      maxSockets: 8,
      idleTimeoutMs: 4000,
      rejectUnauthorized: true,
    });
  });

  it("takes numbers and booleans spelled as strings (from ${ENV})", () => {
    const props = parseProps(httpSinkProps, {
      url: "https://hooks.example.com/x",
      timeoutMs: "2000",
      maxSockets: "2",
      rejectUnauthorized: "false",
    });
    expect(props).toMatchObject({ timeoutMs: 2000, maxSockets: 2, rejectUnauthorized: false });
  });

  it("reports every problem with its property", () => {
    expect(
      problems({
        url: "ftp://example.com/x",
        method: "GET",
        body: "lines",
        payload: "${hook",
        headers: { Authorization: "Bearer a\r\nX-Injected: 1" },
        timeoutMs: 10,
      }),
    ).toEqual([
      { property: "url", reason: "must be an http:// or https:// URL" },
      { property: "method", reason: 'must be "POST" or "PUT"' },
      { property: "headers.Authorization", reason: "cannot contain a line break or NUL" },
      { property: "body", reason: 'must be "record" or "array"' },
      { property: "payload", reason: "is not a valid template: '${' is not closed by '}'" },
      { property: "timeoutMs", reason: "must be at least 100" },
    ]);
    // Rules across fields, once each field is right.
    expect(problems({ url: "http://h/x", headers: { "Bad Name": "x" } })).toEqual([
      { property: "headers.Bad Name", reason: "must be an HTTP header name (letters, digits, -, _ …)" },
    ]);
    expect(problems({ url: "http://h/x", cert: "client.pem" })).toEqual([
      { property: "key", reason: "is required when cert or key is given" },
    ]);
  });

  it("refuses headers the sink sets itself, in any case", () => {
    expect(
      problems({
        url: "http://h/x",
        secret: "k",
        headers: { "content-length": "1", host: "h", "x-exhook-signature": "s", "IDEMPOTENCY-KEY": "1" },
      }).map((p) => p.property),
    ).toEqual([
      "headers.content-length",
      "headers.host",
      "headers.x-exhook-signature",
      "headers.IDEMPOTENCY-KEY",
    ]);
    // Without a secret, the signature headers are the user's to send; an empty idempotencyHeader sends none.
    expect(
      problems({
        url: "http://h/x",
        idempotencyHeader: "",
        headers: { "X-Exhook-Signature": "s", "Idempotency-Key": "k" },
      }),
    ).toEqual([]);
  });

  it("marks the secrets in its JSON Schema", () => {
    const schema = describeProps(httpSinkProps) as { properties: Record<string, { secret?: boolean }> };
    const secret = Object.entries(schema.properties)
      .filter(([, p]) => p.secret === true)
      .map(([name]) => name);
    expect(secret.sort()).toEqual(["headers", "key", "secret"]);
  });
});

describe("shownUrl", () => {
  it("masks user, password and query values, and keeps the path", () => {
    expect(shownUrl("https://bob:pa55word@hooks.example.com/a/b?token=s3cret&x=1")).toBe(
      "https://***:***@hooks.example.com/a/b?token=***&x=***",
    );
    expect(shownUrl("http://127.0.0.1:8080/hook")).toBe("http://127.0.0.1:8080/hook");
  });
});
