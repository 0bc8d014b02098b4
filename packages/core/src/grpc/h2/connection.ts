// One HTTP/2 connection (RFC 9113) on a socket, server side, for request/response streams only: frames are
// parsed straight from the socket's chunks, a stream is a plain record in a Map, answers are pre-encoded
// header blocks, and whatever a socket turn produces leaves in one write. No server push, no priorities.
//
// Limits against abuse, each ending the connection with GOAWAY (ENHANCE_YOUR_CALM unless said otherwise):
// streams past SETTINGS_MAX_CONCURRENT_STREAMS are refused (RST_STREAM REFUSED_STREAM); stream resets
// (rapid reset) and SETTINGS/PING frames each draw on a token bucket; a header block is capped in bytes
// and in CONTINUATION frames; a client that stops reading is not read either (its answers, ACKs and
// resets queue on the socket, so reading stops while more than `maxOutboundBytes` wait there).
import type * as net from "node:net";
import { HpackDecoder, HpackError } from "./hpack.js";

const PREFACE = Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", "latin1");

const DATA = 0x0;
const HEADERS = 0x1;
const PRIORITY = 0x2;
const RST_STREAM = 0x3;
const SETTINGS = 0x4;
const PUSH_PROMISE = 0x5;
const PING = 0x6;
const GOAWAY = 0x7;
const WINDOW_UPDATE = 0x8;
const CONTINUATION = 0x9;

const END_STREAM = 0x1;
const ACK = 0x1;
const END_HEADERS = 0x4;
const PADDED = 0x8;
const PRIORITY_FLAG = 0x20;

/** HTTP/2 error codes (RFC 9113 7). */
export const H2Error = {
  NO_ERROR: 0x0,
  PROTOCOL_ERROR: 0x1,
  INTERNAL_ERROR: 0x2,
  FLOW_CONTROL_ERROR: 0x3,
  STREAM_CLOSED: 0x5,
  FRAME_SIZE_ERROR: 0x6,
  REFUSED_STREAM: 0x7,
  CANCEL: 0x8,
  COMPRESSION_ERROR: 0x9,
  ENHANCE_YOUR_CALM: 0xb,
} as const;

const SETTINGS_ENABLE_PUSH = 0x2;
const SETTINGS_MAX_CONCURRENT_STREAMS = 0x3;
const SETTINGS_INITIAL_WINDOW_SIZE = 0x4;
const SETTINGS_MAX_FRAME_SIZE = 0x5;
const SETTINGS_MAX_HEADER_LIST_SIZE = 0x6;

const MAX_WINDOW = 2 ** 31 - 1;
const DEFAULT_WINDOW = 65_535;
/** Our SETTINGS_MAX_FRAME_SIZE: the default, which every client's frames fit. */
const MAX_FRAME = 16_384;
/** Our HPACK table: the default size (a client sending a size update above it is in error). */
const HEADER_TABLE_SIZE = 4096;
/**
 * The connection receive window opened at once and kept topped up: what a connection may have in flight
 * is bounded by the application's request-byte limits, not by this window, which only paces senders.
 */
const CONNECTION_WINDOW = 1 << 24;

/** The connection's life: waiting for the client preface, then for its SETTINGS, then open, then gone. */
const OPENING = 0;
const EXPECT_SETTINGS = 1;
const OPEN = 2;
const DEAD = 3;

export interface H2Limits {
  /** SETTINGS_MAX_CONCURRENT_STREAMS, enforced: a stream past it is refused. */
  readonly maxConcurrentStreams: number;
  /** A header block (HEADERS and its CONTINUATIONs, or the decoded list) larger than this ends the connection. */
  readonly maxHeaderBlockBytes: number;
  /** CONTINUATION frames one header block may take (empty ones cost nothing to send). */
  readonly maxContinuations: number;
  /** Stream resets (received, and refused streams) a connection may cause at once, and per second after. */
  readonly resetBurst: number;
  readonly resetRate: number;
  /** SETTINGS and PING frames (each needs an ACK) at once, and per second after. */
  readonly controlBurst: number;
  readonly controlRate: number;
  /** Bytes waiting on the socket past which the connection is not read until they drain. */
  readonly maxOutboundBytes: number;
}

