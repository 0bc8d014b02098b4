// The Nats-Msg-Id of a record: the same for a record and its redelivery, so the stream keeps it once.
import { createHash } from "node:crypto";
import type { EventRecord } from "@exhook/core/sink";

/**
 * Message hooks: `<hook>:<clientid>:<MQTT message id>` (the clientid tells the receivers of one message apart
 * on `message.delivered`/`message.acked`; it is URI-encoded so the header stays one printable line). Other
 * hooks have no id of their own: `<hook>:<hash>`, the first 128 bits of the SHA-256 of the record's JSON,
 * which a disk-buffer redelivery reproduces byte for byte (the buffer keeps the record's JSON).
 */
export function recordMsgId(record: EventRecord, json?: string): string {
  if (record.messageId !== undefined && record.messageId !== "") {
    return `${record.hook}:${encodeURIComponent(record.clientid)}:${encodeURIComponent(record.messageId)}`;
  }
  const hash = createHash("sha256")
    .update(json ?? JSON.stringify(record))
    .digest("hex");
  return `${record.hook}:${hash.slice(0, 32)}`;
}
