// The AdminService (exhook.admin.v1): drivers, stats and sinks of the running app, for the CLI and curl.
import { create, type JsonObject } from "@bufbuild/protobuf";
import {
  Code,
  ConnectError,
  createContextKey,
  type HandlerContext,
  type ServiceImpl,
} from "@connectrpc/connect";
import {
  type DriverInfo,
  DriverNotFoundError,
  type Exhook,
  type ExhookErrorCode,
  isExhookError,
  type Logger,
} from "@exhook/core";
import { SinkConfigError, SinkNotFoundError } from "@exhook/core/sink";
import { adminV1 } from "@exhook/proto";
import { toJsonObject } from "./json.js";
import { problemLine, type ReloadHandler } from "./reload.js";

/**
 * AddSink: turns the request into a running sink and its routes, or throws (a `ConnectError` to choose the
 * code). Which sink types may be named, and how props are checked, is the host application's policy: sink
 * types are code the server will run.
 */
export type AddSinkHandler = (request: adminV1.AddSinkRequest) => Promise<void>;

export interface AdminContext {
  app: Exhook;
  /** Every management call is logged: who (remote address), which call, on which driver or sink. */
  logger: Logger;
  /** Without it, AddSink answers `unimplemented`: the app's sinks are its code's. */
  addSink?: AddSinkHandler | undefined;
  /** Without it, Reload answers `unimplemented`: only a host with a config file can reload. */
  reload?: ReloadHandler | undefined;
}

/** The caller's address, set by the admin server from the socket of each request. */
export const remoteAddressKey = createContextKey<string>("unknown", { description: "admin caller address" });

/** Calls that only read are logged at debug (a dashboard or `exhook stats --watch` polls them). */
const readOnlyCalls = new Set(["ListDrivers", "GetStats"]);

function toDriver(info: DriverInfo): adminV1.Driver {
  return create(adminV1.DriverSchema, {
    name: info.name,
    kind: info.kind,
    enabled: info.enabled,
    hooks: info.hooks,
    detail: toJsonObject(info.detail),
  });
}

/** `sinks.name`, or `sinks["a.b"]` when the name would read as two keys (as config key paths are written). */
function sinkPath(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(name) ? `sinks.${name}` : `sinks[${JSON.stringify(name)}]`;
}

/** Core's error codes as the Connect codes the CLI acts on; codes not listed are the caller's bad input. */
const connectCodes: Partial<Record<ExhookErrorCode, Code>> = {
  driver_not_found: Code.NotFound,
  sink_not_found: Code.NotFound,
  name_taken: Code.AlreadyExists,
  closed: Code.Unavailable,
  already_listening: Code.FailedPrecondition,
  sink_failed: Code.Unavailable,
};

/** Maps the errors the app and runtime throw, by their code, to Connect codes the CLI can act on. */
function mapError(error: unknown): ConnectError {
  if (error instanceof ConnectError) return error;
  if (isExhookError(error)) {
    return new ConnectError(error.message, connectCodes[error.code] ?? Code.InvalidArgument);
  }
  if (error instanceof TypeError) return new ConnectError(error.message, Code.InvalidArgument);
  return new ConnectError(error instanceof Error ? error.message : String(error), Code.Internal);
}

/** GetStats' `reloads` (a JSON Struct has no undefined: a server that never reloaded has no lastAt). */
function reloadStatsOf(reload: ReloadHandler | undefined): { reloads?: Record<string, unknown> } {
  if (reload === undefined) return {};
  const r = reload.stats();
  const last = r.lastAt === undefined ? {} : { lastAt: r.lastAt, lastOutcome: r.lastOutcome };
  return { reloads: { ok: r.ok, refused: r.refused, ...last } };
}

