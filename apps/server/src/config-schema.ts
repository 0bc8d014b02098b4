// The config file's schema (zod): every key, its default and its rule; the types are inferred from it.
import { isAbsolute, resolve } from "node:path";
import type { FailurePolicy, HookName, HookPolicy } from "@exhook/core";
import type { GrpcConnectionLimits } from "@exhook/core/grpc";
import { topicFilterProblem } from "@exhook/core/mqtt";
import { sinkNameProblem as coreSinkNameProblem, routeProblems } from "@exhook/core/sink";
import { z } from "zod";
import { ConfigError, type ConfigProblem } from "./config-error.js";
import {
  boolean,
  booleanFromText,
  filePath,
  integer,
  list,
  mapping,
  mappings,
  nonEmptyString,
  oneOf,
  pem,
  port,
  regex,
  section,
  topicFilter,
  workerCountField,
} from "./config-fields.js";
import { configProblems, fallbackMessage, inFileOrder } from "./config-issues.js";
import type { RawConfig } from "./config-read.js";
import { expandHookPattern } from "./hook-names.js";

/** What the rules that look beyond one value need: where relative paths start, which sinks a route may name. */
export interface SchemaContext {
  baseDir: string;
  hasSink(name: string): boolean;
  /** For the message of a route naming an unknown sink. */
  sinkNames: readonly string[];
}

/** Handler groups the server creates itself; sinks cannot take these names (drivers share one namespace). */
export const reservedDriverNames = new Set(["default", "authn", "acl", "rewrite", "handlers"]);

/** Why `name` cannot name a sink, or `undefined` when it can: core's rule, and the server's own groups. */
export function sinkNameProblem(name: string): string | undefined {
  const problem = coreSinkNameProblem(name);
  if (problem !== undefined) return problem;
  if (reservedDriverNames.has(name)) return `"${name}" is the name of a built-in handler group; pick another`;
  return undefined;
}

/** A hook name or pattern (`client.*`, `*`, EMQX 4 names), expanded to the hooks it stands for. */
const hookNames = nonEmptyString().transform((name, ctx): HookName[] => {
  const hooks = expandHookPattern(name);
  if (hooks !== undefined) return hooks;
  ctx.issues.push({ code: "custom", message: `unknown hook "${name}"`, input: name });
  return z.NEVER;
});

export interface TlsConfig {
  cert: Buffer;
  key: Buffer;
  /** The CA that signs client certificates. */
  ca?: Buffer;
  requireClientCert: boolean;
}

function tlsSection(baseDir: string) {
  return section({
    cert: pem(baseDir).describe("the server certificate: a PEM file path or inline PEM text"),
    key: pem(baseDir).describe("its private key: a PEM file path or inline PEM text"),
    ca: pem(baseDir).optional().describe("the CA bundle that signs client certificates"),
    requireClientCert: boolean()
      .default(false)
      .describe("mutual TLS: a broker without a certificate signed by ca is refused"),
  })
    .check(
      z.refine((tls) => !(tls.requireClientCert && tls.ca === undefined), {
        path: ["ca"],
        error: "is required when requireClientCert is true (the CA that signs client certificates)",
        // Checked even when cert or key are wrong too, so both problems show at once.
        when: (payload) => {
          const value = payload.value as { requireClientCert?: unknown; ca?: unknown } | null;
          return value !== null && typeof value === "object" && value.ca === undefined;
        },
      }),
    )
    .transform(({ ca, ...tls }): TlsConfig => (ca === undefined ? tls : { ...tls, ca }));
}

