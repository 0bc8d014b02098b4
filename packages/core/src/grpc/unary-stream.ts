// Serves one unary gRPC call on a node:http2 stream: checks the headers, collects the request frame, runs the
// handler and answers with headers, one frame and trailers, or an error (trailers-only, or headers then
// trailers on ExHook v1).
//
// Kept lean on purpose (every ExHook call of the broker passes here): the per-stream listeners are shared
// module functions that find their call through a symbol property, headers objects are constants, and
// AbortControllers and 'close' listeners exist only when a call needs them. The one timer per call with a
// grpc-timeout (EMQX always sends one) costs well under a microsecond to set and clear.

import * as http2 from "node:http2";
import type { Message } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { EMPTY_FRAME, encodeFrame, FRAME_HEADER_BYTES } from "./frame.js";
import { parseGrpcTimeout } from "./grpc-timeout.js";
import { ResetBudget, type ResetLimits } from "./reset-budget.js";
import type { RouteEntry } from "./routes.js";
import { statusTrailers, trailersOnlyHeaders } from "./status.js";
import type { UnaryCall } from "./types.js";

/**
 * Request bytes held while requests arrive, and their limits: a request that never finishes must not hold
 * memory without bound (2 connections x 256 streams once held 2.2 GB).
 */
export interface RequestMemory {
  /** Bytes held by partly received requests of all connections of the server. */
  bytes: number;
  readonly maxPerConnection: number;
  readonly maxTotal: number;
}

/** What the stream handler needs from its server. */
export interface StreamContext {
  readonly routes: ReadonlyMap<string, RouteEntry>;
  readonly maxReceiveMessageBytes: number;
  readonly memory: RequestMemory;
  /** The reset bucket nghttp2 applies to each connection (see reset-budget.ts). */
  readonly resetLimits: ResetLimits;
  readonly onError: (error: unknown, call: { readonly path: string }) => void;
}

/** What one connection holds and has done (kept on its session): request bytes, and resets it sent. */
interface ConnectionState {
  bytes: number;
  readonly resets: ResetBudget;
}
const kConnection = Symbol("exhook.grpc.connection");
type TrackedSession = http2.ServerHttp2Session & { [kConnection]?: ConnectionState };

/** setTimeout's longest delay: a longer one fires after 1 ms (with a TimeoutOverflowWarning). */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * EMQX 4.4's client (grpc-erl 0.6.7 over gun 1.3.8) does not read a trailers-only error (one HEADERS frame
 * with END_STREAM): it waits out its whole request timeout before `failed_action` applies. Calls of its
 * service get every error as response headers followed by trailers. grpc-erl 0.7 (EMQX 5 and 6, protocol
 * v2 and v3) reads both forms, so those keep the one-frame answer.
 */
const HEADERS_THEN_TRAILERS_PREFIX = "/emqx.exhook.v1.";

const CONTENT_TYPE_PROTO = "application/grpc+proto";
const CONTENT_TYPE_GRPC = "application/grpc";
const okHeadersProto: http2.OutgoingHttpHeaders = {
  ":status": 200,
  "content-type": CONTENT_TYPE_PROTO,
  "grpc-accept-encoding": "identity",
};
const okHeadersGrpc: http2.OutgoingHttpHeaders = { ...okHeadersProto, "content-type": CONTENT_TYPE_GRPC };
const okTrailers: http2.OutgoingHttpHeaders = { "grpc-status": "0" };
const respondWithTrailers: http2.ServerStreamResponseOptions = { waitForTrailers: true };
const respondAndEnd: http2.ServerStreamResponseOptions = { endStream: true };

const RECEIVING = 0;
const RUNNING = 1;
const DONE = 2;

const kCall = Symbol("exhook.grpc.call");
type CallStream = http2.ServerHttp2Stream & { [kCall]?: Call };

