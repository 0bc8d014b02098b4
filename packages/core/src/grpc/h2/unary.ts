// Unary gRPC on the raw HTTP/2 connection, with the rules of ../unary-stream.ts (the node:http2 transport):
// the same header checks, limits, deadline, statuses and messages; only the plumbing differs. A call is the
// stream's record itself, answers are constant header blocks, and a deadline timer is armed only for a call
// still open when the socket turn that brought it ends (most are answered within that turn).
import type * as http2 from "node:http2";
import type { Message } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { EMPTY_FRAME, encodeFrame, FRAME_HEADER_BYTES } from "../frame.js";
import { parseGrpcTimeout } from "../grpc-timeout.js";
import type { RouteEntry } from "../routes.js";
import { encodeGrpcMessage } from "../status.js";
import type { UnaryCall } from "../types.js";
import type { RequestMemory } from "../unary-stream.js";
import { type H2Connection, H2Error, H2Stream, type StreamHandler } from "./connection.js";
import { headerBlock } from "./header-block.js";

/** What the calls of a raw server share. */
export interface RawCallContext {
  readonly routes: ReadonlyMap<string, RouteEntry>;
  readonly maxReceiveMessageBytes: number;
  readonly memory: RequestMemory;
  readonly onError: (error: unknown, call: { readonly path: string }) => void;
}

/** See unary-stream.ts: EMQX 4.4's client reads errors only as response headers followed by trailers. */
const HEADERS_THEN_TRAILERS_PREFIX = "/emqx.exhook.v1.";
const CONTENT_TYPE_PROTO = "application/grpc+proto";
const CONTENT_TYPE_GRPC = "application/grpc";
const MAX_TIMER_MS = 2_147_483_647;
/** A status message is kept short enough that its block fits one frame (no CONTINUATION on the way out). */
const MAX_STATUS_MESSAGE = 1024;

const okHeadersProto = headerBlock([
  [":status", "200"],
  ["content-type", CONTENT_TYPE_PROTO],
  ["grpc-accept-encoding", "identity"],
]);
const okHeadersGrpc = headerBlock([
  [":status", "200"],
  ["content-type", CONTENT_TYPE_GRPC],
  ["grpc-accept-encoding", "identity"],
]);
const okTrailers = headerBlock([["grpc-status", "0"]]);
const NO_BODY = Buffer.alloc(0);

function statusFields(code: number, message: string): [string, string][] {
  const fields: [string, string][] = [["grpc-status", String(code)]];
  if (message !== "") {
    const encoded = encodeGrpcMessage(message);
    fields.push([
      "grpc-message",
      encoded.length > MAX_STATUS_MESSAGE ? encoded.slice(0, MAX_STATUS_MESSAGE) : encoded,
    ]);
  }
  return fields;
}

const RECEIVING = 0;
const RUNNING = 1;
const DONE = 2;

/** One call: the HTTP/2 stream's record and the handler's UnaryCall at once. */
export class RawCall extends H2Stream implements UnaryCall {
  state = RECEIVING;
  route: RouteEntry | undefined = undefined;
  contentType = CONTENT_TYPE_PROTO;
  deadline = Number.POSITIVE_INFINITY;
  parts: Buffer | Buffer[] | undefined = undefined;
  received = 0;
  /** Bytes of this call counted in the connection's and the server's RequestMemory. */
  held = 0;
  timer: NodeJS.Timeout | undefined = undefined;
  controller: AbortController | undefined = undefined;

  constructor(
    readonly calls: RawCalls,
    id: number,
    headers: string[],
    sendWindow: number,
  ) {
    super(id, headers, sendWindow);
  }

  get method() {
    return this.route!.method;
  }

  get path(): string {
    return this.route!.path;
  }

  get ended(): boolean {
    return this.state === DONE || this.localClosed;
  }

  get requestHeaders(): http2.IncomingHttpHeaders {
    const headers: Record<string, string> = {};
    const list = this.headers;
    for (let i = 0; i < list.length; i += 2) {
      const name = list[i]!;
      const previous = headers[name];
      headers[name] = previous === undefined ? list[i + 1]! : `${previous}, ${list[i + 1]!}`;
    }
    return headers;
  }

