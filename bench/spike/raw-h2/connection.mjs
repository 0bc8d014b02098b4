// One HTTP/2 connection (h2c, prior knowledge) on a net.Socket, for unary request/response only: frames are
// parsed straight from the socket's chunks, streams are plain records in a Map, answers are pre-encoded
// header blocks, and everything a socket turn produces leaves in one write.
import { HpackDecoder, HpackError } from "./hpack.mjs";

const PREFACE = Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", "latin1");

const DATA = 0;
const HEADERS = 1;
const PRIORITY = 2;
const RST_STREAM = 3;
const SETTINGS = 4;
const PUSH_PROMISE = 5;
const PING = 6;
const GOAWAY = 7;
const WINDOW_UPDATE = 8;
const CONTINUATION = 9;

const END_STREAM = 0x1;
const ACK = 0x1;
const END_HEADERS = 0x4;
const PADDED = 0x8;
const PRIORITY_FLAG = 0x20;

export const NO_ERROR = 0;
export const PROTOCOL_ERROR = 1;
export const INTERNAL_ERROR = 2;
export const FLOW_CONTROL_ERROR = 3;
export const STREAM_CLOSED = 5;
export const FRAME_SIZE_ERROR = 6;
export const REFUSED_STREAM = 7;
export const CANCEL = 8;
export const COMPRESSION_ERROR = 9;
export const ENHANCE_YOUR_CALM = 11;

const MAX_WINDOW = 2 ** 31 - 1;
const DEFAULT_WINDOW = 65535;
/** Our SETTINGS_MAX_FRAME_SIZE: the default, so every client's frames fit. */
const MAX_FRAME = 16384;
/** The connection receive window we open at once and keep topped up (requests are bounded by the app). */
const CONNECTION_WINDOW = 1 << 20;

const OPENING = 0; // waiting for the client preface
const EXPECT_SETTINGS = 1; // preface seen, its SETTINGS must come next
const OPEN = 2;
const DEAD = 3;

/** Defaults of the connection limits (see the README). */
export const defaultLimits = {
  maxConcurrentStreams: 4096,
  /** A header block (HEADERS + CONTINUATION) larger than this ends the connection. */
  maxHeaderBlockBytes: 65536,
  /** CONTINUATION frames of one header block (empty ones are a flood of their own). */
  maxContinuations: 64,
  /** Stream resets a connection may send at once, and refilled per second (rapid reset). */
  resetBurst: 10000,
  resetRate: 1000,
  /** SETTINGS and PING frames (each needs an ACK) at once, and refilled per second. */
  controlBurst: 1000,
  controlRate: 100,
  /** Bytes queued on the socket past which reading stops until it drains. */
  maxOutboundBytes: 1 << 20,
};

/** One stream: a plain record of fixed shape (no emitter, no stream object). */
export class H2Stream {
  constructor(connection, id, headers, sendWindow) {
    this.connection = connection;
    this.id = id;
    /** Request headers as name, value, name, value... */
    this.headers = headers;
    this.remoteClosed = false;
    this.localClosed = false;
    this.recvWindow = DEFAULT_WINDOW;
    this.sendWindow = sendWindow;
    /** Answer bytes waiting for send window, and the trailers block to follow them. */
    this.pending = undefined;
    this.pendingOffset = 0;
    this.pendingTrailers = undefined;
    /** The application's state for this stream. */
    this.app = undefined;
  }
}

