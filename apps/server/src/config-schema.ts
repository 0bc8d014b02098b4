// Validates the raw config into a typed ServerConfig; every problem is a ConfigError naming its key path.
import { readFile } from "node:fs/promises";
import { isAbsolute, resolve } from "node:path";
import type { FailurePolicy, HookName, HookPolicy, LogLevel } from "@exhook/core";
import { topicFilterProblem } from "@exhook/core";
import { ConfigError, join } from "./config-error.js";
import type { RawConfig } from "./config-read.js";
import { expandHookPattern, isMessageHookName } from "./hook-names.js";

export interface TlsConfig {
  cert: Buffer;
  key: Buffer;
  ca?: Buffer;
  requireClientCert: boolean;
}

export interface ServerSection {
  host: string;
  port: number;
  tls?: TlsConfig;
  /** The time budget of hooks without their own, ms. */
  timeoutMs: number;
  offer: "registered" | "all";
  /** How long SIGTERM waits for in-flight calls and sink queues, ms. */
  shutdownDeadlineMs: number;
  maxReceiveMessageBytes?: number;
}

export interface AdminSection {
  enabled: boolean;
  host: string;
  port: number;
  token?: string;
  /** Whether /metrics needs the token too (when one is set). */
  metricsRequireToken: boolean;
}

export interface EmqxSection {
  /** `exhook.servers[].name` in the printed snippet. */
  name: string;
  /** The URL the broker reaches this server at; default: the listening address. */
  url?: string;
  requestTimeout: string;
  failedAction: "deny" | "ignore";
  poolSize: number;
}

export interface LogSection {
  level: LogLevel;
  pretty: "auto" | boolean;
  /** Print the address, hooks and EMQX snippet at start. */
  banner: boolean;
}

export interface SinkConfig {
  type: string;
  /** Everything but `type` and `options`, handed to the sink's `configure`. */
  props: Record<string, unknown>;
  /** The runtime's options: maxQueue, overflow, batchSize, lingerMs, retry, payloadEncoding. */
  options: Record<string, unknown>;
}

export interface RouteConfig {
  hooks: HookName[];
  topics: string[];
  sinks: string[];
}

export interface AuthnConfig {
  usersFile: string;
  /** A username not in the file: `deny` (default) or `pass` (leave it to the broker's other authenticators). */
  unknownUser: "deny" | "pass";
  /** A client with no username. */
  anonymous: "deny" | "pass";
}

export type AclAction = "publish" | "subscribe" | "all";

export interface AclRule {
  permission: "allow" | "deny";
  action: AclAction;
  /** `*` matches any run of characters; absent matches everyone. */
  username?: string;
  clientid?: string;
  /** Topic filters with `${username}` / `${clientid}` placeholders; absent or empty matches every topic. */
  topics: string[];
}

export interface AclConfig {
  rules: AclRule[];
  /** When no rule matches: allow, deny (default) or pass (leave it to the broker). */
  default: "allow" | "deny" | "pass";
}

export interface RewriteRule {
  /** An MQTT topic filter, or … */
  topic?: string;
  /** … a regular expression on the whole topic. */
  regex?: RegExp;
  /** The new topic: `$1`… (regex groups or the levels `+`/`#` matched), `${topic}`, `${clientid}`, `${username}`. */
  to: string;
}

export interface ServerConfig {
  /** The directory relative paths are resolved from (the config file's). */
  baseDir: string;
  server: ServerSection;
  admin: AdminSection;
  emqx: EmqxSection;
  log: LogSection;
  hooks: Partial<Record<HookName, HookPolicy>>;
  sinks: Record<string, SinkConfig>;
  routes: RouteConfig[];
  authn?: AuthnConfig;
  acl?: AclConfig;
  rewrite: RewriteRule[];
  /** Absolute path of the handlers module. */
  handlers?: string;
}

/** Handler groups the server creates itself; sinks cannot take these names (drivers share one namespace). */
export const reservedDriverNames = new Set(["default", "authn", "acl", "rewrite", "handlers"]);

type Sources = ReadonlyMap<string, string>;

class Reader {
  constructor(
    readonly sources: Sources,
    readonly baseDir: string,
  ) {}

  fail(path: string, reason: string): never {
    const from = this.sources.get(path);
    throw new ConfigError(from === undefined ? path : `${path} (from ${from})`, reason);
  }