class Call implements UnaryCall {
  state = RECEIVING;
  first: Buffer | undefined = undefined;
  chunks: Buffer[] | undefined = undefined;
  received = 0;
  /** Bytes of this call counted in the connection's and the server's RequestMemory. */
  held = 0;
  timer: NodeJS.Timeout | undefined = undefined;
  controller: AbortController | undefined = undefined;

  constructor(
    readonly context: StreamContext,
    readonly stream: CallStream,
    readonly connection: ConnectionState,
    readonly route: RouteEntry,
    readonly requestHeaders: http2.IncomingHttpHeaders,
    readonly deadline: number,
    readonly contentType: string,
  ) {}

  get ended(): boolean {
    return this.state === DONE || this.stream.closed || this.stream.destroyed;
  }

  get method() {
    return this.route.method;
  }

  get path() {
    return this.route.path;
  }

  get peer() {
    const socket = this.stream.session?.socket;
    return { address: socket?.remoteAddress ?? "", port: socket?.remotePort ?? 0 };
  }

  get signal(): AbortSignal {
    let controller = this.controller;
    if (controller === undefined) {
      controller = this.controller = new AbortController();
      if (this.state === DONE) {
        // Asked for after the call ended (e.g. by a handler still working past its deadline): already over.
        controller.abort(Date.now() >= this.deadline ? deadlineExceeded() : cancelled());
      } else if (this.stream.closed || this.stream.destroyed) {
        abortCall(this, cancelled());
      }
    }
    return controller.signal;
  }
}

/** The 'stream' listener of the server. */
export function handleStream(
  context: StreamContext,
  stream: http2.ServerHttp2Stream,
  headers: http2.IncomingHttpHeaders,
): void {
  // A client reset with an error code makes node emit 'error' on the stream; unhandled, it would crash.
  stream.on("error", ignore);
  if (headers[":method"] !== "POST") {
    rejectEarly(stream, trailersOnlyHeaders(CONTENT_TYPE_GRPC, Code.Unimplemented, "gRPC needs POST", 405));
    return;
  }
  const requestType = headers["content-type"];
  let contentType: string;
  if (requestType === CONTENT_TYPE_PROTO) contentType = CONTENT_TYPE_PROTO;
  else if (requestType === CONTENT_TYPE_GRPC || requestType?.startsWith("application/grpc;") === true) {
    contentType = CONTENT_TYPE_GRPC;
  } else if (requestType?.startsWith(CONTENT_TYPE_PROTO) === true) contentType = CONTENT_TYPE_PROTO;
  else {
    // The spec's answer to a non-gRPC (or non-protobuf) request: HTTP 415, so no HTTP client reads it as OK.
    const message = `unsupported content-type ${String(requestType)}`;
    rejectEarly(stream, trailersOnlyHeaders(CONTENT_TYPE_GRPC, Code.InvalidArgument, message, 415));
    return;
  }
  const path = headers[":path"] ?? "";
  const route = context.routes.get(path);
  if (route === undefined) {
    rejectWithStatus(stream, path, contentType, Code.Unimplemented, `unknown method ${path}`);
    return;
  }
  const encoding = headers["grpc-encoding"];
  if (encoding !== undefined && encoding !== "identity") {
    const message = `grpc-encoding ${String(encoding)} is not supported`;
    rejectWithStatus(stream, path, contentType, Code.Unimplemented, message);
    return;
  }
  let deadline = Number.POSITIVE_INFINITY;
  const timeout = headers["grpc-timeout"];
  if (timeout !== undefined) {
    const ms = typeof timeout === "string" ? parseGrpcTimeout(timeout) : undefined;
    if (ms === undefined) {
      const message = `malformed grpc-timeout ${String(timeout)}`;
      rejectWithStatus(stream, path, contentType, Code.Internal, message);
      return;
    }
    deadline = Date.now() + ms;
  }
  const session = stream.session as TrackedSession | undefined;
  if (session === undefined) return; // the connection is already gone
  let connection = session[kConnection];
  if (connection === undefined) {
    connection = { bytes: 0, resets: new ResetBudget(session, context.resetLimits) };
    session[kConnection] = connection;
  }
  const memory = context.memory;
  if (connection.bytes >= memory.maxPerConnection || memory.bytes >= memory.maxTotal) {
    // Full of requests still arriving: refused before any work, which tells the client it may retry.
    stream.close(http2.constants.NGHTTP2_REFUSED_STREAM);
    return;
  }
  const call = new Call(context, stream, connection, route, headers, deadline, contentType);
  (stream as CallStream)[kCall] = call;
  // The deadline holds from the HEADERS frame on: a request that is still arriving when it passes is
  // answered DEADLINE_EXCEEDED then, and its bytes let go.
  if (deadline !== Number.POSITIVE_INFINITY) armDeadline(call);
  stream.on("data", onData);
  stream.on("end", onEnd);
  stream.on("aborted", onAborted);
}