  get peer() {
    const socket = this.calls.connection.socket;
    return { address: socket.remoteAddress ?? "", port: socket.remotePort ?? 0 };
  }

  get signal(): AbortSignal {
    let controller = this.controller;
    if (controller === undefined) {
      controller = this.controller = new AbortController();
      if (this.state === DONE || this.localClosed) {
        controller.abort(Date.now() >= this.deadline ? deadlineExceeded() : cancelled());
      }
    }
    return controller.signal;
  }
}

/** The calls of one connection: the connection's StreamHandler, and its share of the request memory. */
export class RawCalls implements StreamHandler<RawCall> {
  /** Bytes held by this connection's requests still arriving. */
  bytes = 0;
  /** Calls that began in this socket turn; the open ones get a deadline timer at its end. */
  #fresh: RawCall[] = [];
  // Set right after construction (the connection needs its handler first).
  connection!: H2Connection<RawCall>;

  constructor(readonly context: RawCallContext) {}

  createStream(connection: H2Connection<RawCall>, id: number, headers: string[]): RawCall {
    return new RawCall(this, id, headers, connection.peerInitialWindow);
  }

  onHeaders(call: RawCall): void {
    const h = call.headers;
    let method: string | undefined;
    let path = "";
    let requestType: string | undefined;
    let encoding: string | undefined;
    let timeout: string | undefined;
    for (let i = 0; i < h.length; i += 2) {
      const name = h[i];
      if (name === ":method") method = h[i + 1];
      else if (name === ":path") path = h[i + 1]!;
      else if (name === "content-type") requestType = h[i + 1];
      else if (name === "grpc-encoding") encoding = h[i + 1];
      else if (name === "grpc-timeout") timeout = h[i + 1];
    }
    if (method !== "POST") {
      this.#trailersOnly(call, CONTENT_TYPE_GRPC, Code.Unimplemented, "gRPC needs POST", "405");
      return;
    }
    if (requestType === CONTENT_TYPE_PROTO) call.contentType = CONTENT_TYPE_PROTO;
    else if (requestType === CONTENT_TYPE_GRPC || requestType?.startsWith("application/grpc;") === true) {
      call.contentType = CONTENT_TYPE_GRPC;
    } else if (requestType?.startsWith(CONTENT_TYPE_PROTO) === true) call.contentType = CONTENT_TYPE_PROTO;
    else {
      const message = `unsupported content-type ${String(requestType)}`;
      this.#trailersOnly(call, CONTENT_TYPE_GRPC, Code.InvalidArgument, message, "415");
      return;
    }
    const route = this.context.routes.get(path);
    if (route === undefined) {
      this.#reject(call, path, Code.Unimplemented, `unknown method ${path}`);
      return;
    }
    if (encoding !== undefined && encoding !== "identity") {
      this.#reject(call, path, Code.Unimplemented, `grpc-encoding ${encoding} is not supported`);
      return;
    }
    if (timeout !== undefined) {
      const ms = parseGrpcTimeout(timeout);
      if (ms === undefined) {
        this.#reject(call, path, Code.Internal, `malformed grpc-timeout ${timeout}`);
        return;
      }
      call.deadline = Date.now() + ms;
    }
    const memory = this.context.memory;
    if (this.bytes >= memory.maxPerConnection || memory.bytes >= memory.maxTotal) {
      // Full of requests still arriving: refused before any work, which tells the client it may retry.
      this.connection.resetStream(call, H2Error.REFUSED_STREAM);
      return;
    }
    call.route = route;
    this.#fresh.push(call);
  }