  section(raw: RawConfig, key: string, known?: readonly string[]): Record<string, unknown> {
    const value = raw[key];
    if (value === undefined || value === null) return {};
    return this.object(key, value, known);
  }

  object(path: string, value: unknown, known: readonly string[] | undefined): Record<string, unknown> {
    if (value === null || typeof value !== "object" || Array.isArray(value))
      this.fail(path, "must be a mapping");
    if (known !== undefined) {
      for (const key of Object.keys(value)) {
        if (!known.includes(key)) this.fail(join(path, key), `unknown key (known: ${known.join(", ")})`);
      }
    }
    return value as Record<string, unknown>;
  }

  string(path: string, value: unknown, fallback?: string): string {
    if (value === undefined || value === null) {
      if (fallback !== undefined) return fallback;
      this.fail(path, "is required");
    }
    if (typeof value !== "string" || value === "") this.fail(path, "must be a non-empty string");
    return value;
  }

  optionalString(path: string, value: unknown): string | undefined {
    return value === undefined || value === null ? undefined : this.string(path, value);
  }

  number(path: string, value: unknown, fallback: number, min: number, max: number, integer = true): number {
    if (value === undefined || value === null) return fallback;
    const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
    const kind = integer ? "an integer" : "a number";
    if (typeof n !== "number" || !Number.isFinite(n) || (integer && !Number.isInteger(n))) {
      this.fail(path, `must be ${kind} from ${min} to ${max}`);
    }
    if (n < min || n > max) this.fail(path, `must be ${kind} from ${min} to ${max}`);
    return n;
  }

  port(path: string, value: unknown, fallback: number): number {
    if (value === undefined || value === null) return fallback;
    const n = typeof value === "string" && /^\d+$/.test(value.trim()) ? Number(value) : value;
    if (typeof n !== "number" || !Number.isInteger(n) || n < 0 || n > 65535) {
      this.fail(path, `must be a port number from 0 to 65535, not ${JSON.stringify(value)}`);
    }
    return n;
  }

  boolean(path: string, value: unknown, fallback: boolean): boolean {
    if (value === undefined || value === null) return fallback;
    if (value === true || value === "true") return true;
    if (value === false || value === "false") return false;
    this.fail(path, "must be true or false");
  }

  oneOf<const V extends string>(path: string, value: unknown, values: readonly V[], fallback: V): V {
    if (value === undefined || value === null) return fallback;
    if (typeof value === "string" && (values as readonly string[]).includes(value)) return value as V;
    const listed = values.map((v) => `"${v}"`);
    this.fail(
      path,
      `must be ${listed.slice(0, -1).join(", ")} or ${listed.at(-1)}, not ${JSON.stringify(value)}`,
    );
  }

  stringList(path: string, value: unknown, allowEmpty = true): string[] {
    if (value === undefined || value === null) {
      if (allowEmpty) return [];
      this.fail(path, "is required");
    }
    const list = typeof value === "string" ? [value] : value;
    if (!Array.isArray(list)) this.fail(path, "must be a list of strings");
    if (!allowEmpty && list.length === 0) this.fail(path, "cannot be empty");
    return list.map((item, i) => this.string(join(path, i), item));
  }

  path(path: string, value: unknown): string {
    const file = this.string(path, value);
    return isAbsolute(file) ? file : resolve(this.baseDir, file);
  }

