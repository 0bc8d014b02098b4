// One MQTT client played against the ExHook server: each method runs the hooks of one MQTT flow in EMQX's order.
// Over 400 lines on purpose: one method per MQTT flow, kept side by side so the broker's call order reads top
// to bottom in one place.

import type { HookName } from "@exhook/proto";
import type { BrokerContext, Session } from "./context.js";
import { type BrokerMessage, foldBool, foldMessage } from "./fold.js";
import {
  type ClientIdentity,
  clientInfoInit,
  connInfoInit,
  type Init,
  messageInit,
  newMessage,
  propertiesInit,
  type SubscriptionOptions,
  subOptsInit,
  topicFilterInit,
  unshared,
  wireTopic,
} from "./requests.js";
import { route } from "./router.js";
import { matcherOf } from "./topic-match.js";
import type { CallRecord, ValuedAnswer } from "./views.js";

/** Who the client is. Only `clientid` is required. */
export interface FakeClientOptions {
  readonly clientid: string;
  /** Default `""` (an anonymous client). */
  readonly username?: string;
  readonly password?: string;
  /** `"3"`, `"4"` or `"5"`; default `"5"` (`"4"` on v1). */
  readonly protoVer?: "3" | "4" | "5";
  /** Default `127.0.0.1`. */
  readonly peerhost?: string;
  /** Default a port from 50000 up (v2/v3 only send it). */
  readonly peerport?: number;
  /** The listener port; default 1883. */
  readonly sockport?: number;
  /** Default 60. */
  readonly keepalive?: number;
  readonly mountpoint?: string;
  readonly isSuperuser?: boolean;
  /** TLS client certificate common name / subject. */
  readonly cn?: string;
  readonly dn?: string;
  /**
   * The broker's authentication result before ExHook is asked (the request's `result`), kept when the
   * server IGNOREs. Default `true` on v1 and v3, `false` on v2: EMQX 5.0–5.8 rejects a client every server
   * IGNOREd. When `client.authenticate` is not installed the client is let in unless this is set to `false`.
   */
  readonly authResult?: boolean;
  /** The broker's authorization result before ExHook is asked (`no_match = allow` by default): default `true`. */
  readonly authorizeResult?: boolean;
}

/** MQTT 5 properties as name → value (sent as `props`; `userProperties` as v3's `user_props`). */
export interface PropertyOptions {
  readonly properties?: Readonly<Record<string, string>>;
  /** Only v3 brokers send user properties. */
  readonly userProperties?: Readonly<Record<string, string>>;
}

export interface ConnectOptions extends PropertyOptions {
  /**
   * Default true. With `false`, an existing session of this clientid is taken over (another live client)
   * or resumed (an offline one), and `session.resumed` replaces `session.created`.
   */
  readonly cleanStart?: boolean;
}

export interface ConnectResult {
  /** Whether the broker lets the client in after folding the authenticate answer. */
  readonly authenticated: boolean;
  /** The `result_code` sent in `client.connack`: `success` or `not_authorized`. */
  readonly resultCode: "success" | "not_authorized";
  readonly sessionPresent: boolean;
  /** The `client.authenticate` call, when the hook is installed. */
  readonly authenticate: CallRecord | undefined;
  /** Its decoded answer. */
  readonly answer: ValuedAnswer | undefined;
}

export interface SubscribeOptions extends PropertyOptions {
  /** Default 0. */
  readonly qos?: 0 | 1 | 2;
  readonly rh?: number;
  readonly rap?: number;
  /** No local: 1 keeps this client's own messages from it. */
  readonly nl?: 0 | 1;
}

export interface FilterResult {
  readonly filter: string;
  readonly allowed: boolean;
  /** The `client.authorize` (`client.check_acl` on v1) call, when installed. */
  readonly authorize: CallRecord | undefined;
}

export interface SubscribeResult {
  /** Every filter was authorized. */
  readonly allowed: boolean;
  readonly filters: readonly FilterResult[];
}

