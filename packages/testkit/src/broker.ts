// The fake EMQX node: loads the ExHook server, hands out clients, and keeps the log of every call made.
import type { Transport } from "@connectrpc/connect";
import type { HookName, ProtocolVersion } from "@exhook/proto";
import { FakeClient, type FakeClientOptions } from "./client.js";
import type { BrokerContext, FailedAction, Session } from "./context.js";
import { FakeBrokerError } from "./errors.js";
import { HookCaller } from "./hook-caller.js";
import { type NodeProfile, nodeProfile } from "./node-profile.js";
import { brokerInfoInit, type Init, metaInit } from "./requests.js";
import type { FakeBrokerTls } from "./transport.js";
import type { CallRecord, HookSpecView, ValuedAnswer } from "./views.js";

export interface FakeBrokerOptions {
  /** The ExHook server: `http://host:port` (h2c) or `https://host:port` (TLS). Ignored with `transport`. */
  readonly url: string;
  /**
   * A Connect transport to call instead of `url`: e.g. `createRouterTransport` around an app's in-process
   * dispatch, so a test plays whole sessions against handlers with no socket (see the README).
   */
  readonly transport?: Transport;
  /** The ExHook protocol the broker speaks: v1 (EMQX 4.4), v2 (5.0–5.8), v3 (5.9+). */
  readonly version: ProtocolVersion;
  /** The node name in RequestMeta and ClientInfo; default `emqx@127.0.0.1`. */
  readonly node?: string;
  /** The EMQX release in BrokerInfo and RequestMeta; default `4.4.19`, `5.8.9` or `5.9.0`. */
  readonly brokerVersion?: string;
  readonly sysdescr?: string;
  /** Default `emqxcl`. */
  readonly clusterName?: string;
  /** When the node started (ms since the epoch), for BrokerInfo's uptime; default about an hour ago. */
  readonly startedAt?: number;
  /** TLS options for an `https://` URL. */
  readonly tls?: FakeBrokerTls;
  /** EMQX's `request_timeout`: the deadline of each call; default 5000 ms. */
  readonly timeoutMs?: number;
  /** EMQX's `failed_action` for errors and timeouts of valued hooks; default `deny`. */
  readonly failedAction?: FailedAction;
}

export interface LoadResult {
  /** The hooks the broker installed, in the server's wire spelling, with their topic filters. */
  readonly hooks: readonly HookSpecView[];
  readonly call: CallRecord;
}

export interface RawCallOptions {
  /** Tag the call with a clientid in the log. */
  readonly clientid?: string;
  readonly timeoutMs?: number;
  /** Leave out the RequestMeta the broker adds by default (like EMQX before 4.3.14 / 4.4.3). */
  readonly withoutMeta?: boolean;
}

export interface FakeBroker {
  readonly version: ProtocolVersion;
  readonly profile: NodeProfile;
  /** Every call made, in order. */
  readonly calls: readonly CallRecord[];
  /** The installed hooks, or `undefined` before `load()` / `install()` and after `unload()`. */
  readonly hooks: readonly HookSpecView[] | undefined;
  /** Calls with an error or deadline. */
  readonly failures: readonly CallRecord[];
  /** OnProviderLoaded: installs the hooks the server returns. Throws `load_failed` or `load_rejected`. */
  load(): Promise<LoadResult>;
  /**
   * Installs hooks without calling OnProviderLoaded: a broker that loaded the server before it restarted
   * (EMQX 5.0–5.8 may never load it again).
   */
  install(hooks: readonly { name: string; topics?: readonly string[] }[]): void;
  /** OnProviderUnloaded; afterwards no hook is installed. */
  unload(): Promise<CallRecord>;
  /** A client of this broker; nothing is called until its `connect()`. */
  client(options: FakeClientOptions): FakeClient;
  /** The calls of one hook: version-neutral (`client.authorize`), wire (`client.check_acl`) or RPC name. */
  callsFor(name: string): CallRecord[];
  /** The decoded answers of a valued hook's calls (`undefined` for a failed call), in order. */
  answersFor(name: string): (ValuedAnswer | undefined)[];
  /** The wire hook names called, in order (optionally for one clientid): handy for `toEqual([...])`. */
  sequence(clientid?: string): string[];
  /** Whether EMQX would call this hook (for a message.* hook, with a message on `topic`). */
  isHooked(hook: HookName, topic?: string): boolean;
  /** One call of any hook or RPC, installed or not, with `meta` added unless asked not to. */
  raw(name: string, init?: Init, options?: RawCallOptions): Promise<CallRecord>;
  /** Forgets the call log. */
  clearCalls(): void;
  /** Closes the HTTP/2 connection. */
  close(): void;
}