export function createAdminService(ctx: AdminContext): ServiceImpl<typeof adminV1.AdminService> {
  const { app, logger } = ctx;

  /** Runs a call, maps its errors to Connect codes, and logs it with who asked. */
  async function guard<T>(
    call: string,
    context: HandlerContext,
    target: Record<string, string>,
    work: () => T | Promise<T>,
  ): Promise<T> {
    const entry = { remote: context.values.get(remoteAddressKey), call, ...target };
    try {
      const result = await work();
      if (readOnlyCalls.has(call)) logger.debug(entry, `admin ${call}`);
      else logger.info(entry, `admin ${call}`);
      return result;
    } catch (error) {
      const mapped = mapError(error);
      logger.warn({ ...entry, code: Code[mapped.code], error: mapped.rawMessage }, `admin ${call} failed`);
      throw mapped;
    }
  }

  const describe = (name: string): adminV1.DriverResponse => {
    const driver = app.drivers.get(name);
    if (driver === undefined) throw new DriverNotFoundError(name);
    return create(adminV1.DriverResponseSchema, { driver: toDriver(driver.describe()) });
  };
  const requireName = (name: string): string => {
    if (name === "") throw new ConnectError("name is required", Code.InvalidArgument);
    return name;
  };
  const sinkNames = (): string[] => app.sinks?.sinks() ?? [];

  return {
    listDrivers: (_req, context) =>
      guard("ListDrivers", context, {}, () =>
        create(adminV1.ListDriversResponseSchema, { drivers: app.drivers.list().map(toDriver) }),
      ),

    enableDriver: (req, context) =>
      guard("EnableDriver", context, { driver: req.name }, () => {
        app.drivers.enable(requireName(req.name));
        return describe(req.name);
      }),

    disableDriver: (req, context) =>
      guard("DisableDriver", context, { driver: req.name }, () => {
        app.drivers.disable(requireName(req.name));
        return describe(req.name);
      }),

    getStats: (req, context) =>
      guard("GetStats", context, { driver: req.driver }, () => {
        const stats = app.stats();
        const sinks = app.sinks;
        let out: object;
        if (req.driver === "") {
          out = {
            hooks: stats.hooks,
            groups: stats.groups,
            caches: stats.caches,
            sinks: sinks?.stats() ?? [],
            ...reloadStatsOf(ctx.reload),
          };
        } else if (sinks?.sinks().includes(req.driver) === true) {
          out = sinks.sinkStats(req.driver);
        } else if (stats.groups[req.driver] !== undefined) {
          out = stats.groups[req.driver]!;
        } else {
          throw new DriverNotFoundError(req.driver);
        }
        return create(adminV1.GetStatsResponseSchema, { stats: toJsonObject(out) });
      }),

    addSink: (req, context) =>
      guard("AddSink", context, { sink: req.name, type: req.type }, async () => {
        const name = requireName(req.name);
        if (ctx.addSink === undefined) {
          throw new ConnectError(
            "this server adds no sinks at runtime: its sinks are in its code",
            Code.Unimplemented,
          );
        }
        await ctx.addSink(req);
        return describe(name);
      }),

    removeSink: (req, context) =>
      guard("RemoveSink", context, { sink: req.name }, async () => {
        const name = requireName(req.name);
        const sinks = app.sinks;
        if (sinks === undefined || !sinks.sinks().includes(name)) {
          const kind = app.drivers.get(name)?.kind;
          if (kind !== undefined)
            throw new ConnectError(`"${name}" is a ${kind} driver, not a sink`, Code.InvalidArgument);
          throw new SinkNotFoundError(name);
        }
        await sinks.removeSink(name);
        return create(adminV1.RemoveSinkResponseSchema, {});
      }),

    clearDecisionCache: (req, context) =>
      guard("ClearDecisionCache", context, { group: req.group }, () => {
        const group = req.group === "" ? undefined : req.group;
        if (group !== undefined && app.drivers.get(group)?.kind === "sink")
          throw new ConnectError(`"${group}" is a sink, not a handler group`, Code.InvalidArgument);
        return create(adminV1.ClearDecisionCacheResponseSchema, { cleared: app.clearDecisionCache(group) });
      }),

    reload: (_req, context) =>
      guard("Reload", context, {}, async () => {
        if (ctx.reload === undefined) throw new ConnectError("this server cannot reload", Code.Unimplemented);
        const result = await ctx.reload.run();
        if (!result.applied) {
          throw new ConnectError(result.problems.map(problemLine).join("\n"), Code.InvalidArgument);
        }
        return create(adminV1.ReloadResponseSchema, {
          changes: [...result.changes],
          warnings: [...result.warnings],
          offerChanged: result.offerChanged,
        });
      }),

    reconfigureSink: (req, context) =>
      guard("ReconfigureSink", context, { sink: req.name }, async () => {
        const name = requireName(req.name);
        const sinks = app.sinks;
        if (sinks === undefined || !sinkNames().includes(name)) throw new SinkNotFoundError(name);
        try {
          await sinks.reconfigure(name, (req.props ?? {}) satisfies JsonObject);
        } catch (error) {
          if (error instanceof SinkConfigError) {
            // The key path of the prop, as a config file spells it: `sinks.bridge.qos: <reason>`.
            const path = error.property === "" ? sinkPath(name) : `${sinkPath(name)}.${error.property}`;
            throw new ConnectError(`${path}: ${error.reason}`, Code.InvalidArgument);
          }
          throw error;
        }
        return describe(name);
      }),
  };
}
