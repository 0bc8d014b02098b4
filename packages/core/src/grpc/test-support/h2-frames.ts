// Test-only: HTTP/2 frame by frame over a plain TCP socket, for what node's client hides or cannot do fast
// enough: how many frames an answer takes, silent or half-open connections, and floods of stream resets.
import * as net from "node:net";

export const FrameType = {
  DATA: 0,
  HEADERS: 1,
  PRIORITY: 2,
  RST_STREAM: 3,
  SETTINGS: 4,
  PING: 6,
  GOAWAY: 7,
  WINDOW_UPDATE: 8,
  CONTINUATION: 9,
} as const;
export const END_STREAM = 0x1;
export const ACK = 0x1;
export const END_HEADERS = 0x4;

export const CLIENT_PREFACE = Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", "latin1");

export interface Frame {
  readonly type: number;
  readonly flags: number;
  readonly streamId: number;
  readonly payload: Buffer;
}

export function frameBytes(
  type: number,
  flags: number,
  streamId: number,
  payload: Uint8Array = Buffer.alloc(0),
): Buffer {
  const out = Buffer.alloc(9 + payload.length);
  out.writeUIntBE(payload.length, 0, 3);
  out[3] = type;
  out[4] = flags;
  out.writeUInt32BE(streamId & 0x7fffffff, 5);
  out.set(payload, 9);
  return out;
}

/** An HPACK integer with an N-bit prefix (RFC 7541 5.1). */
function hpackInteger(value: number, prefixBits: number): number[] {
  const max = (1 << prefixBits) - 1;
  if (value < max) return [value];
  const bytes = [max];
  let rest = value - max;
  while (rest >= 128) {
    bytes.push((rest % 128) + 128);
    rest = Math.floor(rest / 128);
  }
  bytes.push(rest);
  return bytes;
}

/** A header block of literals without indexing and without Huffman coding: valid, if not small. */
export function headerBlock(headers: Readonly<Record<string, string>>): Buffer {
  const bytes: number[] = [];
  for (const [name, value] of Object.entries(headers)) {
    bytes.push(0x00, ...hpackInteger(name.length, 7), ...Buffer.from(name, "latin1"));
    bytes.push(...hpackInteger(value.length, 7));
    // One at a time: a value of a megabyte would overflow the stack as spread arguments.
    for (const b of Buffer.from(value, "latin1")) bytes.push(b);
  }
  return Buffer.from(bytes);
}

export function headersFrame(
  streamId: number,
  headers: Readonly<Record<string, string>>,
  endStream = false,
): Buffer {
  return frameBytes(
    FrameType.HEADERS,
    END_HEADERS | (endStream ? END_STREAM : 0),
    streamId,
    headerBlock(headers),
  );
}

export function dataFrame(streamId: number, data: Uint8Array, endStream = false): Buffer {
  return frameBytes(FrameType.DATA, endStream ? END_STREAM : 0, streamId, data);
}

export function rstStreamFrame(streamId: number, errorCode: number): Buffer {
  const payload = Buffer.alloc(4);
  payload.writeUInt32BE(errorCode, 0);
  return frameBytes(FrameType.RST_STREAM, 0, streamId, payload);
}

export function pingFrame(): Buffer {
  return frameBytes(FrameType.PING, 0, 0, Buffer.alloc(8));
}

/** The request headers of a gRPC call, in the order a client sends them. */
export function grpcRequestHeaders(
  path: string,
  extra: Readonly<Record<string, string>> = {},
): Record<string, string> {
  return {
    ":method": "POST",
    ":scheme": "http",
    ":path": path,
    ":authority": "localhost",
    "content-type": "application/grpc+proto",
    te: "trailers",
    ...extra,
  };
}

/**
 * One TCP connection speaking HTTP/2 frames. `connect` sends the preface with a large receive window (so
 * answers never wait on flow control) and acknowledges the server's SETTINGS; every frame received is kept.
 */
export class FrameClient {
  readonly frames: Frame[] = [];
  closed = false;
  readonly #socket: net.Socket;
  #pending: Buffer = Buffer.alloc(0);

  private constructor(socket: net.Socket) {
    this.#socket = socket;
    socket.on("data", (chunk: Buffer) => this.#read(chunk));
    socket.on("error", () => {});
    socket.on("close", () => {
      this.closed = true;
    });
  }

  /**
   * Connects; with `preface: false` it sends nothing at all. `initialWindow` is the stream window it
   * announces (default: the largest, so answers never wait on flow control).
   */
  static connect(port: number, { preface = true, initialWindow = 0x7fffffff } = {}): Promise<FrameClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, "127.0.0.1");
      socket.once("error", reject);
      socket.once("connect", () => {
        socket.off("error", reject);
        socket.setNoDelay(true);
        const client = new FrameClient(socket);
        if (preface) {
          const settings = Buffer.alloc(6);
          settings.writeUInt16BE(0x4, 0); // SETTINGS_INITIAL_WINDOW_SIZE
          settings.writeUInt32BE(initialWindow, 2);
          const increment = Buffer.alloc(4);
          increment.writeUInt32BE(0x7fffffff - 65_535, 0);
          client.send(
            CLIENT_PREFACE,
            frameBytes(FrameType.SETTINGS, 0, 0, settings),
            frameBytes(FrameType.WINDOW_UPDATE, 0, 0, increment),
          );
        }
        resolve(client);
      });
    });
  }

  send(...buffers: Buffer[]): Promise<void> {
    return new Promise((resolve) => {
      if (this.closed || this.#socket.destroyed) {
        resolve();
        return;
      }
      this.#socket.write(buffers.length === 1 ? buffers[0]! : Buffer.concat(buffers), () => resolve());
    });
  }

  /** The frames of one stream, in order. */
  stream(streamId: number): Frame[] {
    return this.frames.filter((frame) => frame.streamId === streamId);
  }

  goaway(): { lastStreamId: number; errorCode: number } | undefined {
    const frame = this.frames.find((f) => f.type === FrameType.GOAWAY);
    if (frame === undefined) return undefined;
    return {
      lastStreamId: frame.payload.readUInt32BE(0) & 0x7fffffff,
      errorCode: frame.payload.readUInt32BE(4),
    };
  }

  destroy(): void {
    this.#socket.destroy();
  }

  /** Stops reading what the server sends (its writes pile up on its side). */
  stopReading(): void {
    this.#socket.pause();
  }

  /** The GOAWAY error code, once one has arrived. */
  goawayCode(): number | undefined {
    return this.goaway()?.errorCode;
  }

  #read(chunk: Buffer): void {
    let buffer = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
    while (buffer.length >= 9) {
      const length = buffer.readUIntBE(0, 3);
      if (buffer.length < 9 + length) break;
      const frame: Frame = {
        type: buffer[3]!,
        flags: buffer[4]!,
        streamId: buffer.readUInt32BE(5) & 0x7fffffff,
        payload: Buffer.from(buffer.subarray(9, 9 + length)),
      };
      buffer = buffer.subarray(9 + length);
      if (frame.type === FrameType.SETTINGS && (frame.flags & ACK) === 0) {
        void this.send(frameBytes(FrameType.SETTINGS, ACK, 0));
      }
      // Only the frames a test looks at are kept: a flood's answers would fill memory.
      if (frame.type !== FrameType.WINDOW_UPDATE) this.frames.push(frame);
    }
    this.#pending = buffer;
  }
}
