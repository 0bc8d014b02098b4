// Calls the ExHook server like EMQX's exhook client: only installed hooks, topic filters on message.*, a call log.
import { create, type DescMessage, type DescMethodUnary } from "@bufbuild/protobuf";
import { createClient, type Transport } from "@connectrpc/connect";
import {
  type HookName,
  hookProviders,
  type ProtocolVersion,
  type RpcEntry,
  rpcTable,
  wireHookNames,
} from "@exhook/proto";
import { FakeBrokerError } from "./errors.js";
import { decodeAnswer } from "./fold.js";
import type { Init } from "./requests.js";
import { matcherOf } from "./topic-match.js";
import { createBrokerTransport, type FakeBrokerTls } from "./transport.js";
import type { CallRecord, HookSpecView, RequestView, ValuedAnswer } from "./views.js";

type UnaryFn = (request: Init, options?: { timeoutMs?: number }) => Promise<{ readonly $typeName: string }>;

interface Rpc {
  readonly entry: RpcEntry;
  readonly input: DescMessage;
  readonly call: UnaryFn;
}

interface InstalledHook {
  readonly spec: HookSpecView;
  /** For message.* hooks: whether a message topic is one the hook asked for. */
  readonly matches: (topic: string) => boolean;
}

export interface CallOptions {
  readonly clientid?: string | undefined;
  readonly timeoutMs?: number | undefined;
}

export class HookCaller {
  readonly version: ProtocolVersion;
  readonly calls: CallRecord[] = [];
  readonly #rpcs = new Map<string, Rpc>();
  readonly #byHook = new Map<HookName, Rpc>();
  readonly #timeoutMs: number;
  readonly #closeTransport: () => void;
  #installed: Map<HookName, InstalledHook> | undefined;
  #closed = false;

  constructor(
    target: string | Transport,
    version: ProtocolVersion,
    timeoutMs: number,
    tls: FakeBrokerTls | undefined,
  ) {
    this.version = version;
    this.#timeoutMs = timeoutMs;
    // A transport given by the caller (in process) is theirs to close.
    const { transport, close } =
      typeof target === "string"
        ? createBrokerTransport(target, tls)
        : { transport: target, close: () => {} };
    this.#closeTransport = close;
    const service = hookProviders[version];
    // createClient keys its methods by localName; the service descriptor is generic here, so the methods are
    // looked up by name and given the request as a plain init object.
    const client = createClient(service, transport) as unknown as Record<string, UnaryFn>;
    for (const entry of rpcTable[version]) {
      const method = service.methods.find((m) => m.name === entry.rpc) as DescMethodUnary | undefined;
      const call = method === undefined ? undefined : client[method.localName];
      if (method === undefined || call === undefined)
        throw new Error(`no method ${entry.rpc} in ${service.typeName}`);
      const rpc: Rpc = { entry, input: method.input, call };
      this.#rpcs.set(entry.rpc, rpc);
      this.#byHook.set(entry.hook, rpc);
    }
  }