export class H2Connection {
  constructor(socket, app, limits, onClose) {
    this.socket = socket;
    this.app = app;
    this.limits = limits;
    this.onClose = onClose;
    this.state = OPENING;
    this.rest = undefined;
    this.decoder = new HpackDecoder(4096, limits.maxHeaderBlockBytes);
    this.streams = new Map();
    this.lastStreamId = 0;
    // A header block in pieces (HEADERS without END_HEADERS, then CONTINUATION).
    this.blockStream = 0;
    this.blockFlags = 0;
    this.blockParts = undefined;
    this.blockBytes = 0;
    this.blockFrames = 0;
    // Sending: the peer's settings and windows.
    this.peerInitialWindow = DEFAULT_WINDOW;
    this.peerMaxFrame = 16384;
    this.sendWindow = DEFAULT_WINDOW;
    this.blocked = new Set();
    // Receiving: what is left of the connection window we opened.
    this.recvWindow = CONNECTION_WINDOW;
    // Output of this turn, written at once.
    this.out = Buffer.allocUnsafe(16384);
    this.outLen = 0;
    this.flushQueued = false;
    this.inTurn = false;
    this.goawaySent = false;
    this.peerGoaway = false;
    // Token buckets (whole seconds).
    this.second = Math.floor(Date.now() / 1000);
    this.resetTokens = limits.resetBurst;
    this.controlTokens = limits.controlBurst;
    this.paused = false;

    socket.setNoDelay(true);
    socket.on("data", (chunk) => this.onData(chunk));
    socket.on("error", () => {});
    socket.on("close", () => this.onSocketClose());
    socket.on("drain", () => {
      if (this.paused && this.state !== DEAD) {
        this.paused = false;
        socket.resume();
      }
    });
    // Our SETTINGS: no push, the stream limit; then the larger connection window.
    this.settingsFrame([
      [0x2, 0],
      [0x3, limits.maxConcurrentStreams],
    ]);
    this.windowUpdate(0, CONNECTION_WINDOW - DEFAULT_WINDOW);
    this.flush();
  }

  get open() {
    return this.state !== DEAD;
  }

  onData(chunk) {
    if (this.state === DEAD) return;
    let buf = chunk;
    if (this.rest !== undefined) {
      buf = Buffer.concat([this.rest, chunk]);
      this.rest = undefined;
    }
    let pos = 0;
    const length = buf.length;
    if (this.state === OPENING) {
      const n = Math.min(length, PREFACE.length);
      if (buf.compare(PREFACE, 0, n, 0, n) !== 0) {
        this.destroy();
        return;
      }
      if (length < PREFACE.length) {
        this.rest = buf;
        return;
      }
      pos = PREFACE.length;
      this.state = EXPECT_SETTINGS;
      this.app.onPreface?.(this);
    }
    this.inTurn = true;
    this.app.beginTurn?.(this);
    while (this.state !== DEAD && length - pos >= 9) {
      const size = (buf[pos] << 16) | (buf[pos + 1] << 8) | buf[pos + 2];
      if (size > MAX_FRAME) {
        this.fail(FRAME_SIZE_ERROR);
        break;
      }
      if (length - pos - 9 < size) break;
      const type = buf[pos + 3];
      const flags = buf[pos + 4];
      const id = buf.readUInt32BE(pos + 5) & 0x7fffffff;
      const start = pos + 9;
      pos = start + size;
      this.frame(buf, type, flags, id, start, pos);
    }
    this.inTurn = false;
    if (this.state === DEAD) return;
    // A partial frame waits for the next chunk (copied: the chunk may be large, the remainder is small).
    if (pos < length) this.rest = Buffer.from(buf.subarray(pos));
    this.app.endTurn?.(this);
    this.flush();
  }

  frame(buf, type, flags, id, start, end) {
    if (this.blockStream !== 0 && type !== CONTINUATION) {
      this.fail(PROTOCOL_ERROR);
      return;
    }
    if (this.state === EXPECT_SETTINGS) {
      if (type !== SETTINGS || (flags & ACK) !== 0) {
        this.fail(PROTOCOL_ERROR);
        return;
      }
      this.state = OPEN;
    }
    switch (type) {
      case DATA:
        this.onDataFrame(buf, flags, id, start, end);
        return;
      case HEADERS:
        this.onHeaders(buf, flags, id, start, end);
        return;
      case CONTINUATION:
        this.onContinuation(buf, flags, id, start, end);
        return;
      case PRIORITY:
        if (id === 0) this.fail(PROTOCOL_ERROR);
        else if (end - start !== 5) this.fail(FRAME_SIZE_ERROR);
        return;
      case RST_STREAM:
        this.onReset(buf, id, start, end);
        return;
      case SETTINGS:
        this.onSettings(buf, flags, id, start, end);
        return;
      case PUSH_PROMISE:
        this.fail(PROTOCOL_ERROR);
        return;
      case PING:
        this.onPing(buf, flags, id, start, end);
        return;
      case GOAWAY:
        if (id !== 0) this.fail(PROTOCOL_ERROR);
        else if (end - start < 8) this.fail(FRAME_SIZE_ERROR);
        else {
          this.peerGoaway = true;
          this.closeIfIdle();
        }
        return;
      case WINDOW_UPDATE:
        this.onWindowUpdate(buf, id, start, end);
        return;
      default:
      // Unknown frame types are ignored (RFC 9113 5.5).
    }
  }

