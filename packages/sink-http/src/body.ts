// What goes over the wire for a batch: one body per record or one JSON array per batch, each with its key.
import { createHash } from "node:crypto";
import type { EventRecord, Template } from "@exhook/core/sink";

export type BodyMode = "record" | "array";

/** One request's worth of records. */
export interface Outgoing {
  readonly body: Buffer;
  /** The same for the same records, so a receiver can tell a redelivery (see `idempotencyKey`). */
  readonly key: string;
  /** How many records of the batch it carries. */
  readonly count: number;
}

/**
 * The idempotency key of some records: the first 128 bits of the SHA-256 of their JSON, hex. A retry, and a
 * redelivery from the disk buffer after a restart, send the same records and so the same key; records are
 * told apart by everything in them (hook, time in ms, client, message id), so two different events share a
 * key only if they are identical to the millisecond.
 */
export function idempotencyKey(json: string): string {
  return createHash("sha256").update(json).digest("hex").slice(0, 32);
}

export class BodyMaker {
  /** The default `Content-Type` (a configured header wins). */
  readonly contentType: string;

  constructor(
    readonly mode: BodyMode,
    readonly template: Template | undefined,
  ) {
    this.contentType = template === undefined ? "application/json" : "text/plain; charset=utf-8";
  }

  /** The requests for a batch, in order: one per record, or one for all of them. */
  make(records: readonly EventRecord[]): Outgoing[] {
    const template = this.template;
    if (this.mode === "record") {
      return records.map((record) => {
        const json = JSON.stringify(record);
        const text = template === undefined ? json : template.render(record);
        return { body: Buffer.from(text), key: idempotencyKey(json), count: 1 };
      });
    }
    const json = JSON.stringify(records);
    // With a template, one rendered record a line (NDJSON when the template renders JSON).
    const text = template === undefined ? json : records.map((r) => template.render(r)).join("\n");
    return [{ body: Buffer.from(text), key: idempotencyKey(json), count: records.length }];
  }
}