  /** The installed hooks in the server's order, or `undefined` before `install()`. */
  get hooks(): readonly HookSpecView[] | undefined {
    if (this.#installed === undefined) return undefined;
    return [...this.#installed.values()].map((hook) => hook.spec);
  }

  /** Installs the hooks a LoadedResponse named; an unknown name rejects the whole set, as EMQX does. */
  install(specs: readonly HookSpecView[]): void {
    const known = new Set(wireHookNames(this.version));
    const unknown = specs.filter((spec) => !known.has(spec.name)).map((spec) => spec.name);
    if (unknown.length > 0) {
      throw new FakeBrokerError(
        "load_rejected",
        `the server offered hooks a ${this.version} broker does not know: ${unknown.join(", ")}`,
        unknown,
      );
    }
    const installed = new Map<HookName, InstalledHook>();
    for (const spec of specs) {
      const rpc = this.#byWireHook(spec.name)!;
      const isMessageHook = rpc.entry.hook.startsWith("message.");
      const topics = [...spec.topics];
      // Topic filters only narrow message.* hooks; EMQX ignores them on the others.
      installed.set(rpc.entry.hook, {
        spec: { name: spec.name, topics },
        matches: isMessageHook ? matcherOf(topics) : () => true,
      });
    }
    this.#installed = installed;
  }

  uninstall(): void {
    this.#installed = undefined;
  }

  get installed(): boolean {
    return this.#installed !== undefined;
  }

  /** Whether EMQX would call this hook (for a message hook: for a message on this topic). */
  isHooked(hook: HookName, topic?: string): boolean {
    const installed = this.#installed?.get(hook);
    if (installed === undefined) return false;
    return topic === undefined || installed.matches(topic);
  }

  /** Throws unless hooks are installed: flows before `load()` are a test bug, not a broker behaviour. */
  requireInstalled(): void {
    if (this.#closed) throw new FakeBrokerError("closed", "the fake broker is closed");
    if (this.#installed === undefined) {
      throw new FakeBrokerError(
        "not_loaded",
        "no hooks installed: call broker.load() (or broker.install()) first",
      );
    }
  }

  /**
   * Calls a hook if EMQX would: it is installed and, for message.* hooks, the topic matches its filters
   * (`$SYS/...` messages never reach the message hooks). Returns `undefined` when the hook is not called.
   */
  async hook(
    hook: HookName,
    init: Init,
    options: CallOptions & { topic?: string },
  ): Promise<CallRecord | undefined> {
    const topic = options.topic;
    if (topic?.startsWith("$SYS/")) return undefined;
    if (!this.isHooked(hook, topic)) return undefined;
    return this.call(this.#byHook.get(hook)!, init, options);
  }

  /** Resolves a version-neutral hook name, a wire hook name or an RPC name. */
  resolve(name: string): RpcEntry {
    const rpc = this.#rpcs.get(name) ?? this.#byHook.get(name as HookName) ?? this.#byWireHook(name);
    if (rpc === undefined) {
      throw new FakeBrokerError("unknown_rpc", `"${name}" is no hook or RPC of protocol ${this.version}`, [
        name,
      ]);
    }
    return rpc.entry;
  }

  /** One call, whatever is installed; the request gets `meta` from the caller. */
  async call(rpcOrEntry: Rpc | RpcEntry, init: Init, options: CallOptions): Promise<CallRecord> {
    if (this.#closed) throw new FakeBrokerError("closed", "the fake broker is closed");
    const rpc = "call" in rpcOrEntry ? rpcOrEntry : this.#rpcs.get(rpcOrEntry.rpc)!;
    const request = create(rpc.input, init) as unknown as RequestView;
    const started = performance.now();
    let response: { readonly $typeName: string } | undefined;
    let error: Error | undefined;
    try {
      response = await rpc.call(request as unknown as Init, {
        timeoutMs: options.timeoutMs ?? this.#timeoutMs,
      });
    } catch (caught) {
      error = caught instanceof Error ? caught : new Error(String(caught));
    }
    const durationMs = performance.now() - started;
    let answer: ValuedAnswer | undefined;
    if (response !== undefined && rpc.entry.answer === "valued") {
      answer = decodeAnswer(response as unknown as Parameters<typeof decodeAnswer>[0]);
    }
    const record: CallRecord = {
      seq: this.calls.length,
      hook: rpc.entry.hook,
      wireHook: rpc.entry.wireHook,
      rpc: rpc.entry.rpc,
      clientid: options.clientid,
      request,
      response,
      answer,
      error,
      durationMs,
    };
    this.calls.push(record);
    return record;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#closeTransport();
  }

  #byWireHook(name: string): Rpc | undefined {
    for (const rpc of this.#rpcs.values()) if (rpc.entry.wireHook === name) return rpc;
    return undefined;
  }
}
