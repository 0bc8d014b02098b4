// What the sink publishes into: the exchange (declared when asked, else checked), the queue bound to it,
// and for exchange templates, each exchange a record names, checked once before the first publish to it.
import type { Template } from "@exhook/core/sink";
import type { ChannelModel, ConfirmChannel } from "amqplib";
import { replyCode } from "./connection.js";
import { bindingKeyOf, type RabbitmqSinkProps } from "./props.js";

/** How many exchange names are remembered as existing; past that the memory starts over. */
const maxKnown = 1000;

export type ExchangeCheck = { ok: true } | { ok: false; error: unknown };

export class Topology {
  readonly #props: RabbitmqSinkProps;
  readonly #exchange: Template;
  /** Exchanges known to exist on the current connection (the default exchange always does). */
  #known = new Set<string>([""]);

  constructor(props: RabbitmqSinkProps, exchange: Template) {
    this.#props = props;
    this.#exchange = exchange;
  }

  /**
   * Declares (or checks) a fixed exchange and the queue with its binding, on a fresh connection. A broker that
   * refuses (a missing exchange, a queue declared with other arguments, no permission) rejects with its error.
   */
  async setUp(model: ChannelModel, channel: ConfirmChannel): Promise<void> {
    this.#known = new Set([""]);
    const props = this.#props;
    const fixed = this.#exchange.fields.length === 0 ? this.#exchange.source : undefined;
    if (fixed !== undefined && fixed !== "") {
      if (props.declare) await channel.assertExchange(fixed, props.exchangeType, { durable: true });
      else {
        const check = await this.check(model, fixed);
        if (!check.ok) throw check.error;
      }
      this.#known.add(fixed);
    }
    if (props.queue !== undefined) {
      await channel.assertQueue(props.queue, { durable: true });
      // The default exchange binds every queue by its name already, and refuses explicit bindings.
      if (fixed !== "" && fixed !== undefined) {
        await channel.bindQueue(props.queue, fixed, bindingKeyOf(props));
      }
    }
  }

  /** Whether `name` is known to exist on this connection. */
  known(name: string): boolean {
    return this.#known.has(name);
  }

  /**
   * Makes sure exchange `name` exists: declares it (with `declare`) or checks it. The broker closes a channel
   * that asks about a missing exchange, so this uses a channel of its own and never the publishing one.
   */
  async check(model: ChannelModel, name: string): Promise<ExchangeCheck> {
    if (this.#known.has(name)) return { ok: true };
    const channel = await model.createChannel();
    channel.on("error", () => {});
    try {
      if (this.#props.declare) {
        await channel.assertExchange(name, this.#props.exchangeType, { durable: true });
      } else await channel.checkExchange(name);
      if (this.#known.size >= maxKnown) this.#known = new Set([""]);
      this.#known.add(name);
      return { ok: true };
    } catch (error) {
      // 404 (missing) or 406 (declared with another type): an answer about this exchange. Anything else is
      // about the connection and goes to the caller.
      const code = replyCode(error);
      if (code === 404 || code === 406 || code === 403) return { ok: false, error };
      throw error;
    } finally {
      await channel.close().catch(() => {});
    }
  }
}