function serverSection(baseDir: string) {
  return section({
    host: nonEmptyString().default("0.0.0.0").describe("the gRPC listening address"),
    port: port().default(9000).describe("the gRPC port; 0 picks a free one (EXHOOK_PORT overrides)"),
    tls: z
      .union([z.literal(false).transform(() => undefined), tlsSection(baseDir)], {
        error: "must be a mapping (cert, key, ca, requireClientCert) or false",
      })
      .optional()
      .describe("with cert and key the server speaks https:// (TLS, HTTP/2 over ALPN)"),
    timeoutMs: integer(1, 600_000).default(4000).describe("the time budget of hooks without their own, ms"),
    offer: oneOf(["registered", "all"])
      .default("registered")
      .describe("registered: the hooks with a handler or sink route, with topic filters; all: every hook"),
    transport: oneOf(["http2", "raw"])
      .default("http2")
      .describe(
        "http2: node:http2 (the default); raw: exhook's own HTTP/2 over net.Socket, several times less CPU per call (EXHOOK_TRANSPORT overrides)",
      ),
    workers: workerCountField()
      .default(1)
      .describe(
        'processes serving the gRPC port, each with its own handlers and sinks; "auto": one per core (EXHOOK_WORKERS overrides)',
      ),
    shutdownDeadlineMs: integer(0, 600_000)
      .default(10_000)
      .describe("SIGTERM: how long in-flight calls and sink queues get to finish, ms"),
    maxReceiveMessageBytes: integer(1024, 2 ** 30)
      .optional()
      .describe("the largest request accepted (1.25 MiB: EMQX's 1 MB largest MQTT packet and room)"),
    dataDir: nonEmptyString()
      .default("data")
      .transform((dir) => (isAbsolute(dir) ? dir : resolve(baseDir, dir)))
      .describe(
        "where the server keeps state: disk buffers of sinks under <dataDir>/sinks/<name> (EXHOOK_DATA_DIR overrides)",
      ),
    limits: limitsSection()
      .optional()
      .describe("what a client can make the gRPC port hold; the defaults fit EMQX (see @exhook/core)"),
  });
}

function limitsSection() {
  return section({
    maxBufferedRequestBytesPerConnection: integer(1024, 2 ** 31 - 1)
      .optional()
      .describe("bytes of requests still arriving one connection may hold (8 MiB)"),
    maxBufferedRequestBytes: integer(1024, 2 ** 31 - 1)
      .optional()
      .describe("the same for all connections together (64 MiB)"),
    prefaceTimeoutMs: integer(1, 600_000)
      .optional()
      .describe("a connection that sends no HTTP/2 preface by then is closed, ms (10000)"),
    idleTimeoutMs: integer(0, 86_400_000)
      .optional()
      .describe(
        "a connection that sends nothing, not even a PING, this long is closed, ms; 0: never (300000)",
      ),
    streamResetBurst: integer(1, 1_000_000_000)
      .optional()
      .describe("stream resets one connection may send at once before it is cut (10000)"),
    streamResetRate: integer(1, 1_000_000_000)
      .optional()
      .describe("resets per second refilled after the burst (1000)"),
  }).transform((limits): GrpcConnectionLimits => {
    // Only the keys set: core's defaults apply to the rest.
    const out: Record<string, number> = {};
    for (const [key, value] of Object.entries(limits)) if (value !== undefined) out[key] = value;
    return out;
  });
}

const adminEnabled = section({
  enabled: boolean().default(true),
  host: nonEmptyString()
    .default("127.0.0.1")
    .describe("loopback unless set (a container needs 0.0.0.0 for probes; EXHOOK_ADMIN_HOST overrides)"),
  port: port().default(9001).describe("the admin port (EXHOOK_ADMIN_PORT overrides)"),
  token: nonEmptyString()
    .min(8, { error: "must be at least 8 characters" })
    .optional()
    .describe("every admin call then needs authorization: Bearer <token> (EXHOOK_ADMIN_TOKEN overrides)"),
  metricsRequireToken: boolean()
    .default(true)
    .describe("whether /metrics needs the token too (when one is set)"),
});

const adminSection = z.union(
  [
    z.literal(false).transform(() => ({
      enabled: false,
      host: "127.0.0.1",
      port: 9001,
      token: undefined,
      metricsRequireToken: true,
    })),
    adminEnabled,
  ],
  { error: "must be a mapping (enabled, host, port, token, metricsRequireToken) or false" },
);

