// The Redis command one record becomes: XADD to its stream (fields id, hook, record) or PUBLISH to its channel.
import { createHash } from "node:crypto";
import { compileTemplate, type EventRecord, type Template } from "@exhook/core/sink";
import type { RedisSinkProps } from "./props.js";

export const defaultKey = "exhook:${hook}";

/** A record as a command, or why it cannot be one (rendered to an empty key). */
export type RecordCommand =
  | { readonly ok: true; readonly args: string[]; readonly key: string }
  | { readonly ok: false; readonly reason: string };

/**
 * The record's id: the first 128 bits of the SHA-256 of its JSON, base64url (22 characters). The same record
 * sent again (a retried batch, a disk buffer replayed after a restart) has the same id, so a consumer can
 * drop at-least-once duplicates by it; two records differ in id unless every field, `time` included, is equal.
 */
export function recordId(json: string): string {
  return createHash("sha256").update(json).digest().subarray(0, 16).toString("base64url");
}

export class CommandBuilder {
  readonly mode: RedisSinkProps["mode"];
  readonly #key: Template;
  readonly #payload: Template | undefined;
  readonly #trim: readonly string[];

  constructor(props: RedisSinkProps) {
    this.mode = props.mode;
    this.#key = compileTemplate((props.mode === "stream" ? props.stream : props.channel) ?? defaultKey);
    this.#payload = props.payload === undefined ? undefined : compileTemplate(props.payload);
    // `~`: Redis trims whole macro nodes only, which costs nearly nothing; the stream keeps at least maxLen.
    this.#trim = props.maxLen === undefined ? [] : ["MAXLEN", "~", String(props.maxLen)];
  }

  build(record: EventRecord): RecordCommand {
    const key = this.#key.render(record);
    if (key === "") {
      const what = this.mode === "stream" ? "stream key" : "channel";
      return { ok: false, reason: `the ${what} rendered for a ${record.hook} record is empty` };
    }
    const json = JSON.stringify(record);
    const payload = this.#payload === undefined ? json : this.#payload.render(record);
    if (this.mode === "publish") return { ok: true, key, args: ["PUBLISH", key, payload] };
    return {
      ok: true,
      key,
      args: ["XADD", key, ...this.#trim, "*", "id", recordId(json), "hook", record.hook, "record", payload],
    };
  }
}
