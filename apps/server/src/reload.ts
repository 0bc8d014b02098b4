// Hot reload (SIGHUP, `exhook reload`, the admin Reload call): re-reads the config file and the files it names,
// checks all of it with start's own code, then swaps it in while the gRPC connections stay open.
//
// Order, so that nothing is half-applied: (1) check everything with no effect on the running server (config,
// sink packages and props, users file, ACL, rewrite, the handlers module registered on a staging app);
// (2) open what is new (sinks added, sinks whose props or options changed reconfigured), undone if any fails;
// (3) commit in one synchronous step (the app takes the staging app's handlers, the config's routes are
// replaced): every call runs wholly on the old configuration or wholly on the new one; (4) sinks the config
// no longer names are unrouted already and flush by the shutdown rules.
import type { ReloadStats } from "@exhook/admin";
import type { Exhook, Logger, OfferedHook } from "@exhook/core";
import type { SinkRuntime } from "@exhook/core/sink";
import { createServerApp, registerConfiguredHandlers } from "./app-setup.js";
import { loadConfig } from "./config.js";
import { ConfigError, type ConfigProblem, join, problemText } from "./config-error.js";
import type { ServerConfig, SinkConfig } from "./config-schema.js";
import { type PreparedSink, prepareSinks } from "./sinks.js";

export type { ReloadStats };

export interface ReloadResult {
  applied: boolean;
  /** Refused: every problem, with its key path, as start reports them. The old configuration runs on. */
  problems: ConfigProblem[];
  /** Applied: what changed, one line each. */
  changes: string[];
  /** Applied: what needs the operator (a key only a restart changes, the broker's offered hooks). */
  warnings: string[];
  /** The hooks or topic filters OnProviderLoaded offers changed: the broker must load the provider again. */
  offerChanged: boolean;
}

export interface ReloaderOptions {
  app: Exhook;
  sinks: SinkRuntime;
  logger: Logger;
  config: ServerConfig;
  /** The config file (as given on the command line); `undefined`: the embedded default. */
  configFile: string | undefined;
  /** The ids of the routes the config file made (admin-added routes are left alone). */
  routeIds: string[];
  /** The sink types the config names, shared with the admin API (AddSink may use them); kept up to date. */
  configuredSinkTypes: Set<string>;
  /** Called after each applied reload (the start-time warnings, said again for the new config). */
  afterApply?: (app: Exhook) => void;
}

/** What the broker must do to see a new set of offered hooks: it asks for them only when it loads the provider. */
export const reloadProviderHint =
  "the broker keeps the hooks it was offered until it loads this ExHook server again: " +
  "EMQX 5, disable and enable the server (dashboard: Management > ExHook, or PUT /api/v5/exhooks/{name} " +
  'with "enable": false, then true); EMQX 4.x, emqx_ctl exhook server disable <name>, then enable <name>';

/** Keys a reload does not apply: the ports, TLS, limits, admin and log are set up once, at start. */
const hotServerKeys = new Set(["timeoutMs", "offer", "shutdownDeadlineMs"]);
const hotSections = new Set([
  "server",
  "hooks",
  "sinks",
  "routes",
  "authn",
  "acl",
  "rewrite",
  "handlers",
  "emqx",
]);

export class Reloader {
  readonly #options: ReloaderOptions;
  #config: ServerConfig;
  #routeIds: string[];
  #running: Promise<unknown> = Promise.resolve();
  readonly #stats: ReloadStats = { ok: 0, refused: 0, lastAt: undefined, lastOutcome: undefined };

  constructor(options: ReloaderOptions) {
    this.#options = options;
    this.#config = options.config;
    this.#routeIds = [...options.routeIds];
  }

  /** The configuration running now. */
  get config(): ServerConfig {
    return this.#config;
  }