const emqxSection = section({
  name: nonEmptyString().default("exhook").describe("exhook.servers[].name in the printed snippet"),
  url: nonEmptyString()
    .regex(/^https?:\/\/[^/]+$/, { error: 'must be "http://host:port" or "https://host:port"' })
    .optional()
    .describe("the URL brokers reach this server at; default: the listening address"),
  requestTimeout: nonEmptyString()
    .regex(/^\d+(ms|s|m)$/, { error: 'must be a duration such as "5s" or "500ms"' })
    .default("5s")
    .describe("request_timeout in the printed snippet"),
  failedAction: oneOf(["deny", "ignore"]).default("deny").describe("failed_action in the printed snippet"),
  poolSize: integer(1, 1024).default(8).describe("pool_size in the printed snippet"),
});

const logSection = section({
  level: oneOf(["debug", "info", "warn", "error", "silent"])
    .default("info")
    .describe("EXHOOK_LOG_LEVEL overrides"),
  pretty: z
    .preprocess(
      booleanFromText,
      z.union([z.literal("auto"), z.boolean()], { error: 'must be "auto", true or false' }),
    )
    .default("auto")
    .describe("auto: pino-pretty on a terminal unless NODE_ENV=production; JSON lines otherwise"),
  banner: boolean().default(true).describe("print the address, hooks and EMQX snippet at start"),
});

/** Per hook or pattern; a pattern's policy applies to each hook it stands for. */
const hooksSection = z
  .record(
    z.string().superRefine((name, ctx) => {
      if (expandHookPattern(name) === undefined)
        ctx.addIssue({ code: "custom", message: `unknown hook "${name}"` });
    }),
    section({
      timeoutMs: integer(1, 600_000).optional().describe("the hook's time budget, ms"),
      onFailure: oneOf(["fail-open", "fail-closed"])
        .optional()
        .describe("fail-open answers as if nobody decided, fail-closed denies"),
    }),
  )
  .transform((entries) => {
    const out: Partial<Record<HookName, HookPolicy>> = {};
    for (const [name, value] of Object.entries(entries)) {
      const policy: HookPolicy = {};
      if (value.timeoutMs !== undefined) policy.timeoutMs = value.timeoutMs;
      if (value.onFailure !== undefined) policy.onFailure = value.onFailure satisfies FailurePolicy;
      for (const hook of expandHookPattern(name) ?? []) out[hook] = { ...out[hook], ...policy };
    }
    return out;
  });

/** `type` picks the sink, `options` are the runtime's; every other key is a property, checked by the sink. */
const sinksSection = z.record(
  z.string().superRefine((name, ctx) => {
    const problem = sinkNameProblem(name);
    if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem });
  }),
  z
    .looseObject(
      {
        type: nonEmptyString().describe(
          "log, memory, mqtt… (@exhook/sink-<type>), a package name, or ./file.js",
        ),
        options: mapping()
          .optional()
          .describe(
            "the runtime's: maxQueue, overflow, batchSize, lingerMs, retry, payloadEncoding, buffer (memory, disk), bufferDir, maxBufferBytes, fsyncIntervalMs, requestTtlMs",
          ),
      },
      { error: "must be a mapping with a type (log, memory, mqtt, …)" },
    )
    .transform(({ type, options, ...props }) => ({
      type,
      /** Everything but `type` and `options`, handed to the sink's `configure`. */
      props: props as Record<string, unknown>,
      /** The runtime's options: maxQueue, overflow, batchSize, lingerMs, retry, payloadEncoding. */
      options: options ?? {},
    })),
);

