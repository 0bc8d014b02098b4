// Calls the admin API of a running exhook server: Connect's unary protocol, JSON over HTTP/1.1, with fetch.
import { CliError } from "../errors.js";

export interface AdminClientOptions {
  /** The admin API's base URL, e.g. `http://127.0.0.1:9001`. */
  readonly url: string;
  /** Sent as `authorization: Bearer <token>`. */
  readonly token?: string | undefined;
  /** Default 10 s. */
  readonly timeoutMs?: number;
}

/** The admin service's RPCs (exhook.admin.v1.AdminService). */
export type AdminRpc =
  | "ListDrivers"
  | "EnableDriver"
  | "DisableDriver"
  | "GetStats"
  | "AddSink"
  | "RemoveSink"
  | "ReconfigureSink"
  | "ClearDecisionCache"
  | "Reload";

const servicePath = "exhook.admin.v1.AdminService";

/** A Connect error the server answered with. */
export class AdminError extends CliError {
  constructor(
    message: string,
    readonly code: string,
    readonly status: number,
  ) {
    super(message);
    this.name = "AdminError";
  }
}

export interface AdminClient {
  call<T>(rpc: AdminRpc, request: object): Promise<T>;
}

export function createAdminClient(options: AdminClientOptions): AdminClient {
  let base: URL;
  try {
    base = new URL(options.url.endsWith("/") ? options.url : `${options.url}/`);
  } catch {
    throw new CliError(`"${options.url}" is not a URL (the admin API's, e.g. http://127.0.0.1:9001)`);
  }
  if (base.protocol !== "http:" && base.protocol !== "https:") {
    throw new CliError(`the admin URL must be http:// or https://, got ${options.url}`);
  }
  const where = base.origin + base.pathname.replace(/\/$/, "");
  const timeoutMs = options.timeoutMs ?? 10_000;

  return {
    async call<T>(rpc: AdminRpc, request: object): Promise<T> {
      const headers: Record<string, string> = {
        "content-type": "application/json",
        "connect-protocol-version": "1",
        "connect-timeout-ms": String(timeoutMs),
      };
      if (options.token !== undefined && options.token !== "") {
        headers["authorization"] = `Bearer ${options.token}`;
      }
      let response: Response;
      let text: string;
      try {
        response = await fetch(new URL(`${servicePath}/${rpc}`, base), {
          method: "POST",
          headers,
          body: JSON.stringify(request),
          signal: AbortSignal.timeout(timeoutMs),
        });
        text = await response.text();
      } catch (error) {
        throw unreachable(error, where, timeoutMs);
      }
      if (!response.ok) throw answeredError(rpc, response, text, options.token, where);
      try {
        return JSON.parse(text === "" ? "{}" : text) as T;
      } catch {
        throw new CliError(
          `${rpc}: the server at ${where} did not answer with JSON; is that the admin API's URL?`,
        );
      }
    },
  };
}

function unreachable(error: unknown, where: string, timeoutMs: number): CliError {
  const name = (error as { name?: string }).name;
  if (name === "TimeoutError" || name === "AbortError") {
    return new CliError(`the admin API at ${where} did not answer within ${timeoutMs / 1000} s`);
  }
  // fetch wraps the socket error: its cause carries the code (ECONNREFUSED, ENOTFOUND, …).
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const reason = cause?.code ?? cause?.message ?? (error as Error).message;
  return new CliError(
    `cannot reach the admin API at ${where} (${reason}): is the server running? Set --admin or EXHOOK_ADMIN_URL`,
  );
}

function answeredError(
  rpc: AdminRpc,
  response: Response,
  text: string,
  token: string | undefined,
  where: string,
): AdminError {
  let code = "";
  let message = "";
  try {
    const body = JSON.parse(text) as { code?: unknown; message?: unknown };
    if (typeof body.code === "string") code = body.code;
    if (typeof body.message === "string") message = body.message;
  } catch {
    // Not a Connect error (a proxy's page, a plain 404): the HTTP status says enough.
  }
  if (code === "unauthenticated" || response.status === 401) {
    const hint =
      token === undefined || token === ""
        ? "it needs a token: pass --token or set EXHOOK_ADMIN_TOKEN"
        : "the token was refused";
    return new AdminError(
      `the admin API at ${where} refused ${rpc}: ${hint}${message === "" ? "" : ` (${message})`}`,
      "unauthenticated",
      response.status,
    );
  }
  if (code === "") {
    return new AdminError(
      `${rpc} failed: HTTP ${response.status} ${response.statusText} from ${where}; is that the admin API's URL?`,
      "unknown",
      response.status,
    );
  }
  return new AdminError(
    `${rpc} failed: ${code}${message === "" ? "" : `: ${message}`}`,
    code,
    response.status,
  );
}