/** What a connection tells the application about its streams. */
export interface StreamHandler<S extends H2Stream> {
  /** Creates the stream's record (the application's subclass) for a new request. */
  createStream(connection: H2Connection<S>, id: number, headers: string[]): S;
  /** The request headers arrived (the stream may be answered at once). */
  onHeaders(stream: S): void;
  /** Request bytes, a view into the socket's chunk: copy what is kept. */
  onData(stream: S, buf: Buffer, start: number, end: number): void;
  /** The request ended (END_STREAM). */
  onEnd(stream: S): void;
  /** The stream is gone before it was answered: reset by the client, a stream error, or the connection lost. */
  onAbort(stream: S): void;
  /** A socket chunk was handled: before its answers are written. */
  onTurnEnd(connection: H2Connection<S>): void;
}

/** One request/response stream: a plain record of fixed shape, extended by the application. */
export class H2Stream {
  remoteClosed = false;
  localClosed = false;
  recvWindow = DEFAULT_WINDOW;
  sendWindow: number;
  /** Answer bytes waiting for send window, from `pendingOffset`, and the trailers to follow them. */
  pending: Buffer | undefined = undefined;
  pendingOffset = 0;
  pendingTrailers: Buffer | undefined = undefined;

  constructor(
    readonly id: number,
    /** The request headers, as name, value, name, value, ... */
    readonly headers: string[],
    /** The peer's initial window (`H2Connection.peerInitialWindow`). */
    sendWindow: number,
  ) {
    this.sendWindow = sendWindow;
  }

  /** True once the stream is answered or gone. */
  get closed(): boolean {
    return this.localClosed;
  }
}

export class H2Connection<S extends H2Stream = H2Stream> {
  #state = OPENING;
  /** The start of the client preface, when it came in pieces. */
  #prefaceRest: Buffer | undefined = undefined;
  /** A frame that came in pieces, and how many of its bytes have arrived. */
  #partial: Buffer | undefined = undefined;
  #partialLength = 0;
  readonly #decoder: HpackDecoder;
  readonly #streams = new Map<number, S>();
  #lastStreamId = 0;
  // A header block in pieces (HEADERS without END_HEADERS, then CONTINUATION).
  #blockStream = 0;
  #blockFlags = 0;
  #blockParts: Buffer[] = [];
  #blockBytes = 0;
  #blockFrames = 0;
  // Sending: the peer's settings and the connection window.
  peerInitialWindow = DEFAULT_WINDOW;
  #peerMaxFrame = 16_384;
  #sendWindow = DEFAULT_WINDOW;
  readonly #blocked = new Set<S>();
  // Receiving: what is left of the connection window we opened.
  #recvWindow = CONNECTION_WINDOW;
  // This turn's output, written at once.
  #out = Buffer.allocUnsafe(4096);
  #outLen = 0;
  #flushQueued = false;
  #inTurn = false;
  #goawaySent = false;
  #peerGoaway = false;
  #paused = false;
  // Token buckets, refilled per whole second.
  #second = Math.floor(Date.now() / 1000);
  #resetTokens: number;
  #controlTokens: number;

