// Unary gRPC on the spike's HTTP/2 connection, with the same rules as packages/core/src/grpc/unary-stream.ts:
// header checks, one length-prefixed message within the size and memory limits, the deadline from
// grpc-timeout, the route's compiled decoder, handler and encoder, and the status in trailers.
import { Code, ConnectError } from "@connectrpc/connect";
import { routeTable } from "../../../packages/core/dist/grpc/routes.js";
import { headerBlock } from "./blocks.mjs";

const FRAME_HEADER_BYTES = 5;
const EMPTY_FRAME = Buffer.alloc(FRAME_HEADER_BYTES);
const MAX_TIMER_MS = 2_147_483_647;
const CONTENT_TYPE_PROTO = "application/grpc+proto";
const CONTENT_TYPE_GRPC = "application/grpc";
const HEADERS_THEN_TRAILERS_PREFIX = "/emqx.exhook.v1.";

const okHeaders = {
  [CONTENT_TYPE_PROTO]: headerBlock([
    [":status", 200],
    ["content-type", CONTENT_TYPE_PROTO],
    ["grpc-accept-encoding", "identity"],
  ]),
  [CONTENT_TYPE_GRPC]: headerBlock([
    [":status", 200],
    ["content-type", CONTENT_TYPE_GRPC],
    ["grpc-accept-encoding", "identity"],
  ]),
};
const okTrailers = headerBlock([["grpc-status", "0"]]);

const unitMs = { H: 3_600_000, M: 60_000, S: 1000, m: 1, u: 0.001, n: 0.000_001 };
function parseGrpcTimeout(value) {
  const length = value.length;
  if (length < 2 || length > 9) return undefined;
  const unit = unitMs[value[length - 1]];
  if (unit === undefined) return undefined;
  let amount = 0;
  for (let i = 0; i < length - 1; i++) {
    const digit = value.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return undefined;
    amount = amount * 10 + digit;
  }
  return amount * unit;
}

const hex = "0123456789ABCDEF";
function encodeGrpcMessage(message) {
  let out = "";
  for (const byte of Buffer.from(message, "utf8")) {
    if (byte >= 0x20 && byte <= 0x7e && byte !== 0x25) out += String.fromCharCode(byte);
    else out += `%${hex[byte >> 4]}${hex[byte & 15]}`;
  }
  // The whole block must fit one frame (no CONTINUATION on the way out): a status message is kept short.
  return out.length > 1024 ? out.slice(0, 1024) : out;
}

function statusPairs(code, message) {
  const pairs = [["grpc-status", String(code)]];
  if (message !== "") pairs.push(["grpc-message", encodeGrpcMessage(message)]);
  return pairs;
}

const RECEIVING = 0;
const RUNNING = 1;
const DONE = 2;

/** The per-call context a handler sees (UnaryCall), kept on the stream record. */
class Call {
  constructor(server, connection, stream, route, deadline, contentType) {
    this.server = server;
    this.connection = connection;
    this.stream = stream;
    this.route = route;
    this.deadline = deadline;
    this.contentType = contentType;
    this.state = RECEIVING;
    this.parts = undefined;
    this.received = 0;
    this.held = 0;
    this.timer = undefined;
    this.controller = undefined;
  }
  get method() {
    return this.route.method;
  }
  get path() {
    return this.route.path;
  }
  get ended() {
    return this.state === DONE || this.stream.localClosed;
  }
  get requestHeaders() {
    const headers = {};
    const list = this.stream.headers;
    for (let i = 0; i < list.length; i += 2) headers[list[i]] = list[i + 1];
    return headers;
  }
  get peer() {
    const socket = this.connection.socket;
    return { address: socket.remoteAddress ?? "", port: socket.remotePort ?? 0 };
  }
  get signal() {
    if (this.controller === undefined) {
      this.controller = new AbortController();
      if (this.state === DONE || this.stream.localClosed) this.controller.abort(cancelled());
    }
    return this.controller.signal;
  }
}

function cancelled() {
  return new ConnectError("the call was cancelled", Code.Canceled);
}

