// The config file's schema (zod): every key, its default and its rule; the types are inferred from it.
import {
  sinkNameProblem as coreSinkNameProblem,
  type FailurePolicy,
  type HookName,
  type HookPolicy,
  routeProblems,
  topicFilterProblem,
} from "@exhook/core";
import { z } from "zod";
import { ConfigError, type ConfigProblem } from "./config-error.js";
import {
  boolean,
  booleanFromText,
  filePath,
  integer,
  list,
  mapping,
  nonEmptyString,
  oneOf,
  pem,
  port,
  regex,
  section,
  topicFilter,
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
    cert: pem(baseDir),
    key: pem(baseDir),
    ca: pem(baseDir).optional(),
    requireClientCert: boolean().default(false),
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
    host: nonEmptyString().default("0.0.0.0"),
    port: port().default(9000),
    tls: z
      .union([z.literal(false).transform(() => undefined), tlsSection(baseDir)], {
        error: "must be a mapping (cert, key, ca, requireClientCert) or false",
      })
      .optional(),
    /** The time budget of hooks without their own, ms. */
    timeoutMs: integer(1, 600_000).default(4000),
    offer: oneOf(["registered", "all"]).default("registered"),
    /** How long SIGTERM waits for in-flight calls and sink queues, ms. */
    shutdownDeadlineMs: integer(0, 600_000).default(10_000),
    maxReceiveMessageBytes: integer(1024, 2 ** 30).optional(),
  });
}

const adminEnabled = section({
  enabled: boolean().default(true),
  host: nonEmptyString().default("127.0.0.1"),
  port: port().default(9001),
  token: nonEmptyString().min(8, { error: "must be at least 8 characters" }).optional(),
  /** Whether /metrics needs the token too (when one is set). */
  metricsRequireToken: boolean().default(true),
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
  /** `exhook.servers[].name` in the printed snippet. */
  name: nonEmptyString().default("exhook"),
  /** The URL the broker reaches this server at; default: the listening address. */
  url: nonEmptyString()
    .regex(/^https?:\/\/[^/]+$/, { error: 'must be "http://host:port" or "https://host:port"' })
    .optional(),
  requestTimeout: nonEmptyString()
    .regex(/^\d+(ms|s|m)$/, { error: 'must be a duration such as "5s" or "500ms"' })
    .default("5s"),
  failedAction: oneOf(["deny", "ignore"]).default("deny"),
  poolSize: integer(1, 1024).default(8),
});

const logSection = section({
  level: oneOf(["debug", "info", "warn", "error", "silent"]).default("info"),
  pretty: z
    .preprocess(
      booleanFromText,
      z.union([z.literal("auto"), z.boolean()], { error: 'must be "auto", true or false' }),
    )
    .default("auto"),
  /** Print the address, hooks and EMQX snippet at start. */
  banner: boolean().default(true),
});

/** Per hook or pattern; a pattern's policy applies to each hook it stands for. */
const hooksSection = z
  .record(
    z.string().superRefine((name, ctx) => {
      if (expandHookPattern(name) === undefined)
        ctx.addIssue({ code: "custom", message: `unknown hook "${name}"` });
    }),
    section({
      timeoutMs: integer(1, 600_000).optional(),
      onFailure: oneOf(["fail-open", "fail-closed"]).optional(),
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
    .looseObject({ type: nonEmptyString(), options: mapping().optional() }, { error: "must be a mapping" })
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
    hooks: list(hookNames, { nonEmpty: true }),
    topics: list(topicFilter()).optional(),
    sinks: list(sinkName, { nonEmpty: true }),
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
    usersFile: filePath(baseDir),
    /** A username not in the file: `deny` or `pass` (leave it to the broker's other authenticators). */
    unknownUser: oneOf(["deny", "pass"]).default("deny"),
    /** A client with no username. */
    anonymous: oneOf(["deny", "pass"]).default("deny"),
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
  rules: list(
    section({
      permission: oneOf(["allow", "deny"]),
      action: oneOf(["publish", "subscribe", "all"]).default("all"),
      /** `*` matches any run of characters; absent matches everyone. */
      username: nonEmptyString().optional(),
      clientid: nonEmptyString().optional(),
      /** Absent or empty matches every topic. */
      topics: list(aclTopic).default([]),
    }),
  ).default([]),
  /** When no rule matches: allow, deny or pass (leave it to the broker). */
  default: oneOf(["allow", "deny", "pass"]).default("deny"),
});

const rewriteRule = section({
  /** An MQTT topic filter, or … */
  topic: topicFilter().optional(),
  /** … a regular expression on the whole topic. */
  regex: regex().optional(),
  /** The new topic: `$1`… (regex groups or the levels `+`/`#` matched), `${topic}`, `${clientid}`, `${username}`. */
  to: nonEmptyString(),
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
    server: serverSection(context.baseDir).prefault({}),
    admin: adminSection.prefault({}),
    emqx: emqxSection.prefault({}),
    log: logSection.prefault({}),
    hooks: hooksSection.prefault({}),
    sinks: sinksSection.default({}),
    routes: list(routeSchema(context)).default([]),
    authn: authnSection(context.baseDir).optional(),
    acl: aclSection.optional(),
    rewrite: list(rewriteRule).default([]),
    /** The handlers module: `export function register(app)` and/or named handlers. */
    handlers: filePath(context.baseDir).optional(),
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
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item === null && !(isSink && key !== "type" && key !== "options")) continue;
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