function routeSchema(context: SchemaContext) {
  const sinkName = nonEmptyString().superRefine((name, ctx) => {
    if (context.hasSink(name)) return;
    const known = context.sinkNames.length === 0 ? "none" : context.sinkNames.join(", ");
    ctx.addIssue({ code: "custom", message: `no sink named "${name}" (sinks: ${known})` });
  });
  return section({
    hooks: list(hookNames, { nonEmpty: true }).describe(
      "hook names or patterns: client.*, session.*, message.*, *",
    ),
    topics: list(topicFilter()).optional().describe("MQTT topic filters; message.* hooks only"),
    sinks: list(sinkName, { nonEmpty: true }).describe("names of sinks under sinks"),
  })
    .superRefine((route, ctx) => {
      // Each hook, filter and sink was checked above; what is left is core's rule across the lists.
      const expanded = { hooks: route.hooks.flat(), topics: route.topics ?? [], sinks: route.sinks };
      for (const problem of routeProblems(expanded)) {
        if (problem.key === "topics" && problem.index === undefined)
          ctx.addIssue({ code: "custom", path: ["topics"], message: problem.message });
      }
    })
    .transform((route) => ({
      hooks: [...new Set(route.hooks.flat())],
      topics: route.topics ?? [],
      sinks: route.sinks,
    }));
}

function authnSection(baseDir: string) {
  return section({
    usersFile: filePath(baseDir).describe(
      "YAML/JSON: users: [{ username, password }], password from hash-password",
    ),
    unknownUser: oneOf(["deny", "pass"])
      .default("deny")
      .describe("a username not in the file: deny, or pass (leave it to the broker's other authenticators)"),
    anonymous: oneOf(["deny", "pass"]).default("deny").describe("a client with no username"),
  });
}

/** A topic filter with `${username}` / `${clientid}` placeholders. */
const aclTopic = nonEmptyString().superRefine((topic, ctx) => {
  // Any other `${…}` would be matched literally and never match: a typo in a deny rule would fail open.
  const unknown = /\$\{(?!(?:username|clientid)\})[^}]*\}?/.exec(topic)?.[0];
  if (unknown !== undefined) {
    ctx.addIssue({
      code: "custom",
      message: `unknown placeholder "${unknown}" (known: \${username}, \${clientid})`,
    });
    return;
  }
  const problem = topicFilterProblem(topic.replaceAll("${username}", "u").replaceAll("${clientid}", "c"));
  if (problem !== undefined)
    ctx.addIssue({ code: "custom", message: `bad topic filter "${topic}": ${problem}` });
});

const aclSection = section({
  rules: mappings(
    section({
      permission: oneOf(["allow", "deny"]),
      action: oneOf(["publish", "subscribe", "all"]).default("all"),
      username: nonEmptyString()
        .optional()
        .describe("* matches any run of characters; absent matches everyone"),
      clientid: nonEmptyString()
        .optional()
        .describe("* matches any run of characters; absent matches everyone"),
      topics: list(aclTopic)
        .default([])
        .describe("topic filters with ${username} and ${clientid}; absent or empty matches every topic"),
    }),
  )
    .default([])
    .describe("checked in order; the first match decides"),
  default: oneOf(["allow", "deny", "pass"])
    .default("deny")
    .describe("when no rule matches: allow, deny, or pass (leave it to the broker)"),
});

const rewriteRule = section({
  topic: topicFilter().optional().describe("an MQTT topic filter, or …"),
  regex: regex().optional().describe("… a regular expression on the whole topic"),
  to: nonEmptyString().describe(
    "the new topic: $1… (regex groups or the levels + and # matched), ${topic}, ${clientid}, ${username}",
  ),
}).check(
  z.refine((rule) => (rule.topic === undefined) !== (rule.regex === undefined), {
    error: "needs exactly one of topic or regex",
    when: (payload) => {
      const value = payload.value as { topic?: unknown; regex?: unknown } | null;
      return (
        value !== null &&
        typeof value === "object" &&
        (value.topic === undefined) === (value.regex === undefined)
      );
    },
  }),
);

