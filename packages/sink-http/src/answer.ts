// What an HTTP answer or failure means for the records: delivered, worth retrying (when), or never.
import type { HttpResponse } from "./request.js";

export type Verdict =
  | { readonly kind: "ok" }
  | { readonly kind: "retry"; readonly reason: string; readonly retryAfterMs: number | undefined }
  | { readonly kind: "refused"; readonly reason: string };

/**
 * 2xx delivered; 5xx and 429 retried (after `Retry-After` when given); any other answer refused for good:
 * a 4xx says these records (or the request the config makes) will never be taken, and a 3xx is a URL to fix
 * (redirects are not followed: a POST body cannot be assumed to be wanted at another address).
 */
export function verdict(response: HttpResponse, now = Date.now()): Verdict {
  const { status } = response;
  if (status >= 200 && status < 300) return { kind: "ok" };
  const reason = `${status}${response.statusText === "" ? "" : ` ${response.statusText}`}`;
  if (status === 429 || status >= 500) {
    return { kind: "retry", reason, retryAfterMs: retryAfterMs(response.headers["retry-after"], now) };
  }
  if (status >= 300 && status < 400)
    return { kind: "refused", reason: `${reason} (redirects are not followed)` };
  return { kind: "refused", reason };
}

/** `Retry-After` (RFC 9110: delay-seconds or an HTTP-date) in ms from `now`; `undefined` when absent or bad. */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // An HTTP-date names its day and month: a bare "-5" would otherwise parse as a year.
  const at = /[A-Za-z]/.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

const absentCodes = new Set(["ECONNREFUSED", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN"]);

/** A failure that says nothing listens there (as opposed to a slow or failing target). */
export function targetAbsent(error: Error): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" && absentCodes.has(code);
}

const staleCodes = new Set(["ECONNRESET", "EPIPE", "ECONNABORTED"]);

/**
 * A pooled connection the target had closed as it was reused (its keep-alive timeout raced the request):
 * worth one immediate retry on a fresh connection, as Node's documentation advises.
 */
export function staleConnection(error: Error, reusedSocket: boolean): boolean {
  const code = (error as { code?: unknown }).code;
  return reusedSocket && typeof code === "string" && staleCodes.has(code);
}

/**
 * A failure's text: its message, or for an `AggregateError` with none (Node trying each address of a host
 * that resolves to several, `localhost` as ::1 and 127.0.0.1) the messages of each attempt.
 */
export function failureText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.message !== "") return error.message;
  if (error instanceof AggregateError && error.errors.length > 0) {
    return error.errors.map((e: unknown) => failureText(e)).join("; ");
  }
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" ? code : error.name;
}