  onData(call: RawCall, buf: Buffer, start: number, end: number): void {
    if (call.state !== RECEIVING || call.route === undefined) return;
    const limit = this.context.maxReceiveMessageBytes;
    const length = end - start;
    const received = call.received + length;
    call.received = received;
    // Refuse an announced oversized message before any more of it arrives.
    if (call.parts === undefined && length >= FRAME_HEADER_BYTES && buf.readUInt32BE(start + 1) > limit) {
      this.#tooLarge(call, buf.readUInt32BE(start + 1));
      return;
    }
    if (received > limit + FRAME_HEADER_BYTES) {
      this.#tooLarge(call, received - FRAME_HEADER_BYTES);
      return;
    }
    const memory = this.context.memory;
    if (this.bytes + length > memory.maxPerConnection) {
      this.#finish(call, Code.ResourceExhausted, "too many request bytes still arriving on this connection");
      return;
    }
    if (memory.bytes + length > memory.maxTotal) {
      this.#finish(call, Code.ResourceExhausted, "too many request bytes still arriving on this server");
      return;
    }
    call.held += length;
    this.bytes += length;
    memory.bytes += length;
    // Copied out of the socket's chunk (which holds other calls' frames too): a request kept by a handler
    // or a sink pins its own bytes only. The decoded request's bytes fields stay views into this copy.
    const part = Buffer.allocUnsafe(length);
    buf.copy(part, 0, start, end);
    if (call.parts === undefined) call.parts = part;
    else if (Array.isArray(call.parts)) call.parts.push(part);
    else call.parts = [call.parts, part];
  }

  onEnd(call: RawCall): void {
    if (call.state !== RECEIVING || call.route === undefined) return;
    call.state = RUNNING;
    const parts = call.parts;
    const frame = Array.isArray(parts) ? Buffer.concat(parts, call.received) : parts;
    call.parts = undefined;
    this.#release(call);
    if (frame === undefined || frame.length < FRAME_HEADER_BYTES) {
      this.#finish(call, Code.Internal, "the unary request carries no message");
      return;
    }
    if (frame.length !== FRAME_HEADER_BYTES + frame.readUInt32BE(1)) {
      this.#finish(call, Code.Internal, "the unary request must carry exactly one complete message");
      return;
    }
    if (frame[0] !== 0) {
      this.#finish(call, Code.Internal, "compressed message without a supported grpc-encoding");
      return;
    }
    const route = call.route;
    let request: Message;
    try {
      request = route.decode(frame.subarray(FRAME_HEADER_BYTES));
    } catch (error) {
      this.#finish(call, Code.Internal, `failed to parse request: ${errorMessage(error)}`);
      return;
    }
    let result: ReturnType<RouteEntry["handler"]>;
    try {
      result = route.handler(request, call);
    } catch (error) {
      this.#fail(call, error);
      return;
    }
    if (!isPromiseLike(result)) {
      this.#answer(call, result);
      return;
    }
    result.then(
      (value) => this.#answer(call, value),
      (error: unknown) => this.#fail(call, error),
    );
  }

  onAbort(call: RawCall): void {
    this.#release(call);
    if (call.state === DONE) return;
    call.state = DONE;
    call.parts = undefined;
    if (call.timer !== undefined) clearTimeout(call.timer);
    call.controller?.abort(cancelled());
  }

  onTurnEnd(): void {
    const fresh = this.#fresh;
    if (fresh.length === 0) return;
    for (const call of fresh) {
      if (call.state !== DONE && call.deadline !== Number.POSITIVE_INFINITY) this.#arm(call);
    }
    this.#fresh = [];
  }

  #arm(call: RawCall): void {
    const delay = Math.min(MAX_TIMER_MS, Math.max(0, call.deadline - Date.now()));
    call.timer = setTimeout(() => this.#onDeadline(call), delay);
  }