  onDataFrame(buf, flags, id, start, end) {
    if (id === 0) {
      this.fail(PROTOCOL_ERROR);
      return;
    }
    const size = end - start;
    // The whole frame counts against the connection window, padding included, whatever the stream.
    this.recvWindow -= size;
    if (this.recvWindow < 0) {
      this.fail(FLOW_CONTROL_ERROR);
      return;
    }
    if (this.recvWindow < CONNECTION_WINDOW / 2) {
      this.windowUpdate(0, CONNECTION_WINDOW - this.recvWindow);
      this.recvWindow = CONNECTION_WINDOW;
    }
    if ((flags & PADDED) !== 0) {
      if (size < 1 || buf[start] >= size) {
        this.fail(PROTOCOL_ERROR);
        return;
      }
      end -= buf[start];
      start += 1;
    }
    const stream = this.streams.get(id);
    if (stream === undefined) {
      // Idle: an error; closed (answered, reset): what was in flight is dropped.
      if (id > this.lastStreamId) this.fail(PROTOCOL_ERROR);
      return;
    }
    if (stream.remoteClosed) {
      this.resetStream(stream, STREAM_CLOSED);
      return;
    }
    stream.recvWindow -= size;
    if (stream.recvWindow < 0) {
      this.resetStream(stream, FLOW_CONTROL_ERROR);
      return;
    }
    const last = (flags & END_STREAM) !== 0;
    if (!last && stream.recvWindow < DEFAULT_WINDOW / 2) {
      // The application holds what arrives within its own limits: the window only paces the sender.
      this.windowUpdate(id, DEFAULT_WINDOW - stream.recvWindow);
      stream.recvWindow = DEFAULT_WINDOW;
    }
    if (end > start) this.app.onData(this, stream, buf, start, end);
    if (last && this.streams.get(id) === stream) {
      stream.remoteClosed = true;
      if (stream.localClosed) this.remove(stream);
      else this.app.onEnd(this, stream);
    }
  }

  onHeaders(buf, flags, id, start, end) {
    if (id === 0 || (id & 1) === 0) {
      this.fail(PROTOCOL_ERROR);
      return;
    }
    if ((flags & PADDED) !== 0) {
      const pad = end > start ? buf[start] : 256;
      start += 1;
      if (pad > end - start) {
        this.fail(PROTOCOL_ERROR);
        return;
      }
      end -= pad;
    }
    if ((flags & PRIORITY_FLAG) !== 0) {
      start += 5;
      if (start > end) {
        this.fail(PROTOCOL_ERROR);
        return;
      }
    }
    if ((flags & END_HEADERS) === 0) {
      if (end - start > this.limits.maxHeaderBlockBytes) {
        this.fail(ENHANCE_YOUR_CALM);
        return;
      }
      this.blockStream = id;
      this.blockFlags = flags;
      this.blockParts = [Buffer.from(buf.subarray(start, end))];
      this.blockBytes = end - start;
      this.blockFrames = 0;
      return;
    }
    this.onHeaderBlock(id, flags, buf, start, end);
  }

  onContinuation(buf, flags, id, start, end) {
    if (this.blockStream === 0 || id !== this.blockStream) {
      this.fail(PROTOCOL_ERROR);
      return;
    }
    this.blockBytes += end - start;
    // A block that never ends, in large or in empty pieces, is a flood (CVE-2024-27316 and kin).
    if (this.blockBytes > this.limits.maxHeaderBlockBytes || ++this.blockFrames > this.limits.maxContinuations) {
      this.fail(ENHANCE_YOUR_CALM);
      return;
    }
    if (end > start) this.blockParts.push(Buffer.from(buf.subarray(start, end)));
    if ((flags & END_HEADERS) === 0) return;
    const block = Buffer.concat(this.blockParts, this.blockBytes);
    const first = this.blockFlags;
    this.blockStream = 0;
    this.blockParts = undefined;
    this.onHeaderBlock(id, first, block, 0, block.length);
  }