export interface PublishOptions extends PropertyOptions {
  /** Default 0. */
  readonly qos?: 0 | 1 | 2;
  /**
   * The subscribers that get the message, instead of the ones the fake broker routes to from the
   * subscriptions it saw (`[]` means nobody: the message is dropped with `no_subscribers`).
   */
  readonly deliverTo?: readonly FakeClient[];
}

/** The message after `message.publish`, as EMQX would route it. */
export interface EffectiveMessage {
  readonly id: string;
  readonly from: string;
  readonly topic: string;
  readonly qos: number;
  readonly payload: Uint8Array;
  /** The payload decoded as UTF-8. */
  readonly payloadText: string;
  readonly headers: Readonly<Record<string, string>>;
  /** `headers.allow_publish` is not `"false"`. */
  readonly allowPublish: boolean;
}

export interface PublishResult {
  /** The authorize (check_acl) result. */
  readonly authorized: boolean;
  /** Whether the broker routes the message: authorized and not `allow_publish: "false"`. */
  readonly allowed: boolean;
  readonly message: EffectiveMessage;
  /** The `message.publish` call, when it was made (installed and its topic filters match). */
  readonly publish: CallRecord | undefined;
  /** Its decoded answer. */
  readonly answer: ValuedAnswer | undefined;
  /** Clientids the message was delivered to. */
  readonly deliveredTo: readonly string[];
  /** `no_subscribers` when the message went nowhere. */
  readonly dropped: string | undefined;
}

export interface UnsubscribeResult {
  /** The filters this client had and no longer has. */
  readonly removed: readonly string[];
}

export interface DisconnectOptions {
  /** Keep the session (MQTT 5 session expiry): no `session.terminated`. Default false. */
  readonly keepSession?: boolean;
}

const textDecoder = new TextDecoder();
const textEncoder = new TextEncoder();
let nextPeerport = 50_000;

export class FakeClient {
  readonly clientid: string;
  readonly identity: ClientIdentity;
  readonly #ctx: BrokerContext;
  readonly #authResult: boolean;
  readonly #authResultSet: boolean;
  readonly #authorizeResult: boolean;
  #session: Session | undefined;

  constructor(ctx: BrokerContext, options: FakeClientOptions) {
    this.#ctx = ctx;
    this.clientid = options.clientid;
    this.identity = {
      clientid: options.clientid,
      username: options.username ?? "",
      password: options.password ?? "",
      peerhost: options.peerhost ?? "127.0.0.1",
      peerport: options.peerport ?? nextPeerport++,
      sockport: options.sockport ?? 1883,
      protoName: options.protoVer === "3" ? "MQIsdp" : "MQTT",
      protoVer: options.protoVer ?? (ctx.version === "v1" ? "4" : "5"),
      keepalive: options.keepalive ?? 60,
      mountpoint: options.mountpoint ?? "",
      isSuperuser: options.isSuperuser ?? false,
      cn: options.cn ?? "",
      dn: options.dn ?? "",
    };
    this.#authResult = options.authResult ?? ctx.version !== "v2";
    this.#authResultSet = options.authResult !== undefined;
    this.#authorizeResult = options.authorizeResult ?? true;
  }

  /** Whether the client is connected (authenticated and attached to its session). */
  get connected(): boolean {
    return this.#session?.connected === true && this.#ctx.sessions.get(this.clientid) === this.#session;
  }

