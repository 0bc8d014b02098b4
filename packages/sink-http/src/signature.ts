// HMAC-SHA256 request signatures: what the sink sends, and the check a receiver written in Node can use.
import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * The signature header's value for `body` signed at `timestamp` (Unix seconds, as sent in the timestamp
 * header): `sha256=` and the hex HMAC-SHA256 of `<timestamp>.<body>`. The timestamp is signed with the body
 * so that a captured request cannot be replayed later under a fresh timestamp.
 */
export function signBody(secret: string, timestamp: string, body: Uint8Array): string {
  const hmac = createHmac("sha256", secret);
  hmac.update(`${timestamp}.`);
  hmac.update(body);
  return `sha256=${hmac.digest("hex")}`;
}

export interface VerifyOptions {
  /** The shared secret (the sink's `secret`). */
  secret: string;
  /** The signature header's value. */
  signature: string | undefined;
  /** The timestamp header's value. */
  timestamp: string | undefined;
  /** The raw request body, exactly as received (before any JSON parsing). */
  body: Uint8Array;
  /** How old a request may be, seconds (default 300). */
  toleranceSeconds?: number;
  /** Now, Unix seconds (for tests). */
  now?: number;
}

/** Whether a request is signed by the holder of `secret` within the tolerance; compared in constant time. */
export function verifySignature(options: VerifyOptions): boolean {
  const { secret, signature, timestamp, body } = options;
  if (signature === undefined || timestamp === undefined || !/^\d{1,12}$/.test(timestamp)) return false;
  const now = options.now ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - Number(timestamp)) > (options.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(signBody(secret, timestamp, body));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
