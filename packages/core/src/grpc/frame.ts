// gRPC length-prefixed message frames: 1 byte compressed flag, 4 bytes big-endian length, the message.

export const FRAME_HEADER_BYTES = 5;

/** The frame of an empty message (e.g. `EmptySuccess`), shared by every such answer. */
export const EMPTY_FRAME: Buffer = Buffer.alloc(FRAME_HEADER_BYTES);

/** Frames an uncompressed message. */
export function encodeFrame(message: Uint8Array): Buffer {
  const length = message.byteLength;
  if (length === 0) return EMPTY_FRAME;
  const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + length);
  frame[0] = 0;
  frame.writeUInt32BE(length, 1);
  frame.set(message, FRAME_HEADER_BYTES);
  return frame;
}