function armDeadline(call: Call): void {
  call.timer = setTimeout(onDeadline, Math.min(MAX_TIMER_MS, Math.max(0, call.deadline - Date.now())), call);
}

/**
 * Holds the request's bytes until its end, counted against the connection's and the server's limits; they
 * are let go when the call moves on, whichever way (end, error, deadline, reset).
 */
function onData(this: CallStream, chunk: Buffer): void {
  const call = this[kCall]!;
  if (call.state !== RECEIVING) return;
  const context = call.context;
  const limit = context.maxReceiveMessageBytes;
  const length = chunk.length;
  const received = call.received + length;
  call.received = received;
  // Refuse an announced oversized message before any more of it arrives.
  if (call.first === undefined && length >= FRAME_HEADER_BYTES && chunk.readUInt32BE(1) > limit) {
    tooLarge(call, chunk.readUInt32BE(1));
    return;
  }
  if (received > limit + FRAME_HEADER_BYTES) {
    tooLarge(call, received - FRAME_HEADER_BYTES);
    return;
  }
  const memory = context.memory;
  const connection = call.connection;
  if (connection.bytes + length > memory.maxPerConnection) {
    finish(call, Code.ResourceExhausted, "too many request bytes still arriving on this connection");
    return;
  }
  if (memory.bytes + length > memory.maxTotal) {
    finish(call, Code.ResourceExhausted, "too many request bytes still arriving on this server");
    return;
  }
  call.held += length;
  connection.bytes += length;
  memory.bytes += length;
  if (call.first === undefined) call.first = chunk;
  else {
    if (call.chunks === undefined) call.chunks = [call.first];
    call.chunks.push(chunk);
  }
}

/** Lets go of what a call holds in the memory accounting (once; later calls are no-ops). */
function release(call: Call): void {
  const held = call.held;
  if (held === 0) return;
  call.held = 0;
  call.connection.bytes -= held;
  call.context.memory.bytes -= held;
}

/**
 * The client reset the call before its answer (or the connection went). Node emits 'aborted' while nghttp2
 * handles the RST_STREAM, before nghttp2 counts it, so the reset budget can act in time.
 */
function onAborted(this: CallStream): void {
  const call = this[kCall]!;
  call.connection.resets.onReset();
  release(call);
  if (call.state === DONE) return;
  call.state = DONE;
  call.first = call.chunks = undefined;
  if (call.timer !== undefined) clearTimeout(call.timer);
  abortCall(call, cancelled());
}

/**
 * A received chunk is a view into the socket read that brought it, which also holds other calls' frames
 * (up to 64 KiB). The decoded request's `bytes` fields are views into the frame, and events may be kept
 * for a while (sink queues, handlers that batch): copied into a buffer of its own (from node's small-buffer
 * pool), a kept payload pins its own few hundred bytes, not a whole read. The copy costs no measurable CPU.
 */
