// One record as an AMQP message: where it goes (exchange, routing key), its body and its properties.
import { createHash } from "node:crypto";
import type { EventRecord, Template } from "@exhook/core/sink";
import { compileTemplate } from "@exhook/core/sink";
import type { Options } from "amqplib";
import { maxShortString, type RabbitmqSinkProps, routingKeySource } from "./props.js";

/**
 * A record's stable id, its `message-id`: a hash of the record's JSON, so the same record sent again (a
 * retried batch, a disk buffer replayed after a restart) has the same id and a consumer can drop
 * at-least-once duplicates by it. Two records differ in id unless every field, `time` included, is equal.
 */
export function recordId(json: string): string {
  return createHash("sha256").update(json).digest().subarray(0, 16).toString("base64url");
}

export interface OutgoingMessage {
  exchange: string;
  routingKey: string;
  body: Buffer;
  options: Options.Publish;
}

/** Why a record cannot be made a message (a rendered name too long for AMQP), or the message. */
export type Built = { ok: true; message: OutgoingMessage } | { ok: false; reason: string };

export class MessageBuilder {
  readonly exchange: Template;
  readonly #routingKey: Template;
  readonly #payload: Template | undefined;
  readonly #contentType: string | undefined;
  readonly #persistent: boolean;
  readonly #mandatory: boolean;

  constructor(props: RabbitmqSinkProps) {
    this.exchange = compileTemplate(props.exchange);
    this.#routingKey = compileTemplate(routingKeySource(props));
    this.#payload = props.payload === undefined ? undefined : compileTemplate(props.payload);
    this.#contentType = props.contentType ?? (props.payload === undefined ? "application/json" : undefined);
    this.#persistent = props.persistent;
    this.#mandatory = props.mandatory;
  }

  build(record: EventRecord): Built {
    const exchange = this.exchange.render(record);
    if (Buffer.byteLength(exchange) > maxShortString) {
      return { ok: false, reason: `the exchange rendered for a ${record.hook} record is over 255 bytes` };
    }
    const routingKey = this.#routingKey.render(record);
    if (Buffer.byteLength(routingKey) > maxShortString) {
      return { ok: false, reason: `the routing key rendered for a ${record.hook} record is over 255 bytes` };
    }
    const json = JSON.stringify(record);
    const body = Buffer.from(this.#payload === undefined ? json : this.#payload.render(record));
    const options: Options.Publish = {
      // deliveryMode 2 (persistent) or 1.
      deliveryMode: this.#persistent ? 2 : 1,
      mandatory: this.#mandatory,
      messageId: recordId(json),
      timestamp: Math.floor(Date.parse(record.time) / 1000),
      appId: "exhook",
      // AMQP header values are typed: the clientid stays a string even when it looks like a number.
      headers: { hook: record.hook, clientid: record.clientid, node: record.node },
    };
    if (this.#contentType !== undefined) options.contentType = this.#contentType;
    return { ok: true, message: { exchange, routingKey, body, options } };
  }
}