  onHeaderBlock(id, flags, buf, start, end) {
    const headers = [];
    try {
      this.decoder.decode(buf, start, end, headers);
    } catch (error) {
      if (!(error instanceof HpackError)) throw error;
      // The decoder's table is in an unknown state: the connection cannot go on.
      this.fail(COMPRESSION_ERROR);
      return;
    }
    const last = (flags & END_STREAM) !== 0;
    if (id <= this.lastStreamId) {
      const stream = this.streams.get(id);
      if (stream === undefined || stream.remoteClosed) return; // closed: dropped (decoded for the table)
      // Trailers of a request: they must end it.
      if (!last) {
        this.resetStream(stream, PROTOCOL_ERROR);
        return;
      }
      stream.remoteClosed = true;
      if (stream.localClosed) this.remove(stream);
      else this.app.onEnd(this, stream);
      return;
    }
    this.lastStreamId = id;
    // Past our GOAWAY: not processed (the client retries them elsewhere).
    if (this.goawaySent) return;
    if (this.streams.size >= this.limits.maxConcurrentStreams) {
      this.rst(id, REFUSED_STREAM);
      this.countReset();
      return;
    }
    const stream = new H2Stream(this, id, headers, this.peerInitialWindow);
    this.streams.set(id, stream);
    stream.remoteClosed = last;
    this.app.onHeaders(this, stream);
    if (last && !stream.localClosed && this.streams.get(id) === stream) this.app.onEnd(this, stream);
  }

  onReset(buf, id, start, end) {
    if (end - start !== 4) {
      this.fail(FRAME_SIZE_ERROR);
      return;
    }
    if (id === 0 || id > this.lastStreamId) {
      this.fail(PROTOCOL_ERROR);
      return;
    }
    this.countReset();
    const stream = this.streams.get(id);
    if (stream === undefined) return;
    this.forget(stream);
    this.app.onAbort(this, stream);
  }

  /** Rapid reset (CVE-2023-44487): a connection resetting faster than the budget allows is cut. */
  countReset() {
    this.refill();
    if (--this.resetTokens < 0) this.fail(ENHANCE_YOUR_CALM);
  }

  refill() {
    const second = Math.floor(Date.now() / 1000);
    if (second === this.second) return;
    const elapsed = second - this.second;
    this.second = second;
    this.resetTokens = Math.min(this.limits.resetBurst, this.resetTokens + elapsed * this.limits.resetRate);
    this.controlTokens = Math.min(
      this.limits.controlBurst,
      this.controlTokens + elapsed * this.limits.controlRate,
    );
  }

  /** A SETTINGS or PING that asks for an answer: a flood of them is cut. */
  countControl() {
    this.refill();
    if (--this.controlTokens >= 0) return true;
    this.fail(ENHANCE_YOUR_CALM);
    return false;
  }

  onSettings(buf, flags, id, start, end) {
    if (id !== 0) {
      this.fail(PROTOCOL_ERROR);
      return;
    }
    if ((flags & ACK) !== 0) {
      if (end !== start) this.fail(FRAME_SIZE_ERROR);
      return;
    }
    if ((end - start) % 6 !== 0) {
      this.fail(FRAME_SIZE_ERROR);
      return;
    }
    if (!this.countControl()) return;
    for (let p = start; p < end; p += 6) {
      const key = buf.readUInt16BE(p);
      const value = buf.readUInt32BE(p + 2);
      if (key === 0x2) {
        if (value > 1) {
          this.fail(PROTOCOL_ERROR);
          return;
        }
      } else if (key === 0x4) {
        if (value > MAX_WINDOW) {
          this.fail(FLOW_CONTROL_ERROR);
          return;
        }
        const delta = value - this.peerInitialWindow;
        this.peerInitialWindow = value;
        for (const stream of this.streams.values()) {
          stream.sendWindow += delta;
          if (stream.sendWindow > MAX_WINDOW) {
            this.fail(FLOW_CONTROL_ERROR);
            return;
          }
        }
      } else if (key === 0x5) {
        if (value < 16384 || value > 16777215) {
          this.fail(PROTOCOL_ERROR);
          return;
        }
        this.peerMaxFrame = value;
      }
      // HEADER_TABLE_SIZE: we never index, so any size suits; MAX_CONCURRENT_STREAMS: we push nothing.
    }
    this.frameHeader(0, SETTINGS, ACK, 0);
    this.drainBlocked();
  }

  onPing(buf, flags, id, start, end) {
    if (id !== 0) {
      this.fail(PROTOCOL_ERROR);
      return;
    }
    if (end - start !== 8) {
      this.fail(FRAME_SIZE_ERROR);
      return;
    }
    if ((flags & ACK) !== 0) return;
    if (!this.countControl()) return;
    this.frameHeader(8, PING, ACK, 0);
    this.append(buf, start, end);
  }