function ownCopy(chunk: Buffer | undefined): Buffer | undefined {
  if (chunk === undefined || (chunk.byteOffset === 0 && chunk.buffer.byteLength === chunk.length))
    return chunk;
  const copy = Buffer.allocUnsafe(chunk.length);
  chunk.copy(copy);
  return copy;
}

function tooLarge(call: Call, size: number): void {
  const limit = call.context.maxReceiveMessageBytes;
  finish(call, Code.ResourceExhausted, `request message larger than max (${size} vs. ${limit})`);
}

function onEnd(this: CallStream): void {
  const call = this[kCall]!;
  if (call.state !== RECEIVING) return;
  call.state = RUNNING;
  const frame = call.chunks === undefined ? ownCopy(call.first) : Buffer.concat(call.chunks, call.received);
  call.first = call.chunks = undefined;
  release(call);
  if (frame === undefined || frame.length < FRAME_HEADER_BYTES) {
    finish(call, Code.Internal, "the unary request carries no message");
    return;
  }
  if (frame.length !== FRAME_HEADER_BYTES + frame.readUInt32BE(1)) {
    finish(call, Code.Internal, "the unary request must carry exactly one complete message");
    return;
  }
  if (frame[0] !== 0) {
    // Compressed without a grpc-encoding (only identity is accepted): a protocol error per the spec.
    finish(call, Code.Internal, "compressed message without a supported grpc-encoding");
    return;
  }
  let request: Message;
  try {
    // The frame is this call's own buffer, so the request's bytes fields may stay views into it.
    request = call.route.decode(frame.subarray(FRAME_HEADER_BYTES));
  } catch (error) {
    // Like grpc-go and grpc-java: a request that does not parse is INTERNAL, not the handler's business.
    finish(call, Code.Internal, `failed to parse request: ${errorMessage(error)}`);
    return;
  }
  let result: ReturnType<RouteEntry["handler"]>;
  try {
    result = call.route.handler(request, call);
  } catch (error) {
    fail(call, error);
    return;
  }
  if (!isPromiseLike(result)) {
    answer(call, result);
    return;
  }
  void settle(call, result);
}

async function settle(call: Call, pending: PromiseLike<Message | Uint8Array>): Promise<void> {
  let result: Message | Uint8Array;
  try {
    result = await pending;
  } catch (error) {
    fail(call, error);
    return;
  }
  answer(call, result);
}

