// gRPC status on the wire: percent-encoding of `grpc-message`, status trailers and trailers-only error headers.
import type { OutgoingHttpHeaders } from "node:http2";

const utf8 = new TextEncoder();
const hex = "0123456789ABCDEF";

/**
 * Percent-encodes a status message as the gRPC spec asks: printable ASCII but `%` stays, every other
 * UTF-8 byte becomes `%XX`.
 */
export function encodeGrpcMessage(message: string): string {
  let plain = true;
  for (let i = 0; i < message.length; i++) {
    const c = message.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === 0x25) {
      plain = false;
      break;
    }
  }
  if (plain) return message;
  let out = "";
  for (const byte of utf8.encode(message)) {
    if (byte >= 0x20 && byte <= 0x7e && byte !== 0x25) out += String.fromCharCode(byte);
    else out += "%" + hex[byte >> 4] + hex[byte & 15];
  }
  return out;
}

/** The trailers of an answer whose response headers went first: the status only. */
export function statusTrailers(code: number, message: string): OutgoingHttpHeaders {
  const trailers: OutgoingHttpHeaders = { "grpc-status": String(code) };
  if (message !== "") trailers["grpc-message"] = encodeGrpcMessage(message);
  return trailers;
}

/** The HEADERS frame of a trailers-only response: HTTP 200 (unless told), the status, no body. */
export function trailersOnlyHeaders(
  contentType: string,
  code: number,
  message: string,
  httpStatus = 200,
): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {
    ":status": httpStatus,
    "content-type": contentType,
    "grpc-accept-encoding": "identity",
    "grpc-status": String(code),
  };
  if (message !== "") headers["grpc-message"] = encodeGrpcMessage(message);
  return headers;
}