  stats(): ReloadStats {
    return { ...this.#stats };
  }

  /** One reload at a time: a second waits for the first, then reads the file again. */
  reload(): Promise<ReloadResult> {
    const run = this.#running.then(() => this.#reload());
    this.#running = run.catch(() => {});
    return run;
  }

  async #reload(): Promise<ReloadResult> {
    const { logger } = this.#options;
    let result: ReloadResult;
    try {
      result = await this.#apply();
    } catch (error) {
      // Only a bug gets here (every expected failure is a problem): still a refusal, never a crash.
      const reason = error instanceof Error ? error.message : String(error);
      result = refused([{ path: "", reason: `reload failed: ${reason}` }]);
    }
    this.#stats.lastAt = new Date().toISOString();
    if (result.applied) {
      this.#stats.ok++;
      this.#stats.lastOutcome = "ok";
      logger.info({ changes: result.changes }, "config reloaded");
      for (const warning of result.warnings) logger.warn({ reload: true }, warning);
    } else {
      this.#stats.refused++;
      this.#stats.lastOutcome = "refused";
      logger.error(
        { problems: result.problems.map(problemText) },
        "config reload refused; the running configuration is unchanged",
      );
    }
    return result;
  }

  async #apply(): Promise<ReloadResult> {
    const { app, sinks, logger } = this.#options;
    const file = this.#options.configFile;
    // (1) Check: nothing here touches the running server.
    let next: ServerConfig;
    try {
      next = (await loadConfig(file === undefined ? {} : { file })).config;
    } catch (error) {
      if (error instanceof ConfigError) return refused([...error.problems]);
      throw error;
    }
    const current = this.#config;
    const problems: ConfigProblem[] = [];
    let prepared: PreparedSink[] = [];
    try {
      prepared = await prepareSinks(next.sinks, next.baseDir);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(...error.problems);
    }
    const managed = new Set(Object.keys(current.sinks));
    for (const [name, sink] of Object.entries(next.sinks)) {
      const before = current.sinks[name];
      if (before !== undefined && before.type !== sink.type) {
        problems.push({
          path: join(join("sinks", name), "type"),
          reason: `was "${before.type}": a sink's type does not change on reload (give the new sink another name, or restart)`,
        });
      } else if (before === undefined && sinks.sinks().includes(name)) {
        problems.push({
          path: join("sinks", name),
          reason: `a sink named "${name}" was added through the admin API; remove it first`,
        });
      }
    }
    const staging = createServerApp(next, logger);
    try {
      await registerConfiguredHandlers(staging, next, logger, { fresh: true });
    } catch (error) {
      if (error instanceof ConfigError) problems.push(...error.problems);
      else
        problems.push({ path: "handlers", reason: error instanceof Error ? error.message : String(error) });
    }
    // The staging app's sink runtime: sinks or routes there came from register(app), which start would have
    // added to the running app's runtime.
    const stagedSinks = staging.sinks;
    const addsSinks = stagedSinks.sinks().length > 0 || stagedSinks.routes().length > 0;
    await stagedSinks.close({ deadlineMs: 1000 });
    if (addsSinks) {
      problems.push({
        path: "handlers",
        reason:
          "register(app) adds sinks (app.sink): a reload cannot take them over; name them under sinks: in the config file",
      });
    }
    if (problems.length > 0) return refused(problems);

    // (2) Open what is new or changed; undone if any of it fails.
    const byName = new Map(prepared.map((p) => [p.name, p]));
    const added: string[] = [];
    const reconfigured: string[] = [];
    const removed = [...managed].filter((name) => next.sinks[name] === undefined);
    const undo = async () => {
      for (const name of reconfigured.reverse()) {
        const before = current.sinks[name]!;
        await sinks.reconfigure(name, before.props, before.options).catch(() => {});
      }
      for (const name of added) await sinks.removeSink(name, { deadlineMs: 1000 }).catch(() => {});
    };
    let opening = "";
    try {
      for (const [name, sink] of Object.entries(next.sinks)) {
        opening = name;
        const before = current.sinks[name];
        const p = byName.get(name)!;
        if (before === undefined) {
          await sinks.addSink(name, p.definition, p.props, p.options);
          added.push(name);
        } else if (!sameSink(before, sink)) {
          reconfigured.push(name);
          await sinks.reconfigure(name, p.props, p.options);
        }
      }
    } catch (error) {
      await undo();
      return refused([{ path: join("sinks", opening), reason: `cannot open: ${(error as Error).message}` }]);
    }