  async pem(path: string, value: unknown): Promise<Buffer> {
    const text = this.string(path, value);
    // Inline PEM (e.g. from a Kubernetes secret in an env var) or a file path.
    if (text.startsWith("-----BEGIN")) return Buffer.from(text);
    const file = isAbsolute(text) ? text : resolve(this.baseDir, text);
    try {
      return await readFile(file);
    } catch (error) {
      this.fail(path, `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
  }
}

const topLevelKeys = [
  "server",
  "admin",
  "emqx",
  "log",
  "hooks",
  "sinks",
  "routes",
  "authn",
  "acl",
  "rewrite",
  "handlers",
] as const;

/** Checks everything that can be checked without loading sink packages (their props are checked by them). */
export async function validateConfig(
  raw: RawConfig,
  baseDir: string,
  sources: Sources = new Map(),
): Promise<ServerConfig> {
  const r = new Reader(sources, baseDir);
  r.object("", raw, topLevelKeys);

  const config: ServerConfig = {
    baseDir,
    server: await serverSection(r, raw),
    admin: adminSection(r, raw),
    emqx: emqxSection(r, raw),
    log: logSection(r, raw),
    hooks: hooksSection(r, raw),
    sinks: sinksSection(r, raw),
    routes: [],
    rewrite: rewriteSection(r, raw),
  };
  config.routes = routesSection(
    r,
    raw["routes"],
    "routes",
    (name) => config.sinks[name] !== undefined,
    Object.keys(config.sinks),
  );
  const authn = authnSection(r, raw);
  if (authn !== undefined) config.authn = authn;
  const acl = aclSection(r, raw);
  if (acl !== undefined) config.acl = acl;
  if (raw["handlers"] !== undefined && raw["handlers"] !== null)
    config.handlers = r.path("handlers", raw["handlers"]);
  return config;
}

async function serverSection(r: Reader, raw: RawConfig): Promise<ServerSection> {
  const s = r.section(raw, "server", [
    "host",
    "port",
    "tls",
    "timeoutMs",
    "offer",
    "shutdownDeadlineMs",
    "maxReceiveMessageBytes",
  ]);
  const out: ServerSection = {
    host: r.string("server.host", s["host"], "0.0.0.0"),
    port: r.port("server.port", s["port"], 9000),
    timeoutMs: r.number("server.timeoutMs", s["timeoutMs"], 4000, 1, 600_000),
    offer: r.oneOf("server.offer", s["offer"], ["registered", "all"], "registered"),
    shutdownDeadlineMs: r.number("server.shutdownDeadlineMs", s["shutdownDeadlineMs"], 10_000, 0, 600_000),
  };
  if (s["maxReceiveMessageBytes"] !== undefined) {
    out.maxReceiveMessageBytes = r.number(
      "server.maxReceiveMessageBytes",
      s["maxReceiveMessageBytes"],
      0,
      1024,
      2 ** 30,
    );
  }
  if (s["tls"] !== undefined && s["tls"] !== null && s["tls"] !== false) {
    const t = r.object("server.tls", s["tls"], ["cert", "key", "ca", "requireClientCert"]);
    const requireClientCert = r.boolean("server.tls.requireClientCert", t["requireClientCert"], false);
    if (requireClientCert && t["ca"] === undefined) {
      r.fail(
        "server.tls.ca",
        "is required when requireClientCert is true (the CA that signs client certificates)",
      );
    }
    const tls: TlsConfig = {
      cert: await r.pem("server.tls.cert", t["cert"]),
      key: await r.pem("server.tls.key", t["key"]),
      requireClientCert,
    };
    if (t["ca"] !== undefined) tls.ca = await r.pem("server.tls.ca", t["ca"]);
    out.tls = tls;
  }
  return out;
}

function adminSection(r: Reader, raw: RawConfig): AdminSection {
  if (raw["admin"] === false)
    return { enabled: false, host: "127.0.0.1", port: 9001, metricsRequireToken: true };
  const a = r.section(raw, "admin", ["enabled", "host", "port", "token", "metricsRequireToken"]);
  const out: AdminSection = {
    enabled: r.boolean("admin.enabled", a["enabled"], true),
    host: r.string("admin.host", a["host"], "127.0.0.1"),
    port: r.port("admin.port", a["port"], 9001),
    metricsRequireToken: r.boolean("admin.metricsRequireToken", a["metricsRequireToken"], true),
  };
  const token = r.optionalString("admin.token", a["token"]);
  if (token !== undefined) {
    if (token.length < 8) r.fail("admin.token", "must be at least 8 characters");
    out.token = token;
  }
  return out;
}

function emqxSection(r: Reader, raw: RawConfig): EmqxSection {
  const e = r.section(raw, "emqx", ["name", "url", "requestTimeout", "failedAction", "poolSize"]);
  const out: EmqxSection = {
    name: r.string("emqx.name", e["name"], "exhook"),
    requestTimeout: r.string("emqx.requestTimeout", e["requestTimeout"], "5s"),
    failedAction: r.oneOf("emqx.failedAction", e["failedAction"], ["deny", "ignore"], "deny"),
    poolSize: r.number("emqx.poolSize", e["poolSize"], 8, 1, 1024),
  };
  if (!/^\d+(ms|s|m)$/.test(out.requestTimeout))
    r.fail("emqx.requestTimeout", 'must be a duration such as "5s" or "500ms"');
  const url = r.optionalString("emqx.url", e["url"]);
  if (url !== undefined) {
    if (!/^https?:\/\/[^/]+$/.test(url))
      r.fail("emqx.url", 'must be "http://host:port" or "https://host:port"');
    out.url = url;
  }
  return out;
}

function logSection(r: Reader, raw: RawConfig): LogSection {
  const l = r.section(raw, "log", ["level", "pretty", "banner"]);
  const pretty =
    l["pretty"] === undefined || l["pretty"] === "auto"
      ? "auto"
      : r.boolean("log.pretty", l["pretty"], false);
  return {
    level: r.oneOf("log.level", l["level"], ["debug", "info", "warn", "error", "silent"], "info"),
    pretty,
    banner: r.boolean("log.banner", l["banner"], true),
  };
}

function hooksSection(r: Reader, raw: RawConfig): Partial<Record<HookName, HookPolicy>> {
  const h = r.section(raw, "hooks");
  const out: Partial<Record<HookName, HookPolicy>> = {};
  for (const [name, value] of Object.entries(h)) {
    const path = join("hooks", name);
    const hooks = expandHookPattern(name);
    if (hooks === undefined) r.fail(path, `unknown hook "${name}"`);
    const p = r.object(path, value, ["timeoutMs", "onFailure"]);
    const policy: HookPolicy = {};
    if (p["timeoutMs"] !== undefined)
      policy.timeoutMs = r.number(join(path, "timeoutMs"), p["timeoutMs"], 0, 1, 600_000);
    if (p["onFailure"] !== undefined) {
      policy.onFailure = r.oneOf<FailurePolicy>(
        join(path, "onFailure"),
        p["onFailure"],
        ["fail-open", "fail-closed"],
        "fail-open",
      );
    }
    for (const hook of hooks) out[hook] = { ...out[hook], ...policy };
  }
  return out;
}

function sinksSection(r: Reader, raw: RawConfig): Record<string, SinkConfig> {
  const s = r.section(raw, "sinks");
  const out: Record<string, SinkConfig> = {};
  for (const [name, value] of Object.entries(s)) {
    const path = join("sinks", name);
    if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(name))
      r.fail(path, "a sink name is letters, digits, '_', '.' and '-'");
    if (reservedDriverNames.has(name))
      r.fail(path, `"${name}" is the name of a built-in handler group; pick another`);
    const { type, options, ...props } = r.object(path, value, undefined);
    out[name] = {
      type: r.string(join(path, "type"), type),
      props,
      options:
        options === undefined || options === null ? {} : r.object(join(path, "options"), options, undefined),
    };
  }
  return out;
}

/** Checks a list of routes (the config's `routes`, or those of an admin AddSink call). */
export function validateRoutes(
  value: unknown,
  base: string,
  hasSink: (name: string) => boolean,
  known: readonly string[],
): RouteConfig[] {
  return routesSection(new Reader(new Map(), "."), value, base, hasSink, known);
}

function routesSection(
  r: Reader,
  value: unknown,
  base: string,
  hasSink: (name: string) => boolean,
  known: readonly string[],
): RouteConfig[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) r.fail(base, "must be a list of routes");
  return value.map((item, i) => {
    const path = join(base, i);
    const o = r.object(path, item, ["hooks", "topics", "sinks"]);
    const hooks: HookName[] = [];
    r.stringList(join(path, "hooks"), o["hooks"], false).forEach((name, j) => {
      const expanded = expandHookPattern(name);
      if (expanded === undefined) r.fail(join(join(path, "hooks"), j), `unknown hook "${name}"`);
      for (const hook of expanded) if (!hooks.includes(hook)) hooks.push(hook);
    });
    const topics = r.stringList(join(path, "topics"), o["topics"]);
    topics.forEach((topic, j) => {
      const problem = topicFilterProblem(topic);
      if (problem !== undefined)
        r.fail(join(join(path, "topics"), j), `bad topic filter "${topic}": ${problem}`);
    });
    if (topics.length > 0) {
      const other = hooks.find((hook) => !isMessageHookName(hook));
      if (other !== undefined)
        r.fail(join(path, "topics"), `topics apply to message.* hooks only, and this route has "${other}"`);
    }
    const names = r.stringList(join(path, "sinks"), o["sinks"], false);
    names.forEach((name, j) => {
      if (!hasSink(name)) {
        r.fail(
          join(join(path, "sinks"), j),
          `no sink named "${name}" (sinks: ${known.length === 0 ? "none" : known.join(", ")})`,
        );
      }
    });
    return { hooks, topics, sinks: names };
  });
}

function authnSection(r: Reader, raw: RawConfig): AuthnConfig | undefined {
  if (raw["authn"] === undefined || raw["authn"] === null) return undefined;
  const a = r.object("authn", raw["authn"], ["usersFile", "unknownUser", "anonymous"]);
  return {
    usersFile: r.path("authn.usersFile", a["usersFile"]),
    unknownUser: r.oneOf("authn.unknownUser", a["unknownUser"], ["deny", "pass"], "deny"),
    anonymous: r.oneOf("authn.anonymous", a["anonymous"], ["deny", "pass"], "deny"),
  };
}

function aclSection(r: Reader, raw: RawConfig): AclConfig | undefined {
  if (raw["acl"] === undefined || raw["acl"] === null) return undefined;
  const a = r.object("acl", raw["acl"], ["rules", "default"]);
  const list = a["rules"] ?? [];
  if (!Array.isArray(list)) r.fail("acl.rules", "must be a list of rules");
  const rules = list.map((item, i): AclRule => {
    const path = join("acl.rules", i);
    const o = r.object(path, item, ["permission", "action", "username", "clientid", "topics"]);
    const rule: AclRule = {
      permission: r.oneOf(join(path, "permission"), o["permission"] ?? "", ["allow", "deny"], "deny"),
      action: r.oneOf(join(path, "action"), o["action"], ["publish", "subscribe", "all"], "all"),
      topics: r.stringList(join(path, "topics"), o["topics"]),
    };
    rule.topics.forEach((topic, j) => {
      // Any other `${…}` would be matched literally and never match: a typo in a deny rule would fail open.
      const unknown = /\$\{(?!(?:username|clientid)\})[^}]*\}?/.exec(topic)?.[0];
      if (unknown !== undefined)
        r.fail(
          join(join(path, "topics"), j),
          `unknown placeholder "${unknown}" (known: \${username}, \${clientid})`,
        );
      const problem = topicFilterProblem(topic.replaceAll("${username}", "u").replaceAll("${clientid}", "c"));
      if (problem !== undefined)
        r.fail(join(join(path, "topics"), j), `bad topic filter "${topic}": ${problem}`);
    });
    const username = r.optionalString(join(path, "username"), o["username"]);
    if (username !== undefined) rule.username = username;
    const clientid = r.optionalString(join(path, "clientid"), o["clientid"]);
    if (clientid !== undefined) rule.clientid = clientid;
    return rule;
  });
  return { rules, default: r.oneOf("acl.default", a["default"], ["allow", "deny", "pass"], "deny") };
}

function rewriteSection(r: Reader, raw: RawConfig): RewriteRule[] {
  const value = raw["rewrite"];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) r.fail("rewrite", "must be a list of rules");
  return value.map((item, i) => {
    const path = join("rewrite", i);
    const o = r.object(path, item, ["topic", "regex", "to"]);
    const rule: RewriteRule = { to: r.string(join(path, "to"), o["to"]) };
    if ((o["topic"] === undefined) === (o["regex"] === undefined))
      r.fail(path, "needs exactly one of topic or regex");
    if (o["topic"] !== undefined) {
      const topic = r.string(join(path, "topic"), o["topic"]);
      const problem = topicFilterProblem(topic);
      if (problem !== undefined) r.fail(join(path, "topic"), `bad topic filter "${topic}": ${problem}`);
      rule.topic = topic;
    } else {
      const source = r.string(join(path, "regex"), o["regex"]);
      try {
        rule.regex = new RegExp(source);
      } catch (error) {
        r.fail(join(path, "regex"), `bad regular expression: ${(error as Error).message}`);
      }
    }
    return rule;
  });
}