  onWindowUpdate(buf, id, start, end) {
    if (end - start !== 4) {
      this.fail(FRAME_SIZE_ERROR);
      return;
    }
    const increment = buf.readUInt32BE(start) & 0x7fffffff;
    if (id === 0) {
      if (increment === 0) {
        this.fail(PROTOCOL_ERROR);
        return;
      }
      this.sendWindow += increment;
      if (this.sendWindow > MAX_WINDOW) {
        this.fail(FLOW_CONTROL_ERROR);
        return;
      }
      this.drainBlocked();
      return;
    }
    const stream = this.streams.get(id);
    if (stream === undefined) {
      if (id > this.lastStreamId) this.fail(PROTOCOL_ERROR);
      return;
    }
    if (increment === 0) {
      this.resetStream(stream, PROTOCOL_ERROR);
      return;
    }
    stream.sendWindow += increment;
    if (stream.sendWindow > MAX_WINDOW) {
      this.resetStream(stream, FLOW_CONTROL_ERROR);
      return;
    }
    if (stream.pending !== undefined) this.sendPending(stream);
  }

  // ---- answering ----

  /**
   * Answers a stream: a HEADERS block, then `body` as DATA within the flow-control windows, then the
   * trailers block (END_STREAM). What does not fit the windows waits for WINDOW_UPDATE.
   */
  respond(stream, headerBlock, body, trailerBlock) {
    if (stream.localClosed || this.state === DEAD) return;
    this.frameHeader(headerBlock.length, HEADERS, END_HEADERS, stream.id);
    this.append(headerBlock, 0, headerBlock.length);
    stream.pending = body;
    stream.pendingOffset = 0;
    stream.pendingTrailers = trailerBlock;
    this.sendPending(stream);
    this.scheduleFlush();
  }

  /** Answers with one HEADERS frame that ends the stream (gRPC's trailers-only). */
  respondHeadersOnly(stream, block) {
    if (stream.localClosed || this.state === DEAD) return;
    this.frameHeader(block.length, HEADERS, END_HEADERS | END_STREAM, stream.id);
    this.append(block, 0, block.length);
    this.closeLocal(stream);
    this.scheduleFlush();
  }

  sendPending(stream) {
    const body = stream.pending;
    let offset = stream.pendingOffset;
    while (offset < body.length) {
      const room = Math.min(this.sendWindow, stream.sendWindow, this.peerMaxFrame);
      if (room <= 0) {
        stream.pendingOffset = offset;
        this.blocked.add(stream);
        return;
      }
      const n = Math.min(room, body.length - offset);
      this.frameHeader(n, DATA, 0, stream.id);
      this.append(body, offset, offset + n);
      offset += n;
      this.sendWindow -= n;
      stream.sendWindow -= n;
    }
    const trailers = stream.pendingTrailers;
    stream.pending = undefined;
    stream.pendingTrailers = undefined;
    this.blocked.delete(stream);
    this.frameHeader(trailers.length, HEADERS, END_HEADERS | END_STREAM, stream.id);
    this.append(trailers, 0, trailers.length);
    this.closeLocal(stream);
  }

  drainBlocked() {
    if (this.blocked.size === 0) return;
    for (const stream of this.blocked) {
      if (this.sendWindow <= 0) return;
      if (stream.sendWindow > 0) this.sendPending(stream);
    }
    this.scheduleFlush();
  }

  closeLocal(stream) {
    stream.localClosed = true;
    if (stream.remoteClosed) {
      this.remove(stream);
      return;
    }
    // Answered before the request ended (an early error): the rest of it is not wanted (RFC 9113 8.1).
    this.rst(stream.id, NO_ERROR);
    this.remove(stream);
  }

  /** Stream error: RST_STREAM and the stream is gone. */
  resetStream(stream, code) {
    this.rst(stream.id, code);
    this.forget(stream);
    this.app.onAbort(this, stream);
    this.scheduleFlush();
  }

  forget(stream) {
    stream.localClosed = true;
    stream.remoteClosed = true;
    this.remove(stream);
  }

  remove(stream) {
    if (this.streams.get(stream.id) === stream) this.streams.delete(stream.id);
    this.blocked.delete(stream);
    stream.pending = undefined;
    if (this.streams.size === 0) this.closeIfIdle();
  }