  /** The filters the client's session holds, with their options. */
  get subscriptions(): ReadonlyMap<string, SubscriptionOptions> {
    const result = new Map<string, SubscriptionOptions>();
    if (this.#session !== undefined)
      for (const [f, s] of this.#session.subscriptions) result.set(f, s.options);
    return result;
  }

  /** The calls made for this client, in order. */
  get calls(): CallRecord[] {
    return this.#ctx.caller.calls.filter((call) => call.clientid === this.clientid);
  }

  /**
   * CONNECT: `client.connect` → `client.authenticate` → (an existing session: `session.discarded` or
   * `session.takenover` of it) → `session.created` or `session.resumed` → `client.connected` → `client.connack`.
   * A rejected client gets `client.connack` with `not_authorized` and nothing else.
   */
  async connect(options: ConnectOptions = {}): Promise<ConnectResult> {
    this.#ctx.caller.requireInstalled();
    // A second CONNECT on one connection is a protocol error in MQTT; a new client object models a new connection.
    if (this.connected) throw new Error(`client ${this.clientid} is already connected: disconnect() first`);
    const { version } = this.#ctx;
    const conninfo = connInfoInit(version, this.#ctx.profile, this.identity);
    await this.#hook("client.connect", { conninfo, ...this.#props(options) });

    const authenticate = await this.#hook("client.authenticate", {
      clientinfo: clientInfoInit(version, this.#ctx.profile, this.identity, true),
      result: this.#authResult,
    });
    // Without the hook, EMQX never asks ExHook: v2's IGNORE-means-reject quirk cannot apply.
    const authenticated =
      authenticate === undefined && !this.#authResultSet
        ? true
        : this.#foldBool(this.#authResult, authenticate);
    const answer = authenticate?.answer;
    if (!authenticated) {
      await this.#hook("client.connack", { conninfo, resultCode: "not_authorized", props: [] });
      return { authenticated, resultCode: "not_authorized", sessionPresent: false, authenticate, answer };
    }

    const cleanStart = options.cleanStart ?? true;
    const existing = this.#ctx.sessions.get(this.clientid);
    let sessionPresent = false;
    if (existing !== undefined && existing !== this.#session) {
      // Another client holds the session: EMQX discards it (clean start) or takes it over, on the old channel.
      await this.#endOther(existing, cleanStart ? "discarded" : "takenover");
    }
    if (existing !== undefined && !cleanStart) {
      this.#session = { identity: this.identity, subscriptions: existing.subscriptions, connected: true };
      sessionPresent = true;
    } else {
      if (existing !== undefined && existing === this.#session) {
        await this.#hook("session.discarded", { clientinfo: this.#clientinfo() });
      }
      this.#session = { identity: this.identity, subscriptions: new Map(), connected: true };
    }
    this.#ctx.sessions.set(this.clientid, this.#session);
    await this.#hook(sessionPresent ? "session.resumed" : "session.created", {
      clientinfo: this.#clientinfo(),
    });
    await this.#hook("client.connected", { clientinfo: this.#clientinfo() });
    await this.#hook("client.connack", { conninfo, resultCode: "success", props: [] });
    return { authenticated, resultCode: "success", sessionPresent, authenticate, answer };
  }