export function createFakeBroker(options: FakeBrokerOptions): FakeBroker {
  const { version } = options;
  const profile = nodeProfile(version, {
    ...(options.node === undefined ? {} : { node: options.node }),
    ...(options.brokerVersion === undefined ? {} : { brokerVersion: options.brokerVersion }),
    ...(options.sysdescr === undefined ? {} : { sysdescr: options.sysdescr }),
    ...(options.clusterName === undefined ? {} : { clusterName: options.clusterName }),
    ...(options.startedAt === undefined ? {} : { startedAt: options.startedAt }),
  });
  const timeoutMs = options.timeoutMs ?? 5000;
  const caller = new HookCaller(options.transport ?? options.url, version, timeoutMs, options.tls);
  const ctx: BrokerContext = {
    version,
    profile,
    caller,
    failedAction: options.failedAction ?? "deny",
    meta: metaInit(profile),
    sessions: new Map<string, Session>(),
  };

  return {
    version,
    profile,
    get calls() {
      return caller.calls;
    },
    get hooks() {
      return caller.hooks;
    },
    get failures() {
      return caller.calls.filter((call) => call.error !== undefined);
    },
    async load() {
      const entry = caller.resolve("OnProviderLoaded");
      const call = await caller.call(
        entry,
        { broker: brokerInfoInit(version, profile, new Date()), meta: ctx.meta },
        {},
      );
      if (call.error !== undefined) {
        throw new FakeBrokerError(
          "load_failed",
          `OnProviderLoaded failed: ${call.error.message}`,
          [],
          call.error,
        );
      }
      const response = call.response as unknown as { hooks: readonly HookSpecView[] };
      caller.install(response.hooks);
      return { hooks: caller.hooks ?? [], call };
    },
    install(hooks) {
      caller.install(hooks.map((hook) => ({ name: hook.name, topics: hook.topics ?? [] })));
    },
    async unload() {
      // EMQX 4 waits 3 s for the unload, EMQX 5 waits 5 s.
      const call = await caller.call(
        caller.resolve("OnProviderUnloaded"),
        { meta: ctx.meta },
        { timeoutMs: version === "v1" ? 3000 : 5000 },
      );
      caller.uninstall();
      return call;
    },
    client(clientOptions) {
      return new FakeClient(ctx, clientOptions);
    },
    callsFor(name) {
      const entry = caller.resolve(name);
      return caller.calls.filter((call) => call.rpc === entry.rpc);
    },
    answersFor(name) {
      return this.callsFor(name).map((call) => call.answer);
    },
    sequence(clientid) {
      const names: string[] = [];
      for (const call of caller.calls) {
        if (clientid !== undefined && call.clientid !== clientid) continue;
        names.push(call.wireHook ?? call.hook);
      }
      return names;
    },
    isHooked(hook, topic) {
      return caller.isHooked(hook, topic);
    },
    async raw(name, init = {}, rawOptions = {}) {
      const entry = caller.resolve(name);
      const request = rawOptions.withoutMeta === true ? init : { meta: ctx.meta, ...init };
      return caller.call(entry, request, { clientid: rawOptions.clientid, timeoutMs: rawOptions.timeoutMs });
    },
    clearCalls() {
      caller.calls.length = 0;
    },
    close() {
      caller.close();
    },
  };
}