  constructor(
    readonly socket: net.Socket,
    readonly handler: StreamHandler<S>,
    readonly limits: H2Limits,
    onClose: () => void,
  ) {
    this.#decoder = new HpackDecoder(HEADER_TABLE_SIZE, limits.maxHeaderBlockBytes);
    this.#resetTokens = limits.resetBurst;
    this.#controlTokens = limits.controlBurst;
    socket.on("data", (chunk: Buffer) => this.#onData(chunk));
    socket.on("error", () => this.destroy());
    socket.on("close", () => {
      this.#state = DEAD;
      this.#abortAll();
      onClose();
    });
    socket.on("drain", () => {
      if (this.#paused && this.#state !== DEAD) {
        this.#paused = false;
        socket.resume();
      }
    });
    // Our SETTINGS (no push, the stream limit, the header list limit), then the larger connection window.
    this.#settingsFrame([
      [SETTINGS_ENABLE_PUSH, 0],
      [SETTINGS_MAX_CONCURRENT_STREAMS, limits.maxConcurrentStreams],
      [SETTINGS_MAX_HEADER_LIST_SIZE, limits.maxHeaderBlockBytes],
    ]);
    this.#windowUpdate(0, CONNECTION_WINDOW - DEFAULT_WINDOW);
    this.flush();
  }

  /** The client's preface and SETTINGS have arrived. */
  get prefaced(): boolean {
    return this.#state >= OPEN;
  }

  get open(): boolean {
    return this.#state !== DEAD;
  }

  /** Streams not yet answered and closed. */
  get streamCount(): number {
    return this.#streams.size;
  }

  // ---- reading ----

  #onData(chunk: Buffer): void {
    if (this.#state === DEAD) return;
    let buf = chunk;
    let pos = 0;
    if (this.#state === OPENING) {
      if (this.#prefaceRest !== undefined) {
        buf = Buffer.concat([this.#prefaceRest, chunk]);
        this.#prefaceRest = undefined;
      }
      const n = Math.min(buf.length, PREFACE.length);
      if (buf.compare(PREFACE, 0, n, 0, n) !== 0) {
        this.destroy();
        return;
      }
      if (buf.length < PREFACE.length) {
        this.#prefaceRest = buf;
        return;
      }
      pos = PREFACE.length;
      this.#state = EXPECT_SETTINGS;
    }
    const length = buf.length;
    this.#inTurn = true;
    try {
      // First the frame a previous chunk began, if any; then the frames of this one, read in place.
      if (this.#partial !== undefined) pos = this.#fillPartial(buf, pos);
      while (this.#state !== DEAD && length - pos >= 9) {
        const size = (buf[pos]! << 16) | (buf[pos + 1]! << 8) | buf[pos + 2]!;
        if (size > MAX_FRAME) {
          this.fail(H2Error.FRAME_SIZE_ERROR);
          break;
        }
        if (length - pos - 9 < size) break;
        const type = buf[pos + 3]!;
        const flags = buf[pos + 4]!;
        const id = buf.readUInt32BE(pos + 5) & 0x7fffffff;
        const start = pos + 9;
        pos = start + size;
        this.#frame(buf, type, flags, id, start, pos);
      }
      if (this.#state !== DEAD && pos < length) this.#startPartial(buf, pos);
    } catch {
      // A bug met on some input must cost this connection only, never the process.
      this.#inTurn = false;
      this.destroy();
      return;
    } finally {
      this.#inTurn = false;
    }
    if (this.#state === DEAD) return;
    this.handler.onTurnEnd(this);
    this.flush();
  }

  /**
   * Keeps the start of a frame that a chunk ends in the middle of, in a buffer of its own: 9 bytes while
   * its header is incomplete, then the whole frame's size. Later chunks fill it without copying what
   * came before again (a frame dribbled in byte by byte costs its size, not its size squared).
   */
  #startPartial(buf: Buffer, pos: number): void {
    const have = buf.length - pos;
    const size = have >= 9 ? (buf[pos]! << 16) | (buf[pos + 1]! << 8) | buf[pos + 2]! : 0;
    const partial = Buffer.allocUnsafe(9 + size);
    buf.copy(partial, 0, pos);
    this.#partial = partial;
    this.#partialLength = have;
  }

  /** Adds the bytes of this chunk to the frame in pieces; handles it once whole. Returns the next position. */
  #fillPartial(buf: Buffer, pos: number): number {
    let partial = this.#partial!;
    let have = this.#partialLength;
    if (have < 9) {
      const take = Math.min(9 - have, buf.length - pos);
      buf.copy(partial, have, pos, pos + take);
      have += take;
      pos += take;
      if (have < 9) {
        this.#partialLength = have;
        return pos;
      }
      const size = (partial[0]! << 16) | (partial[1]! << 8) | partial[2]!;
      if (size > MAX_FRAME) {
        this.#partial = undefined;
        this.fail(H2Error.FRAME_SIZE_ERROR);
        return buf.length;
      }
      if (size > 0) {
        const whole = Buffer.allocUnsafe(9 + size);
        partial.copy(whole, 0, 0, 9);
        partial = this.#partial = whole;
      }
    }
    const total = partial.length;
    const take = Math.min(total - have, buf.length - pos);
    buf.copy(partial, have, pos, pos + take);
    have += take;
    pos += take;
    if (have < total) {
      this.#partialLength = have;
      return pos;
    }
    this.#partial = undefined;
    this.#partialLength = 0;
    this.#frame(partial, partial[3]!, partial[4]!, partial.readUInt32BE(5) & 0x7fffffff, 9, total);
    return pos;
  }

  #frame(buf: Buffer, type: number, flags: number, id: number, start: number, end: number): void {
    if (this.#blockStream !== 0 && type !== CONTINUATION) {
      this.fail(H2Error.PROTOCOL_ERROR);
      return;
    }
    if (this.#state === EXPECT_SETTINGS) {
      // The client preface ends with a SETTINGS frame (RFC 9113 3.4).
      if (type !== SETTINGS || (flags & ACK) !== 0) {
        this.fail(H2Error.PROTOCOL_ERROR);
        return;
      }
      this.#state = OPEN;
    }
    switch (type) {
      case DATA:
        this.#onDataFrame(buf, flags, id, start, end);
        return;
      case HEADERS:
        this.#onHeaders(buf, flags, id, start, end);
        return;
      case CONTINUATION:
        this.#onContinuation(buf, flags, id, start, end);
        return;
      case PRIORITY:
        if (id === 0) this.fail(H2Error.PROTOCOL_ERROR);
        else if (end - start !== 5) this.fail(H2Error.FRAME_SIZE_ERROR);
        return;
      case RST_STREAM:
        this.#onReset(id, start, end);
        return;
      case SETTINGS:
        this.#onSettings(buf, flags, id, start, end);
        return;
      case PING:
        this.#onPing(buf, flags, id, start, end);
        return;
      case GOAWAY:
        if (id !== 0) this.fail(H2Error.PROTOCOL_ERROR);
        else if (end - start < 8) this.fail(H2Error.FRAME_SIZE_ERROR);
        else {
          this.#peerGoaway = true;
          this.#closeIfDone();
        }
        return;
      case WINDOW_UPDATE:
        this.#onWindowUpdate(buf, id, start, end);
        return;
      case PUSH_PROMISE:
        // A client never pushes (RFC 9113 8.4).
        this.fail(H2Error.PROTOCOL_ERROR);
        return;
      default:
      // Unknown frame types are ignored (RFC 9113 5.5).
    }
  }

  #onDataFrame(buf: Buffer, flags: number, id: number, start: number, end: number): void {
    if (id === 0) {
      this.fail(H2Error.PROTOCOL_ERROR);
      return;
    }
    const size = end - start;
    // The whole frame counts against the connection window, padding included, whatever its stream.
    this.#recvWindow -= size;
    if (this.#recvWindow < 0) {
      this.fail(H2Error.FLOW_CONTROL_ERROR);
      return;
    }
    if (this.#recvWindow < CONNECTION_WINDOW / 2) {
      this.#windowUpdate(0, CONNECTION_WINDOW - this.#recvWindow);
      this.#recvWindow = CONNECTION_WINDOW;
    }
    if ((flags & PADDED) !== 0) {
      if (size < 1 || buf[start]! >= size) {
        this.fail(H2Error.PROTOCOL_ERROR);
        return;
      }
      end -= buf[start]!;
      start += 1;
    }
    const stream = this.#streams.get(id);
    if (stream === undefined) {
      // Idle: an error. Closed (answered, reset, refused): what was in flight is dropped.
      if (id > this.#lastStreamId) this.fail(H2Error.PROTOCOL_ERROR);
      return;
    }
    if (stream.remoteClosed) {
      this.resetStream(stream, H2Error.STREAM_CLOSED);
      return;
    }
    stream.recvWindow -= size;
    if (stream.recvWindow < 0) {
      this.resetStream(stream, H2Error.FLOW_CONTROL_ERROR);
      return;
    }
    const last = (flags & END_STREAM) !== 0;
    if (!last && stream.recvWindow < DEFAULT_WINDOW / 2) {
      this.#windowUpdate(id, DEFAULT_WINDOW - stream.recvWindow);
      stream.recvWindow = DEFAULT_WINDOW;
    }
    if (end > start) this.handler.onData(stream, buf, start, end);
    if (last && this.#streams.get(id) === stream) this.#remoteEnd(stream);
  }

  #remoteEnd(stream: S): void {
    stream.remoteClosed = true;
    if (stream.localClosed) this.#remove(stream);
    else this.handler.onEnd(stream);
  }

  #onHeaders(buf: Buffer, flags: number, id: number, start: number, end: number): void {
    if (id === 0 || (id & 1) === 0) {
      this.fail(H2Error.PROTOCOL_ERROR);
      return;
    }
    if ((flags & PADDED) !== 0) {
      if (end === start) {
        this.fail(H2Error.PROTOCOL_ERROR);
        return;
      }
      const pad = buf[start]!;
      start += 1;
      if (pad > end - start) {
        this.fail(H2Error.PROTOCOL_ERROR);
        return;
      }
      end -= pad;
    }
    if ((flags & PRIORITY_FLAG) !== 0) {
      start += 5;
      if (start > end) {
        this.fail(H2Error.PROTOCOL_ERROR);
        return;
      }
    }
    if ((flags & END_HEADERS) !== 0) {
      this.#onHeaderBlock(id, flags, buf, start, end);
      return;
    }
    if (end - start > this.limits.maxHeaderBlockBytes) {
      this.fail(H2Error.ENHANCE_YOUR_CALM);
      return;
    }
    this.#blockStream = id;
    this.#blockFlags = flags;
    this.#blockParts = [Buffer.from(buf.subarray(start, end))];
    this.#blockBytes = end - start;
    this.#blockFrames = 0;
  }

  #onContinuation(buf: Buffer, flags: number, id: number, start: number, end: number): void {
    if (this.#blockStream === 0 || id !== this.#blockStream) {
      this.fail(H2Error.PROTOCOL_ERROR);
      return;
    }
    this.#blockBytes += end - start;
    // A block that never ends, in large or in empty pieces, is a flood (CVE-2024-27316 and its kin).
    if (
      this.#blockBytes > this.limits.maxHeaderBlockBytes ||
      ++this.#blockFrames > this.limits.maxContinuations
    ) {
      this.fail(H2Error.ENHANCE_YOUR_CALM);
      return;
    }
    if (end > start) this.#blockParts.push(Buffer.from(buf.subarray(start, end)));
    if ((flags & END_HEADERS) === 0) return;
    const block = Buffer.concat(this.#blockParts, this.#blockBytes);
    this.#blockStream = 0;
    this.#blockParts = [];
    this.#onHeaderBlock(id, this.#blockFlags, block, 0, block.length);
  }

  #onHeaderBlock(id: number, flags: number, buf: Buffer, start: number, end: number): void {
    const headers: string[] = [];
    try {
      this.#decoder.decode(buf, start, end, headers);
    } catch (error) {
      if (!(error instanceof HpackError)) throw error;
      // The decoder's table is now unknown: the connection cannot go on (RFC 9113 4.3).
      this.fail(H2Error.COMPRESSION_ERROR);
      return;
    }
    const last = (flags & END_STREAM) !== 0;
    if (id <= this.#lastStreamId) {
      const stream = this.#streams.get(id);
      // A closed stream's late trailers are dropped (decoded all the same: the table must follow).
      if (stream === undefined || stream.remoteClosed) return;
      // Trailers of a request must end it.
      if (!last) this.resetStream(stream, H2Error.PROTOCOL_ERROR);
      else this.#remoteEnd(stream);
      return;
    }
    this.#lastStreamId = id;
    // Past our GOAWAY: not processed, the client may retry it elsewhere.
    if (this.#goawaySent) return;
    if (this.#streams.size >= this.limits.maxConcurrentStreams) {
      this.#rst(id, H2Error.REFUSED_STREAM);
      this.#countReset();
      return;
    }
    const stream = this.handler.createStream(this, id, headers);
    this.#streams.set(id, stream);
    stream.remoteClosed = last;
    this.handler.onHeaders(stream);
    if (last && !stream.localClosed && this.#streams.get(id) === stream) this.handler.onEnd(stream);
  }

  #onReset(id: number, start: number, end: number): void {
    if (end - start !== 4) {
      this.fail(H2Error.FRAME_SIZE_ERROR);
      return;
    }
    if (id === 0 || id > this.#lastStreamId) {
      this.fail(H2Error.PROTOCOL_ERROR);
      return;
    }
    const stream = this.#streams.get(id);
    if (stream !== undefined) {
      this.#forget(stream);
      this.handler.onAbort(stream);
    }
    this.#countReset();
  }

  /** Rapid reset (CVE-2023-44487): a connection resetting streams faster than the budget allows is cut. */
  #countReset(): void {
    this.#refill();
    if (--this.#resetTokens < 0) this.fail(H2Error.ENHANCE_YOUR_CALM);
  }

  /** A SETTINGS or PING that asks for an ACK: a flood of them is cut. */
  #countControl(): boolean {
    this.#refill();
    if (--this.#controlTokens >= 0) return true;
    this.fail(H2Error.ENHANCE_YOUR_CALM);
    return false;
  }

  #refill(): void {
    const second = Math.floor(Date.now() / 1000);
    if (second === this.#second) return;
    const elapsed = second - this.#second;
    this.#second = second;
    const { resetBurst, resetRate, controlBurst, controlRate } = this.limits;
    this.#resetTokens = Math.min(resetBurst, this.#resetTokens + elapsed * resetRate);
    this.#controlTokens = Math.min(controlBurst, this.#controlTokens + elapsed * controlRate);
  }

  #onSettings(buf: Buffer, flags: number, id: number, start: number, end: number): void {
    if (id !== 0) {
      this.fail(H2Error.PROTOCOL_ERROR);
      return;
    }
    if ((flags & ACK) !== 0) {
      if (end !== start) this.fail(H2Error.FRAME_SIZE_ERROR);
      return;
    }
    if ((end - start) % 6 !== 0) {
      this.fail(H2Error.FRAME_SIZE_ERROR);
      return;
    }
    if (!this.#countControl()) return;
    let initialWindow = this.peerInitialWindow;
    for (let p = start; p < end; p += 6) {
      const key = buf.readUInt16BE(p);
      const value = buf.readUInt32BE(p + 2);
      if (key === SETTINGS_ENABLE_PUSH) {
        if (value > 1) {
          this.fail(H2Error.PROTOCOL_ERROR);
          return;
        }
      } else if (key === SETTINGS_INITIAL_WINDOW_SIZE) {
        if (value > MAX_WINDOW) {
          this.fail(H2Error.FLOW_CONTROL_ERROR);
          return;
        }
        initialWindow = value;
      } else if (key === SETTINGS_MAX_FRAME_SIZE) {
        if (value < 16_384 || value > 16_777_215) {
          this.fail(H2Error.PROTOCOL_ERROR);
          return;
        }
        this.#peerMaxFrame = value;
      }
      // HEADER_TABLE_SIZE: the server never indexes, any size suits it. MAX_CONCURRENT_STREAMS: it never
      // opens a stream. MAX_HEADER_LIST_SIZE: its blocks are a few dozen bytes. Unknown keys are ignored.
    }
    // The window change applies to every open stream, once per frame however many entries it repeats.
    const delta = initialWindow - this.peerInitialWindow;
    if (delta !== 0) {
      this.peerInitialWindow = initialWindow;
      for (const stream of this.#streams.values()) {
        stream.sendWindow += delta;
        if (stream.sendWindow > MAX_WINDOW) {
          this.fail(H2Error.FLOW_CONTROL_ERROR);
          return;
        }
      }
    }
    this.#frameHeader(0, SETTINGS, ACK, 0);
    if (delta > 0) this.#drainBlocked();
  }

  #onPing(buf: Buffer, flags: number, id: number, start: number, end: number): void {
    if (id !== 0) {
      this.fail(H2Error.PROTOCOL_ERROR);
      return;
    }
    if (end - start !== 8) {
      this.fail(H2Error.FRAME_SIZE_ERROR);
      return;
    }
    if ((flags & ACK) !== 0 || !this.#countControl()) return;
    this.#frameHeader(8, PING, ACK, 0);
    this.#append(buf, start, end);
  }

  #onWindowUpdate(buf: Buffer, id: number, start: number, end: number): void {
    if (end - start !== 4) {
      this.fail(H2Error.FRAME_SIZE_ERROR);
      return;
    }
    const increment = buf.readUInt32BE(start) & 0x7fffffff;
    if (id === 0) {
      if (increment === 0) {
        this.fail(H2Error.PROTOCOL_ERROR);
        return;
      }
      this.#sendWindow += increment;
      if (this.#sendWindow > MAX_WINDOW) {
        this.fail(H2Error.FLOW_CONTROL_ERROR);
        return;
      }
      this.#drainBlocked();
      return;
    }
    const stream = this.#streams.get(id);
    if (stream === undefined) {
      if (id > this.#lastStreamId) this.fail(H2Error.PROTOCOL_ERROR);
      return;
    }
    if (increment === 0) {
      this.resetStream(stream, H2Error.PROTOCOL_ERROR);
      return;
    }
    stream.sendWindow += increment;
    if (stream.sendWindow > MAX_WINDOW) {
      this.resetStream(stream, H2Error.FLOW_CONTROL_ERROR);
      return;
    }
    if (stream.pending !== undefined) this.#sendPending(stream);
  }

  // ---- answering ----

  /**
   * Answers a stream: HEADERS, then `body` as DATA within the peer's windows and frame size, then the
   * trailers (END_STREAM). What the windows do not let through waits for WINDOW_UPDATE.
   */
  respond(stream: S, headerBlock: Buffer, body: Buffer, trailerBlock: Buffer): void {
    if (stream.localClosed || this.#state === DEAD) return;
    this.#frameHeader(headerBlock.length, HEADERS, END_HEADERS, stream.id);
    this.#append(headerBlock, 0, headerBlock.length);
    stream.pending = body;
    stream.pendingOffset = 0;
    stream.pendingTrailers = trailerBlock;
    this.#sendPending(stream);
    this.#scheduleFlush();
  }

  /** Answers with one HEADERS frame that ends the stream (gRPC's trailers-only). */
  respondHeadersOnly(stream: S, block: Buffer): void {
    if (stream.localClosed || this.#state === DEAD) return;
    this.#frameHeader(block.length, HEADERS, END_HEADERS | END_STREAM, stream.id);
    this.#append(block, 0, block.length);
    this.#closeLocal(stream);
    this.#scheduleFlush();
  }

  /** Stream error: RST_STREAM with the code, and the stream is gone (the handler is told). */
  resetStream(stream: S, code: number): void {
    if (this.#streams.get(stream.id) !== stream) return;
    this.#rst(stream.id, code);
    this.#forget(stream);
    this.handler.onAbort(stream);
    this.#scheduleFlush();
  }

  #sendPending(stream: S): void {
    const body = stream.pending!;
    let offset = stream.pendingOffset;
    while (offset < body.length) {
      const room = Math.min(this.#sendWindow, stream.sendWindow, this.#peerMaxFrame);
      if (room <= 0) {
        stream.pendingOffset = offset;
        this.#blocked.add(stream);
        return;
      }
      const n = Math.min(room, body.length - offset);
      this.#frameHeader(n, DATA, 0, stream.id);
      this.#append(body, offset, offset + n);
      offset += n;
      this.#sendWindow -= n;
      stream.sendWindow -= n;
    }
    const trailers = stream.pendingTrailers!;
    stream.pending = stream.pendingTrailers = undefined;
    this.#blocked.delete(stream);
    this.#frameHeader(trailers.length, HEADERS, END_HEADERS | END_STREAM, stream.id);
    this.#append(trailers, 0, trailers.length);
    this.#closeLocal(stream);
  }

  #drainBlocked(): void {
    for (const stream of this.#blocked) {
      if (this.#sendWindow <= 0) break;
      if (stream.sendWindow > 0) this.#sendPending(stream);
    }
    this.#scheduleFlush();
  }

  #closeLocal(stream: S): void {
    stream.localClosed = true;
    // Answered before the request ended (an early error): the rest of it is not wanted (RFC 9113 8.1).
    if (!stream.remoteClosed) this.#rst(stream.id, H2Error.NO_ERROR);
    this.#remove(stream);
  }

  #forget(stream: S): void {
    stream.localClosed = stream.remoteClosed = true;
    this.#remove(stream);
  }

  #remove(stream: S): void {
    if (this.#streams.get(stream.id) === stream) this.#streams.delete(stream.id);
    this.#blocked.delete(stream);
    stream.pending = stream.pendingTrailers = undefined;
    if (this.#streams.size === 0) this.#closeIfDone();
  }

  // ---- the connection ----

  /**
   * Graceful close: GOAWAY NO_ERROR naming the last stream taken; streams already open are still answered,
   * then the socket closes.
   */
  goaway(): void {
    if (this.#state === DEAD || this.#goawaySent) return;
    this.#goawaySent = true;
    this.#goawayFrame(H2Error.NO_ERROR);
    this.#scheduleFlush();
    this.#closeIfDone();
  }

  #closeIfDone(): void {
    if (this.#state === DEAD || this.#streams.size > 0 || !(this.#goawaySent || this.#peerGoaway)) return;
    this.flush();
    this.#state = DEAD;
    this.socket.end();
    this.#destroySoon();
  }

  /** Connection error: GOAWAY with the code, streams aborted, the socket closed. */
  fail(code: number): void {
    if (this.#state === DEAD) return;
    this.#goawaySent = true;
    this.#goawayFrame(code);
    this.flush();
    this.#state = DEAD;
    this.socket.end();
    this.#destroySoon();
    this.#abortAll();
  }

  /** Closes the socket at once (no GOAWAY). */
  destroy(): void {
    this.#state = DEAD;
    this.socket.destroy();
    this.#abortAll();
  }

  /** A peer that never reads (or never closes its side) does not keep the socket for long. */
  #destroySoon(): void {
    setTimeout(() => this.socket.destroy(), 1000).unref();
  }

  #abortAll(): void {
    if (this.#streams.size === 0) return;
    const streams = [...this.#streams.values()];
    this.#streams.clear();
    this.#blocked.clear();
    for (const stream of streams) {
      stream.localClosed = stream.remoteClosed = true;
      stream.pending = stream.pendingTrailers = undefined;
      this.handler.onAbort(stream);
    }
  }

  // ---- writing ----

  #reserve(n: number): void {
    if (this.#outLen + n <= this.#out.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.#out.length * 2, this.#outLen + n));
    this.#out.copy(bigger, 0, 0, this.#outLen);
    this.#out = bigger;
  }

  #frameHeader(length: number, type: number, flags: number, id: number): void {
    this.#reserve(9 + length);
    const out = this.#out;
    const p = this.#outLen;
    out[p] = length >>> 16;
    out[p + 1] = (length >>> 8) & 0xff;
    out[p + 2] = length & 0xff;
    out[p + 3] = type;
    out[p + 4] = flags;
    out.writeUInt32BE(id, p + 5);
    this.#outLen = p + 9;
  }

  #append(src: Buffer, start: number, end: number): void {
    this.#reserve(end - start);
    src.copy(this.#out, this.#outLen, start, end);
    this.#outLen += end - start;
  }

  #u32(value: number): void {
    this.#out.writeUInt32BE(value, this.#outLen);
    this.#outLen += 4;
  }

  #rst(id: number, code: number): void {
    this.#frameHeader(4, RST_STREAM, 0, id);
    this.#u32(code);
  }

  #windowUpdate(id: number, increment: number): void {
    this.#frameHeader(4, WINDOW_UPDATE, 0, id);
    this.#u32(increment);
  }

  #settingsFrame(pairs: readonly (readonly [number, number])[]): void {
    this.#frameHeader(pairs.length * 6, SETTINGS, 0, 0);
    for (const [key, value] of pairs) {
      this.#out.writeUInt16BE(key, this.#outLen);
      this.#outLen += 2;
      this.#u32(value);
    }
  }

  #goawayFrame(code: number): void {
    this.#frameHeader(8, GOAWAY, 0, 0);
    this.#u32(this.#lastStreamId);
    this.#u32(code);
  }

  /** Outside a socket turn (an answer that came later), the write waits for the other answers of this tick. */
  #scheduleFlush(): void {
    if (this.#inTurn || this.#flushQueued) return;
    this.#flushQueued = true;
    queueMicrotask(() => {
      this.#flushQueued = false;
      this.flush();
    });
  }

  /** Writes what this turn produced, in one write. */
  flush(): void {
    if (this.#outLen === 0) return;
    if (this.#state === DEAD || this.socket.destroyed) {
      this.#outLen = 0;
      return;
    }
    // A copy of its own (pooled when small): the staging buffer is reused at once.
    const chunk = Buffer.allocUnsafe(this.#outLen);
    this.#out.copy(chunk, 0, 0, this.#outLen);
    this.#outLen = 0;
    const flowing = this.socket.write(chunk);
    // A peer that does not read what it asked for (answers, ACKs) is not read either until it does.
    if (!flowing && !this.#paused && this.socket.writableLength > this.limits.maxOutboundBytes) {
      this.#paused = true;
      this.socket.pause();
    }
  }
}