/** The whole file. Built per load: relative paths start at the file's directory, routes name its sinks. */
export function configSchema(context: SchemaContext) {
  return section({
    server: serverSection(context.baseDir).prefault({}).describe("the gRPC server EMQX calls"),
    admin: adminSection
      .prefault({})
      .describe("the admin port: management API, /metrics, /healthz, /readyz; false turns it off"),
    emqx: emqxSection.prefault({}).describe("only for the EMQX config snippet printed at start"),
    log: logSection.prefault({}),
    hooks: hooksSection
      .prefault({})
      .describe("per hook or pattern: timeoutMs and onFailure (authenticate and authorize fail closed)"),
    sinks: sinksSection
      .default({})
      .describe("sink name → { type, options, …properties of the sink (see its README) }"),
    routes: mappings(routeSchema(context)).default([]).describe("events of hooks (and topics) go to sinks"),
    authn: authnSection(context.baseDir).optional().describe("authentication from a users file"),
    acl: aclSection.optional().describe("authorization rules"),
    rewrite: mappings(rewriteRule).default([]).describe("topic rewrites of published messages"),
    handlers: filePath(context.baseDir)
      .optional()
      .describe("a JS module: export function register(app) and/or named handlers such as authorize"),
  });
}

export type ServerConfig = z.output<ReturnType<typeof configSchema>> & {
  /** The directory relative paths are resolved from (the config file's). */
  baseDir: string;
  /** The keys an EXHOOK_* variable set, and which one (`server.port` → `EXHOOK_PORT`), for messages. */
  fromEnv: ReadonlyMap<string, string>;
};
export type ServerSection = ServerConfig["server"];
export type AdminSection = ServerConfig["admin"];
export type EmqxSection = ServerConfig["emqx"];
export type LogSection = ServerConfig["log"];
export type SinkConfig = ServerConfig["sinks"][string];
export type RouteConfig = ServerConfig["routes"][number];
export type AuthnConfig = NonNullable<ServerConfig["authn"]>;
export type AclConfig = NonNullable<ServerConfig["acl"]>;
export type AclRule = AclConfig["rules"][number];
export type AclAction = AclRule["action"];
export type RewriteRule = ServerConfig["rewrite"][number];

/** `key:` with no value is the same as leaving the key out; a sink's properties are the sink's to judge. */
function withoutNulls(value: unknown, path: readonly string[] = []): unknown {
  if (Array.isArray(value)) return value.map((item) => withoutNulls(item, [...path, "[]"]));
  if (value === null || typeof value !== "object") return value;
  const isSink = path.length === 2 && path[0] === "sinks";
  // `sinks: { audit: }` is a sink without a type, not no sink (a route naming it would say "no sink named").
  const isSinks = path.length === 1 && path[0] === "sinks";
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item === null && !isSinks && !(isSink && key !== "type" && key !== "options")) continue;
    out[key] = isSink && key !== "options" ? item : withoutNulls(item, [...path, key]);
  }
  return out;
}

/**
 * Checks everything that can be checked without loading sink packages (their props are checked by them) and
 * throws one ConfigError with every problem found.
 */
export async function validateConfig(
  raw: RawConfig,
  baseDir: string,
  sources: ReadonlyMap<string, string> = new Map(),
): Promise<ServerConfig> {
  const input = withoutNulls(raw) as RawConfig;
  const sinks = input["sinks"];
  const sinkNames =
    sinks !== null && typeof sinks === "object" && !Array.isArray(sinks) ? Object.keys(sinks) : [];
  const schema = configSchema({ baseDir, sinkNames, hasSink: (name) => sinkNames.includes(name) });
  const result = await schema.safeParseAsync(input, { error: fallbackMessage });
  if (!result.success) throw ConfigError.of(configProblems(inFileOrder(result.error.issues, input), sources));
  return { ...result.data, baseDir, fromEnv: sources };
}

/** Checks a list of routes (those of an admin AddSink call); errors name `<base>[i]…`. */
export function validateRoutes(
  value: unknown,
  base: string,
  hasSink: (name: string) => boolean,
  known: readonly string[],
): RouteConfig[] {
  const schema = z.array(routeSchema({ baseDir: ".", hasSink, sinkNames: known }));
  const result = schema.safeParse(withoutNulls(value), { error: fallbackMessage });
  if (result.success) return result.data;
  const problems: ConfigProblem[] = configProblems(result.error.issues, new Map(), [base]);
  throw ConfigError.of(problems);
}
