// Records as table rows and back: the column values of a batch (one array per column), each record's
// idempotency key, and the record a row holds.
import { createHash } from "node:crypto";
import type { Property } from "@exhook/core";
import type { EventRecord, PayloadEncoding } from "@exhook/core/sink";

export type PayloadType = "bytea" | "text";

/**
 * The columns the sink writes, in the insert's order, with the type each array parameter is cast to. `seq`
 * (the arrival order) is the table's own identity column.
 */
export const insertColumns = [
  ["id", "uuid"],
  ["time", "timestamptz"],
  ["hook", "text"],
  ["node", "text"],
  ["clientid", "text"],
  ["username", "text"],
  ["topic", "text"],
  ["qos", "smallint"],
  ["payload", "payload"],
  ["message_id", "text"],
  ["headers", "jsonb"],
  ["props", "jsonb"],
  ["user_props", "jsonb"],
  ["extra", "jsonb"],
] as const;

type Cell = string | number | null;

/**
 * The key that makes a redelivered record a no-op (`ON CONFLICT (id) DO NOTHING`): the record's JSON text
 * hashed (SHA-256, first 128 bits as a version-8 UUID). A record replayed from the disk buffer is the same
 * JSON, so it gets the same id; two events differ in their time, clientid, message id or another field.
 */
export function recordId(json: string): string {
  const h = createHash("sha256").update(json).digest();
  h[6] = (h[6]! & 0x0f) | 0x80; // version 8: a custom UUID
  h[8] = (h[8]! & 0x3f) | 0x80; // RFC 9562 variant
  const hex = h.toString("hex", 0, 16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

function json(value: unknown): string | null {
  return value === undefined ? null : JSON.stringify(value);
}

/** `bytea`: the message's bytes, decoded from the record's payload string as its encoding says. */
function payloadCell(record: EventRecord, type: PayloadType): string | null {
  if (record.payload === undefined) return null;
  if (type === "text") return record.payload;
  const bytes = Buffer.from(record.payload, record.payloadEncoding ?? "utf8");
  // bytea's hex input form, inside a text array literal.
  return `\\x${bytes.toString("hex")}`;
}

/** One array per column of `insertColumns`, for `unnest`: one statement whatever the batch size. */
export function columnsOf(records: readonly EventRecord[], payloadType: PayloadType): Cell[][] {
  const columns: Cell[][] = insertColumns.map(() => new Array<Cell>(records.length));
  for (let i = 0; i < records.length; i++) {
    const record = records[i]!;
    const {
      hook,
      time,
      node,
      clientid,
      username,
      topic,
      qos,
      payload: _payload,
      messageId,
      headers,
      props,
      userProps,
      ...extra
    } = record;
    const row: Cell[] = [
      recordId(JSON.stringify(record)),
      time,
      hook,
      node,
      clientid,
      username,
      topic ?? null,
      qos ?? null,
      payloadCell(record, payloadType),
      messageId ?? null,
      json(headers),
      json(props),
      json(userProps),
      JSON.stringify(extra),
    ];
    for (let c = 0; c < row.length; c++) columns[c]![i] = row[c]!;
  }
  return columns;
}

/** A row as node-postgres returns it (default type parsers: jsonb parsed, bytea a Buffer, timestamptz a Date). */
export interface EventRow {
  time: Date;
  hook: string;
  node: string;
  clientid: string;
  username: string;
  topic: string | null;
  qos: number | null;
  payload: Buffer | string | null;
  message_id: string | null;
  headers: Record<string, string> | null;
  props: Property[] | null;
  user_props: Property[] | null;
  extra: Partial<EventRecord>;
}

/** The record a row was written from (what the sink was given, field for field). */
export function recordFromRow(row: EventRow): EventRecord {
  const record = {
    ...row.extra,
    hook: row.hook,
    time: row.time.toISOString(),
    node: row.node,
    clientid: row.clientid,
    username: row.username,
  } as EventRecord;
  if (row.topic !== null) record.topic = row.topic;
  if (row.qos !== null) record.qos = row.qos;
  if (row.payload !== null) {
    const encoding: PayloadEncoding = record.payloadEncoding ?? "utf8";
    record.payload = typeof row.payload === "string" ? row.payload : row.payload.toString(encoding);
  }
  if (row.message_id !== null) record.messageId = row.message_id;
  if (row.headers !== null) record.headers = row.headers;
  if (row.props !== null) record.props = row.props;
  if (row.user_props !== null) record.userProps = row.user_props;
  return record;
}