  // ---- connection-level ----

  /** Graceful: GOAWAY NO_ERROR; streams already open are still answered, then the socket closes. */
  goaway() {
    if (this.state === DEAD || this.goawaySent) return;
    this.goawaySent = true;
    this.goawayFrame(NO_ERROR);
    this.scheduleFlush();
    this.closeIfIdle();
  }

  closeIfIdle() {
    if ((this.goawaySent || this.peerGoaway) && this.streams.size === 0 && this.state !== DEAD) {
      this.flush();
      this.state = DEAD;
      this.socket.end();
    }
  }

  /** Connection error: GOAWAY with the code, then the socket closes. */
  fail(code) {
    if (this.state === DEAD) return;
    this.goawaySent = true;
    this.goawayFrame(code);
    this.flush();
    this.state = DEAD;
    this.socket.end();
    // A peer that never reads must not keep the socket: gone for good shortly after.
    setTimeout(() => this.socket.destroy(), 1000).unref();
    this.abortAll();
  }

  destroy() {
    if (this.state !== DEAD) this.state = DEAD;
    this.socket.destroy();
    this.abortAll();
  }

  onSocketClose() {
    this.state = DEAD;
    this.abortAll();
    this.onClose(this);
  }

  abortAll() {
    if (this.streams.size === 0) return;
    const streams = [...this.streams.values()];
    this.streams.clear();
    this.blocked.clear();
    for (const stream of streams) {
      stream.localClosed = stream.remoteClosed = true;
      this.app.onAbort(this, stream);
    }
  }

  // ---- output ----

  reserve(n) {
    if (this.outLen + n <= this.out.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.out.length * 2, this.outLen + n));
    this.out.copy(bigger, 0, 0, this.outLen);
    this.out = bigger;
  }

  frameHeader(length, type, flags, id) {
    this.reserve(9 + length);
    const out = this.out;
    let p = this.outLen;
    out[p++] = length >>> 16;
    out[p++] = (length >>> 8) & 0xff;
    out[p++] = length & 0xff;
    out[p++] = type;
    out[p++] = flags;
    out.writeUInt32BE(id, p);
    this.outLen = p + 4;
  }

  append(src, start, end) {
    this.reserve(end - start);
    src.copy(this.out, this.outLen, start, end);
    this.outLen += end - start;
  }

  rst(id, code) {
    this.frameHeader(4, RST_STREAM, 0, id);
    this.out.writeUInt32BE(code, this.outLen);
    this.outLen += 4;
  }

  windowUpdate(id, increment) {
    this.frameHeader(4, WINDOW_UPDATE, 0, id);
    this.out.writeUInt32BE(increment, this.outLen);
    this.outLen += 4;
  }

  settingsFrame(pairs) {
    this.frameHeader(pairs.length * 6, SETTINGS, 0, 0);
    for (const [key, value] of pairs) {
      this.out.writeUInt16BE(key, this.outLen);
      this.out.writeUInt32BE(value, this.outLen + 2);
      this.outLen += 6;
    }
  }

  goawayFrame(code) {
    this.frameHeader(8, GOAWAY, 0, 0);
    this.out.writeUInt32BE(this.lastStreamId, this.outLen);
    this.out.writeUInt32BE(code, this.outLen + 4);
    this.outLen += 8;
  }

  /** Outside a socket turn (an answer that came later), the write waits for the other answers of this tick. */
  scheduleFlush() {
    if (this.inTurn || this.flushQueued) return;
    this.flushQueued = true;
    queueMicrotask(() => {
      this.flushQueued = false;
      this.flush();
    });
  }

  flush() {
    if (this.outLen === 0 || this.state === DEAD || this.socket.destroyed) {
      this.outLen = 0;
      return;
    }
    // One allocation per write (pooled when small); the staging buffer is reused.
    const chunk = Buffer.allocUnsafe(this.outLen);
    this.out.copy(chunk, 0, 0, this.outLen);
    this.outLen = 0;
    const ok = this.socket.write(chunk);
    // A peer that does not read what it asks for (ACKs, answers) is not read either until it does.
    if (!ok && this.socket.writableLength > this.limits.maxOutboundBytes && !this.paused) {
      this.paused = true;
      this.socket.pause();
    }
  }
}
