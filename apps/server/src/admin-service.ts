// The AdminService (exhook.admin.v1): drivers, stats and sinks of the running server, for the CLI and curl.
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
  SinkConfigError,
  SinkNotFoundError,
  type SinkRuntime,
} from "@exhook/core";
import { adminV1 } from "@exhook/proto";
import { ConfigError, join } from "./config-error.js";
import { reservedDriverNames, sinkNameProblem, validateRoutes } from "./config-schema.js";
import { toJsonObject } from "./json.js";
import { loadSinkDefinition, SinkLoadError } from "./sink-loader.js";
import { prepareSink } from "./sinks.js";

export interface AdminContext {
  app: Exhook;
  sinks: SinkRuntime;
  /** Where relative sink types (`./my-sink.js`) are resolved from. */
  baseDir: string;
  /**
   * The sink types the operator named in the config file: AddSink may use these (a local module, say) besides
   * installed sink packages. Anything else that is not a package name is refused before it is imported.
   */
  configuredSinkTypes: ReadonlySet<string>;
  /** Every management call is logged: who (remote address), which call, on which driver or sink. */
  logger: Logger;
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
  if (error instanceof SinkLoadError) {
    return new ConnectError(
      error.message,
      error.code === "not_installed" ? Code.FailedPrecondition : Code.InvalidArgument,
    );
  }
  if (error instanceof ConfigError) return new ConnectError(error.message, Code.InvalidArgument);
  return new ConnectError(error instanceof Error ? error.message : String(error), Code.Internal);
}

export function createAdminService(ctx: AdminContext): ServiceImpl<typeof adminV1.AdminService> {
  const { app, sinks, logger } = ctx;

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
        let out: object;
        if (req.driver === "") {
          out = { hooks: stats.hooks, groups: stats.groups, sinks: sinks.stats() };
        } else if (sinks.sinks().includes(req.driver)) {
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
        const base = join("sinks", name);
        // The config file's rule; a reserved name is answered below as the driver that already has it.
        const problem = reservedDriverNames.has(name) ? undefined : sinkNameProblem(name);
        if (problem !== undefined) throw new ConfigError(base, problem);
        if (reservedDriverNames.has(name) || app.drivers.get(name) !== undefined) {
          throw new ConnectError(`a driver named "${name}" already exists`, Code.AlreadyExists);
        }
        if (req.type === "") throw new ConfigError(join(base, "type"), "is required");
        // Checked and loaded here, so a missing package answers failed_precondition (not a config error).
        const origin = { from: "admin", configuredTypes: ctx.configuredSinkTypes } as const;
        await loadSinkDefinition(req.type, ctx.baseDir, origin);
        const config = { type: req.type, props: req.props ?? {}, options: req.options ?? {} };
        const prepared = await prepareSink(name, config, ctx.baseDir, base, origin);
        const existing = new Set([...sinks.sinks(), name]);
        const routes = validateRoutes(
          req.routes.map((r) => ({
            hooks: r.hooks,
            topics: r.topics,
            sinks: r.sinks.length === 0 ? [name] : r.sinks,
          })),
          "routes",
          (s) => existing.has(s),
          [...existing],
        );
        await sinks.addSink(name, prepared.definition, prepared.props, prepared.options);
        try {
          for (const route of routes) sinks.addRoute(route);
        } catch (error) {
          await sinks.removeSink(name, { deadlineMs: 1000 });
          throw error;
        }
        return describe(name);
      }),

    removeSink: (req, context) =>
      guard("RemoveSink", context, { sink: req.name }, async () => {
        const name = requireName(req.name);
        if (!sinks.sinks().includes(name)) {
          const kind = app.drivers.get(name)?.kind;
          if (kind !== undefined)
            throw new ConnectError(`"${name}" is a ${kind} driver, not a sink`, Code.InvalidArgument);
          throw new SinkNotFoundError(name);
        }
        await sinks.removeSink(name);
        return create(adminV1.RemoveSinkResponseSchema, {});
      }),

    reconfigureSink: (req, context) =>
      guard("ReconfigureSink", context, { sink: req.name }, async () => {
        const name = requireName(req.name);
        try {
          await sinks.reconfigure(name, (req.props ?? {}) satisfies JsonObject);
        } catch (error) {
          if (error instanceof SinkConfigError) {
            const path =
              error.property === "" ? join("sinks", name) : `${join("sinks", name)}.${error.property}`;
            throw new ConfigError(path, error.reason);
          }
          throw error;
        }
        return describe(name);
      }),
  };
}
