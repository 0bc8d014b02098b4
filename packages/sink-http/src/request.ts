// One HTTP request over the sink's keep-alive pool: a whole-request timeout, abortable, the status and headers.
import type { Agent, IncomingHttpHeaders, OutgoingHttpHeaders } from "node:http";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";

export interface HttpTarget {
  readonly url: URL;
  readonly method: "POST" | "PUT";
  readonly agent: Agent;
  readonly timeoutMs: number;
}

export interface HttpResponse {
  readonly status: number;
  readonly statusText: string;
  readonly headers: IncomingHttpHeaders;
  /** The start of a body that was not 2xx (up to 512 bytes), for the error message; `""` for 2xx. */
  readonly text: string;
}

/** What became of a request: an answer, or a failure before one (with whether a pooled connection was reused). */
export type HttpOutcome =
  | { readonly kind: "response"; readonly response: HttpResponse }
  | { readonly kind: "error"; readonly error: Error; readonly reusedSocket: boolean };

export class RequestTimeoutError extends Error {
  readonly code = "ETIMEDOUT";
  constructor(ms: number) {
    super(`no answer within ${ms} ms`);
    this.name = "RequestTimeoutError";
  }
}

const errorTextLimit = 512;

/** Sends `body`; never rejects. The response body is read (so the connection goes back to the pool). */
export function send(
  target: HttpTarget,
  headers: OutgoingHttpHeaders,
  body: Buffer,
  signal: AbortSignal,
): Promise<HttpOutcome> {
  const { url } = target;
  return new Promise<HttpOutcome>((resolve) => {
    let settled = false;
    const finish = (outcome: HttpOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal.removeEventListener("abort", onAbort);
      resolve(outcome);
    };
    const make = url.protocol === "https:" ? httpsRequest : httpRequest;
    const req = make(
      {
        host: url.hostname.replace(/^\[|\]$/g, ""),
        port: url.port === "" ? undefined : Number(url.port),
        path: `${url.pathname}${url.search}`,
        method: target.method,
        agent: target.agent,
        headers: { ...headers, "content-length": body.length },
        // user:password in the URL: Basic auth, as curl and browsers send it.
        auth:
          url.username === "" && url.password === ""
            ? undefined
            : `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`,
      },
      (res) => {
        const status = res.statusCode ?? 0;
        const ok = status >= 200 && status < 300;
        let text = "";
        res.on("data", (chunk: Buffer) => {
          if (!ok && text.length < errorTextLimit)
            text += chunk.toString("utf8", 0, errorTextLimit - text.length);
        });
        res.on("end", () =>
          finish({
            kind: "response",
            response: { status, statusText: res.statusMessage ?? "", headers: res.headers, text },
          }),
        );
        res.on("error", (error) => fail(error));
      },
    );
    const fail = (error: Error) => {
      req.destroy();
      finish({ kind: "error", error, reusedSocket: req.reusedSocket });
    };
    // The whole request, connecting included; the socket's own timeout (the pool's idle timeout) is raised
    // to it meanwhile, and the pool puts it back when the connection is returned.
    const timer = setTimeout(() => fail(new RequestTimeoutError(target.timeoutMs)), target.timeoutMs);
    req.setTimeout(target.timeoutMs);
    const onAbort = () => fail(signal.reason instanceof Error ? signal.reason : new Error("aborted"));
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
    req.on("error", (error) => fail(error));
    req.end(body);
  });
}