function answer(call: Call, result: Message | Uint8Array): void {
  if (call.state === DONE) return;
  call.state = DONE;
  if (call.timer !== undefined) clearTimeout(call.timer);
  const stream = call.stream;
  if (stream.closed || stream.destroyed) return;
  let frame: Buffer;
  try {
    frame = frameOf(call.route, result);
  } catch (error) {
    report(call, error);
    respondError(call, Code.Internal, "internal error: the answer could not be encoded");
    return;
  }
  try {
    stream.respond(
      call.contentType === CONTENT_TYPE_PROTO ? okHeadersProto : okHeadersGrpc,
      respondWithTrailers,
    );
    stream.on("wantTrailers", sendOkTrailers);
    stream.end(frame);
  } catch (error) {
    report(call, error);
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

function sendOkTrailers(this: http2.ServerHttp2Stream): void {
  this.sendTrailers(okTrailers);
}

/** A handler failure: a ConnectError is the handler's answer, anything else is a bug reported to onError. */
function fail(call: Call, error: unknown): void {
  if (error instanceof ConnectError) {
    finish(call, error.code, error.rawMessage);
    return;
  }
  report(call, error);
  finish(call, Code.Internal, "internal error");
}

/** Ends the call with an error status (a request still arriving is let go). */
function finish(call: Call, code: Code, message: string): void {
  if (call.state === DONE) return;
  call.state = DONE;
  call.first = call.chunks = undefined;
  release(call);
  if (call.timer !== undefined) clearTimeout(call.timer);
  respondError(call, code, message);
}

function onDeadline(call: Call): void {
  call.timer = undefined;
  if (call.state === DONE) return;
  // A deadline beyond one timer's reach (grpc-timeout allows 8 digits of hours) takes several.
  if (Date.now() < call.deadline) {
    armDeadline(call);
    return;
  }
  finish(call, Code.DeadlineExceeded, "deadline exceeded");
  abortCall(call, deadlineExceeded());
}

function abortCall(call: Call, reason: ConnectError): void {
  call.controller?.abort(reason);
}

function deadlineExceeded(): ConnectError {
  return new ConnectError("deadline exceeded", Code.DeadlineExceeded);
}

function cancelled(): ConnectError {
  return new ConnectError("the call was cancelled", Code.Canceled);
}

function respondError(call: Call, code: Code, message: string): void {
  const stream = call.stream;
  if (stream.closed || stream.destroyed) return;
  try {
    rejectWithStatus(stream, call.route.path, call.contentType, code, message);
  } catch (error) {
    report(call, error);
  }
}

/** Answers an error status in the form the caller's service can read (see HEADERS_THEN_TRAILERS_PREFIX). */
function rejectWithStatus(
  stream: http2.ServerHttp2Stream,
  path: string,
  contentType: string,
  code: Code,
  message: string,
): void {
  if (!path.startsWith(HEADERS_THEN_TRAILERS_PREFIX)) {
    rejectEarly(stream, trailersOnlyHeaders(contentType, code, message));
    return;
  }
  const trailers = statusTrailers(code, message);
  stream.respond(contentType === CONTENT_TYPE_PROTO ? okHeadersProto : okHeadersGrpc, respondWithTrailers);
  stream.on("wantTrailers", () => stream.sendTrailers(trailers));
  stream.end();
  discardRest(stream);
}

/** Answers trailers-only (one HEADERS frame with END_STREAM) and discards what is left of the request. */
function rejectEarly(stream: http2.ServerHttp2Stream, headers: http2.OutgoingHttpHeaders): void {
  stream.respond(headers, respondAndEnd);
  discardRest(stream);
}

/**
 * What is left of a request already answered is read and dropped, and the client is asked to stop
 * (RST_STREAM NO_ERROR) only if it has not finished a second later or sends more than MAX_DISCARDED_BYTES:
 * on node 20 a stream reset while its client is still sending leaks the DATA in flight into the
 * connection's session memory, and after some hundred such refusals (60 MB) node refuses every new stream
 * on that connection with ENHANCE_YOUR_CALM. A broker sends its whole request at once and is never reset.
 */
const DISCARD_GRACE_MS = 1000;
const MAX_DISCARDED_BYTES = 4 * 1024 * 1024;
const kDiscarded = Symbol("exhook.grpc.discarded");
type DiscardingStream = http2.ServerHttp2Stream & { [kDiscarded]?: number };

function discardRest(stream: http2.ServerHttp2Stream): void {
  if (stream.readableEnded) return;
  stream.on("data", onDiscarded);
  stream.resume();
  setTimeout(stopSending, DISCARD_GRACE_MS, stream).unref();
}

function onDiscarded(this: DiscardingStream, chunk: Buffer): void {
  const discarded = (this[kDiscarded] ?? 0) + chunk.length;
  this[kDiscarded] = discarded;
  // On a later turn: on Node 22+ a reset submitted in the same turn as the answer can overtake its HEADERS,
  // and the client then sees a reset instead of the status.
  if (discarded > MAX_DISCARDED_BYTES && discarded - chunk.length <= MAX_DISCARDED_BYTES) {
    setImmediate(stopSending, this);
  }
}

function stopSending(stream: http2.ServerHttp2Stream): void {
  if (!stream.closed && !stream.destroyed && !stream.readableEnded) {
    stream.close(http2.constants.NGHTTP2_NO_ERROR);
  }
}

function report(call: Call, error: unknown): void {
  try {
    call.context.onError(error, call);
  } catch {
    // A failing error hook must not take the server down with it.
  }
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

function ignore(): void {}
