// Calls the admin API of a running exhook server: Connect's unary protocol, JSON over HTTP/1.1, with fetch.
// Requests and answers are typed by the AdminService descriptor of @exhook/proto, the same one the server
// (@exhook/admin) implements, so a field renamed in admin.proto fails this package's typecheck, not a user.
// fetch rather than Connect's client transport: the user's errors (refused connection, wrong URL, missing
// token) are told apart by what fetch and the HTTP status show, which a ConnectError folds together.
import {
  create,
  type DescMethodUnary,
  fromJson,
  type JsonValue,
  type MessageInitShape,
  type MessageShape,
  toJson,
} from "@bufbuild/protobuf";
import { adminV1 } from "@exhook/proto";
import { CliError } from "../errors.js";

export interface AdminClientOptions {
  /** The admin API's base URL, e.g. `http://127.0.0.1:9001`. */
  readonly url: string;
  /** Sent as `authorization: Bearer <token>`. */
  readonly token?: string | undefined;
  /** Default 10 s. */
  readonly timeoutMs?: number;
}

type AdminMethods = typeof adminV1.AdminService.method;

/** An RPC of exhook.admin.v1.AdminService, by its local name: `listDrivers`, `addSink`, … */
export type AdminRpc = keyof AdminMethods;

/** What `rpc` takes: the init shape of its request message (proto3 defaults may be left out). */
export type AdminRequest<R extends AdminRpc> = MessageInitShape<AdminMethods[R]["input"]>;

/** What `rpc` answers: its response message, every field present (at its default when the wire left it out). */
export type AdminResponse<R extends AdminRpc> = MessageShape<AdminMethods[R]["output"]>;

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
  call<R extends AdminRpc>(rpc: R, request: AdminRequest<R>): Promise<AdminResponse<R>>;
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
    async call<R extends AdminRpc>(rpc: R, request: AdminRequest<R>): Promise<AdminResponse<R>> {
      // Each entry of the method table is unary with its own input and output: the generic index loses that
      // pairing, the cast restores it.
      const method = adminV1.AdminService.method[rpc] as unknown as DescMethodUnary<
        AdminMethods[R]["input"],
        AdminMethods[R]["output"]
      >;
      const headers: Record<string, string> = {
        "content-type": "application/json",
        "connect-protocol-version": "1",
        "connect-timeout-ms": String(timeoutMs),
      };
      if (options.token !== undefined && options.token !== "") {
        headers["authorization"] = `Bearer ${options.token}`;
      }
      const body = JSON.stringify(toJson(method.input, create(method.input, request)));
      let response: Response;
      let text: string;
      try {
        response = await fetch(new URL(`${adminV1.AdminService.typeName}/${method.name}`, base), {
          method: "POST",
          headers,
          body,
          signal: AbortSignal.timeout(timeoutMs),
        });
        text = await response.text();
      } catch (error) {
        throw unreachable(error, where, timeoutMs);
      }
      if (!response.ok) throw answeredError(method.name, response, text, options.token, where);
      let json: JsonValue;
      try {
        json = JSON.parse(text === "" ? "{}" : text) as JsonValue;
      } catch {
        throw new CliError(
          `${method.name}: the server at ${where} did not answer with JSON; is that the admin API's URL?`,
        );
      }
      try {
        // A newer server may add fields: ignoring them keeps an older CLI working.
        return fromJson(method.output, json, { ignoreUnknownFields: true });
      } catch (error) {
        throw new CliError(
          `${method.name}: the answer from ${where} is no ${method.output.typeName} (${(error as Error).message})`,
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
  rpc: string,
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