  #onDeadline(call: RawCall): void {
    call.timer = undefined;
    if (call.state === DONE) return;
    // A deadline beyond one timer's reach (grpc-timeout allows 8 digits of hours) takes several.
    if (Date.now() < call.deadline) {
      this.#arm(call);
      return;
    }
    this.#finish(call, Code.DeadlineExceeded, "deadline exceeded");
    call.controller?.abort(deadlineExceeded());
  }

  #release(call: RawCall): void {
    const held = call.held;
    if (held === 0) return;
    call.held = 0;
    this.bytes -= held;
    this.context.memory.bytes -= held;
  }

  #tooLarge(call: RawCall, size: number): void {
    const limit = this.context.maxReceiveMessageBytes;
    this.#finish(call, Code.ResourceExhausted, `request message larger than max (${size} vs. ${limit})`);
  }

  #answer(call: RawCall, result: Message | Uint8Array): void {
    if (call.state === DONE) return;
    call.state = DONE;
    if (call.timer !== undefined) clearTimeout(call.timer);
    if (call.localClosed) return;
    const route = call.route!;
    let frame: Buffer;
    try {
      frame = frameOf(route, result);
    } catch (error) {
      this.#report(call, error);
      this.#reject(call, route.path, Code.Internal, "internal error: the answer could not be encoded");
      return;
    }
    const headers = call.contentType === CONTENT_TYPE_PROTO ? okHeadersProto : okHeadersGrpc;
    this.connection.respond(call, headers, frame, okTrailers);
  }

  /** A handler failure: a ConnectError is the handler's answer, anything else a bug reported to onError. */
  #fail(call: RawCall, error: unknown): void {
    if (error instanceof ConnectError) {
      this.#finish(call, error.code, error.rawMessage);
      return;
    }
    this.#report(call, error);
    this.#finish(call, Code.Internal, "internal error");
  }

  /** Ends the call with an error status (a request still arriving is let go). */
  #finish(call: RawCall, code: Code, message: string): void {
    if (call.state === DONE) return;
    call.state = DONE;
    call.parts = undefined;
    this.#release(call);
    if (call.timer !== undefined) clearTimeout(call.timer);
    if (call.localClosed) return;
    this.#reject(call, call.route!.path, code, message);
  }

  /** An error status in the form the caller's service reads (see HEADERS_THEN_TRAILERS_PREFIX). */
  #reject(call: RawCall, path: string, code: Code, message: string): void {
    if (!path.startsWith(HEADERS_THEN_TRAILERS_PREFIX)) {
      this.#trailersOnly(call, call.contentType, code, message, "200");
      return;
    }
    const headers = call.contentType === CONTENT_TYPE_PROTO ? okHeadersProto : okHeadersGrpc;
    this.connection.respond(call, headers, NO_BODY, headerBlock(statusFields(code, message)));
  }

  #trailersOnly(call: RawCall, contentType: string, code: Code, message: string, httpStatus: string): void {
    const block = headerBlock([
      [":status", httpStatus],
      ["content-type", contentType],
      ["grpc-accept-encoding", "identity"],
      ...statusFields(code, message),
    ]);
    this.connection.respondHeadersOnly(call, block);
  }

  #report(call: RawCall, error: unknown): void {
    try {
      this.context.onError(error, call);
    } catch {
      // A failing error hook must not take the server down with it.
    }
  }
}

function frameOf(route: RouteEntry, result: Message | Uint8Array): Buffer {
  if (!(result instanceof Uint8Array)) {
    // Encoding would turn `undefined` into an empty message: a handler that forgot to answer is a bug.
    if (typeof result !== "object" || result === null) {
      throw new TypeError(`${route.path}: the handler answered ${String(result)}, not a message`);
    }
    return encodeFrame(route.encode(result));
  }
  if (result === route.lastBytes) return route.lastFrame!;
  const frame = result.byteLength === 0 ? EMPTY_FRAME : encodeFrame(result);
  route.lastBytes = result;
  route.lastFrame = frame;
  return frame;
}

function deadlineExceeded(): ConnectError {
  return new ConnectError("deadline exceeded", Code.DeadlineExceeded);
}

function cancelled(): ConnectError {
  return new ConnectError("the call was cancelled", Code.Canceled);
}

function isPromiseLike<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return (
    value instanceof Promise ||
    (typeof value === "object" &&
      value !== null &&
      !(value instanceof Uint8Array) &&
      typeof (value as Partial<PromiseLike<T>>).then === "function")
  );
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