export function createGrpcApp(options) {
  const routes = routeTable(options.routes);
  const maxReceive = options.maxReceiveMessageBytes ?? 1_310_720;
  const maxPerConnection = options.maxBufferedRequestBytesPerConnection ?? 8 * 1024 * 1024;
  const maxTotal = options.maxBufferedRequestBytes ?? 64 * 1024 * 1024;
  const onError = options.onError ?? ((error, call) => console.error(`[raw] ${call.path}`, error));
  const memory = { bytes: 0 };
  /** Calls that began this socket turn: their deadline timers are armed at its end, if still needed. */
  let fresh = [];

  function report(call, error) {
    try {
      onError(error, call);
    } catch {}
  }

  function rejectEarly(connection, stream, contentType, code, message, httpStatus = 200) {
    const block = headerBlock([
      [":status", httpStatus],
      ["content-type", contentType],
      ["grpc-accept-encoding", "identity"],
      ...statusPairs(code, message),
    ]);
    connection.respondHeadersOnly(stream, block);
  }

  function rejectWithStatus(connection, stream, path, contentType, code, message) {
    if (!path.startsWith(HEADERS_THEN_TRAILERS_PREFIX)) {
      rejectEarly(connection, stream, contentType, code, message);
      return;
    }
    connection.respond(stream, okHeaders[contentType], EMPTY_FRAME.subarray(0, 0), headerBlock(statusPairs(code, message)));
  }

  function release(call) {
    const held = call.held;
    if (held === 0) return;
    call.held = 0;
    call.connection.held -= held;
    memory.bytes -= held;
  }

  function finish(call, code, message) {
    if (call.state === DONE) return;
    call.state = DONE;
    call.parts = undefined;
    release(call);
    if (call.timer !== undefined) clearTimeout(call.timer);
    if (call.stream.localClosed || !call.connection.open) return;
    rejectWithStatus(call.connection, call.stream, call.route.path, call.contentType, code, message);
  }

  function onDeadline(call) {
    call.timer = undefined;
    if (call.state === DONE) return;
    if (Date.now() < call.deadline) {
      arm(call);
      return;
    }
    finish(call, Code.DeadlineExceeded, "deadline exceeded");
    call.controller?.abort(new ConnectError("deadline exceeded", Code.DeadlineExceeded));
  }

  function arm(call) {
    call.timer = setTimeout(onDeadline, Math.min(MAX_TIMER_MS, Math.max(0, call.deadline - Date.now())), call);
  }

  function answer(call, result) {
    if (call.state === DONE) return;
    call.state = DONE;
    if (call.timer !== undefined) clearTimeout(call.timer);
    if (call.stream.localClosed || !call.connection.open) return;
    let frame;
    try {
      frame = frameOf(call.route, result);
    } catch (error) {
      report(call, error);
      rejectWithStatus(call.connection, call.stream, call.route.path, call.contentType, Code.Internal, "internal error: the answer could not be encoded");
      return;
    }
    call.connection.respond(call.stream, okHeaders[call.contentType], frame, okTrailers);
  }

  function frameOf(route, result) {
    if (!(result instanceof Uint8Array)) {
      if (typeof result !== "object" || result === null) {
        throw new TypeError(`${route.path}: the handler answered ${String(result)}, not a message`);
      }
      return encodeFrame(route.encode(result));
    }
    if (result === route.lastBytes) return route.lastFrame;
    const frame = result.byteLength === 0 ? EMPTY_FRAME : encodeFrame(result);
    route.lastBytes = result;
    route.lastFrame = frame;
    return frame;
  }

  function fail(call, error) {
    if (error instanceof ConnectError) {
      finish(call, error.code, error.rawMessage);
      return;
    }
    report(call, error);
    finish(call, Code.Internal, "internal error");
  }

  return {
    onPreface(connection) {
      connection.held = 0;
    },
    beginTurn() {},
    endTurn() {
      if (fresh.length === 0) return;
      for (const call of fresh) if (call.state !== DONE && call.deadline !== Infinity) arm(call);
      fresh = [];
    },
    onHeaders(connection, stream) {
      const h = stream.headers;
      let method;
      let path = "";
      let requestType;
      let encoding;
      let timeout;
      for (let i = 0; i < h.length; i += 2) {
        const name = h[i];
        if (name === ":method") method = h[i + 1];
        else if (name === ":path") path = h[i + 1];
        else if (name === "content-type") requestType = h[i + 1];
        else if (name === "grpc-encoding") encoding = h[i + 1];
        else if (name === "grpc-timeout") timeout = h[i + 1];
      }
      if (method !== "POST") {
        rejectEarly(connection, stream, CONTENT_TYPE_GRPC, Code.Unimplemented, "gRPC needs POST", 405);
        return;
      }
      let contentType;
      if (requestType === CONTENT_TYPE_PROTO) contentType = CONTENT_TYPE_PROTO;
      else if (requestType === CONTENT_TYPE_GRPC || requestType?.startsWith("application/grpc;")) contentType = CONTENT_TYPE_GRPC;
      else if (requestType?.startsWith(CONTENT_TYPE_PROTO)) contentType = CONTENT_TYPE_PROTO;
      else {
        rejectEarly(connection, stream, CONTENT_TYPE_GRPC, Code.InvalidArgument, `unsupported content-type ${String(requestType)}`, 415);
        return;
      }
      const route = routes.get(path);
      if (route === undefined) {
        rejectWithStatus(connection, stream, path, contentType, Code.Unimplemented, `unknown method ${path}`);
        return;
      }
      if (encoding !== undefined && encoding !== "identity") {
        rejectWithStatus(connection, stream, path, contentType, Code.Unimplemented, `grpc-encoding ${encoding} is not supported`);
        return;
      }
      let deadline = Infinity;
      if (timeout !== undefined) {
        const ms = parseGrpcTimeout(timeout);
        if (ms === undefined) {
          rejectWithStatus(connection, stream, path, contentType, Code.Internal, `malformed grpc-timeout ${timeout}`);
          return;
        }
        deadline = Date.now() + ms;
      }
      if (connection.held >= maxPerConnection || memory.bytes >= maxTotal) {
        connection.resetStream(stream, 7);
        return;
      }
      const call = new Call(this, connection, stream, route, deadline, contentType);
      stream.app = call;
      fresh.push(call);
    },
    onData(connection, stream, buf, start, end) {
      const call = stream.app;
      if (call === undefined || call.state !== RECEIVING) return;
      const length = end - start;
      const received = call.received + length;
      call.received = received;
      if (call.parts === undefined && length >= FRAME_HEADER_BYTES && buf.readUInt32BE(start + 1) > maxReceive) {
        finish(call, Code.ResourceExhausted, `request message larger than max (${buf.readUInt32BE(start + 1)} vs. ${maxReceive})`);
        return;
      }
      if (received > maxReceive + FRAME_HEADER_BYTES) {
        finish(call, Code.ResourceExhausted, `request message larger than max (${received - FRAME_HEADER_BYTES} vs. ${maxReceive})`);
        return;
      }
      if (connection.held + length > maxPerConnection) {
        finish(call, Code.ResourceExhausted, "too many request bytes still arriving on this connection");
        return;
      }
      if (memory.bytes + length > maxTotal) {
        finish(call, Code.ResourceExhausted, "too many request bytes still arriving on this server");
        return;
      }
      call.held += length;
      connection.held += length;
      memory.bytes += length;
      // Copied out of the socket's chunk: a kept request must not pin the whole read.
      const part = Buffer.allocUnsafe(length);
      buf.copy(part, 0, start, end);
      if (call.parts === undefined) call.parts = part;
      else if (Array.isArray(call.parts)) call.parts.push(part);
      else call.parts = [call.parts, part];
    },
    onEnd(connection, stream) {
      const call = stream.app;
      if (call === undefined || call.state !== RECEIVING) return;
      call.state = RUNNING;
      const parts = call.parts;
      const frame = parts === undefined ? undefined : Array.isArray(parts) ? Buffer.concat(parts, call.received) : parts;
      call.parts = undefined;
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
        finish(call, Code.Internal, "compressed message without a supported grpc-encoding");
        return;
      }
      let request;
      try {
        request = call.route.decode(frame.subarray(FRAME_HEADER_BYTES));
      } catch (error) {
        finish(call, Code.Internal, `failed to parse request: ${error instanceof Error ? error.message : String(error)}`);
        return;
      }
      let result;
      try {
        result = call.route.handler(request, call);
      } catch (error) {
        fail(call, error);
        return;
      }
      if (result instanceof Promise || (typeof result === "object" && result !== null && !(result instanceof Uint8Array) && typeof result.then === "function")) {
        Promise.resolve(result).then(
          (value) => answer(call, value),
          (error) => fail(call, error),
        );
        return;
      }
      answer(call, result);
    },
    onAbort(connection, stream) {
      const call = stream.app;
      if (call === undefined) return;
      release(call);
      if (call.state === DONE) return;
      call.state = DONE;
      call.parts = undefined;
      if (call.timer !== undefined) clearTimeout(call.timer);
      call.controller?.abort(cancelled());
    },
  };
}

function encodeFrame(message) {
  const length = message.byteLength;
  if (length === 0) return EMPTY_FRAME;
  const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + length);
  frame[0] = 0;
  frame.writeUInt32BE(length, 1);
  frame.set(message, FRAME_HEADER_BYTES);
  return frame;
}