    // (3) Commit: one synchronous step.
    const offerBefore = offerText(app.offeredHooks("v2"));
    let swap: ReturnType<Exhook["replaceHandlers"]>;
    try {
      swap = app.replaceHandlers(staging);
    } catch (error) {
      await undo();
      return refused([{ path: "handlers", reason: (error as Error).message }]);
    }
    for (const id of this.#routeIds) sinks.removeRoute(id);
    this.#routeIds = next.routes.map((route) => sinks.addRoute(route));
    this.#config = next;
    const types = this.#options.configuredSinkTypes;
    types.clear();
    for (const sink of Object.values(next.sinks)) types.add(sink.type);

    // (4) Sinks the config no longer names: unrouted above, now they deliver what they hold and close.
    for (const name of removed) {
      if (sinks.sinks().includes(name))
        await sinks.removeSink(name, { deadlineMs: next.server.shutdownDeadlineMs });
    }

    const changes = [
      ...added.map((name) => `sink ${name} added`),
      ...reconfigured.map((name) => `sink ${name} reconfigured`),
      ...removed.map((name) => `sink ${name} removed`),
      ...swap.added.map((name) => `handler group ${name} added`),
      ...swap.removed.map((name) => `handler group ${name} removed`),
    ];
    const warnings = restartOnlyChanges(current, next).map(
      (key) => `${key} changed: only a restart applies it`,
    );
    const offerAfter = offerText(app.offeredHooks("v2"));
    const offerChanged = offerAfter !== offerBefore;
    if (offerChanged)
      warnings.push(`the offered hooks changed (now ${offerAfter || "none"}); ${reloadProviderHint}`);
    this.#options.afterApply?.(app);
    return { applied: true, problems: [], changes, warnings, offerChanged };
  }
}

function refused(problems: ConfigProblem[]): ReloadResult {
  return { applied: false, problems, changes: [], warnings: [], offerChanged: false };
}

function sameSink(a: SinkConfig, b: SinkConfig): boolean {
  return JSON.stringify([a.props, a.options]) === JSON.stringify([b.props, b.options]);
}

/** `client.authorize, message.publish[a/#]`: the offered hooks as one comparable line. */
function offerText(hooks: readonly OfferedHook[]): string {
  return hooks
    .map((h) => (h.topics.length === 0 ? h.name : `${h.name}[${[...h.topics].sort().join(",")}]`))
    .join(", ");
}

/** The key paths that changed but only take effect at start. */
function restartOnlyChanges(current: ServerConfig, next: ServerConfig): string[] {
  const changed: string[] = [];
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const keys = new Set([...Object.keys(current), ...Object.keys(next)]);
  for (const key of keys) {
    if (key === "baseDir" || key === "fromEnv") continue;
    const a = (current as Record<string, unknown>)[key];
    const b = (next as Record<string, unknown>)[key];
    if (key === "server") {
      const serverKeys = new Set([...Object.keys(current.server), ...Object.keys(next.server)]);
      for (const k of serverKeys) {
        if (hotServerKeys.has(k)) continue;
        const x = (current.server as Record<string, unknown>)[k];
        const y = (next.server as Record<string, unknown>)[k];
        if (!same(x, y)) changed.push(`server.${k}`);
      }
    } else if (!hotSections.has(key) && !same(a, b)) changed.push(key);
  }
  return changed;
}