  /**
   * SUBSCRIBE: `client.authorize(SUBSCRIBE)` per filter → `client.subscribe` (the authorized filters) →
   * `session.subscribed` per authorized filter. A filter denied is left out of the later calls.
   */
  async subscribe(
    filters: string | readonly string[],
    options: SubscribeOptions = {},
  ): Promise<SubscribeResult> {
    const session = this.#requireConnected();
    const { version } = this.#ctx;
    const list = typeof filters === "string" ? [filters] : filters;
    const subopts: SubscriptionOptions = {
      qos: options.qos ?? 0,
      rh: options.rh ?? 0,
      rap: options.rap ?? 0,
      nl: options.nl ?? 0,
    };
    const results: FilterResult[] = [];
    for (const filter of list) {
      // Authorization is checked against the topic, without the `$share/<group>/` prefix.
      const authorize = await this.#hook("client.authorize", {
        clientinfo: this.#clientinfo(),
        type: 1,
        topic: unshared(filter),
        result: this.#authorizeResult,
      });
      results.push({ filter, allowed: this.#foldBool(this.#authorizeResult, authorize), authorize });
    }
    const granted = results.filter((r) => r.allowed).map((r) => r.filter);
    if (granted.length > 0) {
      await this.#hook("client.subscribe", {
        clientinfo: this.#clientinfo(),
        topicFilters: granted.map((filter) => topicFilterInit(version, filter, subopts)),
        ...this.#props(options),
      });
      for (const filter of granted) {
        session.subscriptions.set(filter, { options: subopts, matches: matcherOf([filter]) });
        await this.#hook("session.subscribed", {
          clientinfo: this.#clientinfo(),
          topic: wireTopic(version, filter),
          subopts: subOptsInit(version, filter, subopts),
        });
      }
    }
    return { allowed: granted.length === list.length, filters: results };
  }

  /**
   * PUBLISH: `client.authorize(PUBLISH)` → `message.publish` → per subscriber `message.delivered` (and
   * `message.acked` when delivered at QoS ≥ 1), or `message.dropped` (`no_subscribers`) when nobody gets it.
   * A message denied or answered with `allow_publish: "false"` goes nowhere, with no further calls.
   */
  async publish(
    topic: string,
    payload: string | Uint8Array,
    options: PublishOptions = {},
  ): Promise<PublishResult> {
    this.#requireConnected();
    const qos = options.qos ?? 0;
    const bytes = typeof payload === "string" ? textEncoder.encode(payload) : payload;
    let message = newMessage(this.#ctx.profile, this.identity, topic, bytes, qos);

    const authorize = await this.#hook("client.authorize", {
      clientinfo: this.#clientinfo(),
      type: 0,
      topic,
      result: this.#authorizeResult,
    });
    const authorized = this.#foldBool(this.#authorizeResult, authorize);
    if (!authorized) return publishResult(false, false, message, undefined, [], undefined);

    const publish = await this.#hook(
      "message.publish",
      { message: messageInit(message), ...this.#props(options, "publish") },
      topic,
    );
    // A failed call leaves the message unchanged under both failed_action settings.
    if (publish !== undefined && publish.error === undefined)
      message = foldMessage(message, publish.answer).result;
    if (message.headers["allow_publish"] === "false") {
      return publishResult(true, false, message, publish, [], undefined);
    }

    const deliveries =
      options.deliverTo === undefined
        ? route(this.#ctx.sessions, message.topic, message.qos, this.clientid)
        : options.deliverTo.map((client) => client.#deliveryFor(message));
    if (deliveries.length === 0) {
      await this.#hook(
        "message.dropped",
        { message: messageInit(message), reason: "no_subscribers" },
        message.topic,
      );
      return publishResult(true, true, message, publish, [], "no_subscribers");
    }
    for (const delivery of deliveries) {
      const clientinfo = clientInfoInit(this.#ctx.version, this.#ctx.profile, delivery.session.identity);
      const delivered = { clientinfo, message: messageInit(message, delivery.qos) };
      await this.#hook("message.delivered", delivered, message.topic, delivery.clientid);
      if (delivery.qos > 0) await this.#hook("message.acked", delivered, message.topic, delivery.clientid);
    }
    const deliveredTo = deliveries.map((d) => d.clientid);
    return publishResult(true, true, message, publish, deliveredTo, undefined);
  }

  /** UNSUBSCRIBE: `client.unsubscribe` → `session.unsubscribed` for each filter the session had. */
  async unsubscribe(
    filters: string | readonly string[],
    options: PropertyOptions = {},
  ): Promise<UnsubscribeResult> {
    const session = this.#requireConnected();
    const { version } = this.#ctx;
    const list = typeof filters === "string" ? [filters] : filters;
    const none: SubscriptionOptions = { qos: 0, rh: 0, rap: 0, nl: 0 };
    await this.#hook("client.unsubscribe", {
      clientinfo: this.#clientinfo(),
      topicFilters: list.map((filter) => topicFilterInit(version, filter, none)),
      ...this.#props(options),
    });
    const removed: string[] = [];
    for (const filter of list) {
      // EMQX runs session.unsubscribed only for a subscription that existed.
      if (!session.subscriptions.delete(filter)) continue;
      removed.push(filter);
      await this.#hook("session.unsubscribed", {
        clientinfo: this.#clientinfo(),
        topic: wireTopic(version, filter),
      });
    }
    return { removed };
  }

  /** The connection closes: `client.disconnected` → `session.terminated` (unless the session is kept). */
  async disconnect(reason = "normal", options: DisconnectOptions = {}): Promise<void> {
    const session = this.#requireConnected();
    await this.#hook("client.disconnected", { clientinfo: this.#clientinfo(), reason });
    session.connected = false;
    if (options.keepSession === true) return;
    await this.#hook("session.terminated", { clientinfo: this.#clientinfo(), reason });
    this.#ctx.sessions.delete(this.clientid);
    this.#session = undefined;
  }

  /** `session.takenover` (v1: `session.takeovered`) alone, for this client's session. */
  async takenover(): Promise<CallRecord | undefined> {
    this.#ctx.caller.requireInstalled();
    return this.#hook("session.takenover", { clientinfo: this.#clientinfo() });
  }

  /** `session.discarded` alone, for this client's session. */
  async discarded(): Promise<CallRecord | undefined> {
    this.#ctx.caller.requireInstalled();
    return this.#hook("session.discarded", { clientinfo: this.#clientinfo() });
  }

  /** `session.resumed` alone, for this client's session. */
  async resumed(): Promise<CallRecord | undefined> {
    this.#ctx.caller.requireInstalled();
    return this.#hook("session.resumed", { clientinfo: this.#clientinfo() });
  }

  /** The old owner's side of a takeover or discard: the session hook, then its connection closes. */
  async #endOther(existing: Session, how: "discarded" | "takenover"): Promise<void> {
    const clientinfo = clientInfoInit(this.#ctx.version, this.#ctx.profile, existing.identity);
    await this.#hook(how === "discarded" ? "session.discarded" : "session.takenover", { clientinfo });
    if (existing.connected) {
      existing.connected = false;
      await this.#hook("client.disconnected", { clientinfo, reason: how });
    }
  }

  #deliveryFor(message: BrokerMessage): { clientid: string; session: Session; qos: number } {
    const session = this.#session ?? { identity: this.identity, subscriptions: new Map(), connected: false };
    let qos = message.qos;
    for (const subscription of session.subscriptions.values()) {
      if (subscription.matches(message.topic)) qos = Math.min(message.qos, subscription.options.qos);
    }
    return { clientid: this.clientid, session, qos };
  }

  #requireConnected(): Session {
    this.#ctx.caller.requireInstalled();
    if (!this.connected || this.#session === undefined) {
      throw new Error(`client ${this.clientid} is not connected: call connect() first`);
    }
    return this.#session;
  }

  #clientinfo(): Init {
    return clientInfoInit(this.#ctx.version, this.#ctx.profile, this.identity);
  }

  /** `props` always; `user_props` only on v3. */
  #props(options: PropertyOptions, kind: "client" | "publish" = "client"): Init {
    const init: Init = { props: propertiesInit(options.properties) };
    if (this.#ctx.version === "v3") init["userProps"] = propertiesInit(options.userProperties);
    if (kind === "publish" && this.#ctx.version !== "v3") delete init["props"];
    return init;
  }

  /** An error or timeout is `failed_action`: deny → false, ignore → what the broker had. */
  #foldBool(initial: boolean, call: CallRecord | undefined): boolean {
    if (call?.error !== undefined) return this.#ctx.failedAction === "deny" ? false : initial;
    return foldBool(initial, call?.answer).result;
  }

  #hook(
    hook: HookName,
    init: Init,
    topic?: string,
    clientid = this.clientid,
  ): Promise<CallRecord | undefined> {
    const request = { ...init, meta: this.#ctx.meta };
    return this.#ctx.caller.hook(hook, request, topic === undefined ? { clientid } : { clientid, topic });
  }
}

function publishResult(
  authorized: boolean,
  allowed: boolean,
  message: BrokerMessage,
  publish: CallRecord | undefined,
  deliveredTo: readonly string[],
  dropped: string | undefined,
): PublishResult {
  const effective: EffectiveMessage = {
    id: message.id,
    from: message.from,
    topic: message.topic,
    qos: message.qos,
    payload: message.payload,
    payloadText: textDecoder.decode(message.payload),
    headers: message.headers,
    allowPublish: message.headers["allow_publish"] !== "false",
  };
  return { authorized, allowed, message: effective, publish, answer: publish?.answer, deliveredTo, dropped };
}
