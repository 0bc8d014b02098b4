// `exhook <command>`: manages a running exhook server through its admin API (drivers, stats, sinks).
import { parseArgs } from "node:util";
import { toJson } from "@bufbuild/protobuf";
import { adminV1 } from "@exhook/proto";
import { argsProblem } from "../args-problem.js";
import { CliError } from "../errors.js";
import { cliVersion } from "../version.js";
import { parseProps, parseRoute } from "./args.js";
import { type AdminClient, createAdminClient } from "./client.js";
import { driversTable, statsText, toDriverView } from "./views.js";

export const defaultAdminUrl = "http://127.0.0.1:9001";

const usageLine = "Usage: exhook <command> [options]";
const usage = `${usageLine}

Manages a running exhook server through its admin API.

Commands:
  drivers                       list handler groups and sinks: kind, enabled, hooks, counters
  enable <driver>               enable a handler group or sink
  disable <driver>              disable one (a handler group passes, a sink receives nothing)
  stats [driver]                counters per hook and driver
  sinks add <name> --type <t>   add a sink: --prop key=value (repeat), --route hook[,hook][:topic[,topic]]
                                (repeat), --option key=value (queue, batching, retry; repeat)
  sinks reconfigure <name>      replace a sink's props: --prop key=value (repeat)
  sinks remove <name>           remove a sink and its routes
  cache clear [group]           forget the decisions authenticate/authorize handlers cached: one handler
                                group's, or every group's
  reload                        read the server's config file again (users file, ACL, handlers module
                                too) and apply it with the broker's connections open; a config the
                                server would not start with is refused whole (exit 1, every problem)
  simulate --url <url>          play whole EMQX sessions against an ExHook server (not the admin port):
                                load, connect, authenticate, authorize, subscribe, publish, deliver,
                                disconnect, unload; checks every answer's wire shape, reports latencies,
                                exits 1 on any failure. --protocol v1|v2|v3 (default v2: EMQX 5.0-5.8;
                                v1 is EMQX 4.4, v3 EMQX 5.9+), --sessions N (default 10),
                                --concurrency C (default 1), --timeout ms (default 5000, EMQX's
                                request_timeout), --username/--password (what the clients send)

Options:
  --admin <url>   the admin API (default $EXHOOK_ADMIN_URL, else ${defaultAdminUrl})
  --token <t>     bearer token (default $EXHOOK_ADMIN_TOKEN)
  --json          print the server's answer as JSON
  --help, -h      this text
  --version       the version of exhook

Examples:
  exhook simulate --url http://127.0.0.1:9000 --protocol v3 --sessions 100 --concurrency 8
  exhook sinks add telemetry --type mqtt --prop server=mqtt://127.0.0.1:1883 --prop qos=1 \\
    --route message.publish:sensors/#`;

export interface ExhookIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly env: NodeJS.ProcessEnv;
}

const processIo: ExhookIo = { stdout: process.stdout, stderr: process.stderr, env: process.env };

/** Runs the command; resolves to the exit code. */
export async function runExhook(argv: readonly string[], io: ExhookIo = processIo): Promise<number> {
  try {
    await exhook(argv, io);
    return 0;
  } catch (error) {
    if (error instanceof SimulationFailed) return 1;
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`exhook: ${message}\n`);
    return 1;
  }
}

function parseExhookArgs(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        admin: { type: "string" },
        token: { type: "string" },
        json: { type: "boolean" },
        type: { type: "string" },
        prop: { type: "string", multiple: true },
        option: { type: "string", multiple: true },
        route: { type: "string", multiple: true },
        url: { type: "string" },
        protocol: { type: "string" },
        sessions: { type: "string" },
        concurrency: { type: "string" },
        timeout: { type: "string" },
        username: { type: "string" },
        password: { type: "string" },
        help: { type: "boolean", short: "h" },
        version: { type: "boolean" },
      },
    });
  } catch (error) {
    throw argsProblem(error, "exhook", usageLine);
  }
}

async function exhook(argv: readonly string[], io: ExhookIo): Promise<void> {
  const { values, positionals } = parseExhookArgs(argv);
  const [command, ...rest] = positionals;
  if (values.version === true) {
    io.stdout.write(`${cliVersion()}\n`);
    return;
  }
  if (values.help === true || command === undefined || command === "help") {
    io.stdout.write(`${usage}\n`);
    return;
  }
  const json = values.json === true;
  const out = (text: string) => io.stdout.write(text);
  const client = (): AdminClient =>
    createAdminClient({
      url: values.admin ?? nonEmpty(io.env["EXHOOK_ADMIN_URL"]) ?? defaultAdminUrl,
      token: values.token ?? nonEmpty(io.env["EXHOOK_ADMIN_TOKEN"]),
    });

  switch (command) {
    case "drivers": {
      expectArgs(command, rest, 0);
      const answer = await client().call("listDrivers", {});
      const drivers = (answer.drivers ?? []).map(toDriverView);
      out(json ? `${JSON.stringify(drivers, null, 2)}\n` : driversTable(drivers));
      return;
    }
    case "enable":
    case "disable": {
      const [name = ""] = expectArgs(command, rest, 1, "<driver>");
      const rpc = command === "enable" ? "enableDriver" : "disableDriver";
      const answer = await client().call(rpc, { name });
      const driver = toDriverView(answer.driver);
      out(json ? `${JSON.stringify(driver, null, 2)}\n` : `${command}d ${driver.name || name}\n`);
      return;
    }
    case "stats": {
      if (rest.length > 1) throw new CliError(`stats takes one driver at most, got ${rest.join(" ")}`);
      const answer = await client().call("getStats", { driver: rest[0] ?? "" });
      out(json ? `${JSON.stringify(answer.stats ?? {}, null, 2)}\n` : statsText(answer.stats ?? {}));
      return;
    }
    case "sinks":
      await sinks(rest, values, client, json, out);
      return;
    case "cache": {
      const [sub, ...groups] = rest;
      if (sub !== "clear")
        throw new CliError(sub === undefined ? "cache needs clear" : `unknown cache command "${sub}"`);
      if (groups.length > 1 || groups[0] === "") throw new CliError("usage: exhook cache clear [group]");
      const group = groups[0] ?? "";
      const answer = await client().call("clearDecisionCache", { group });
      const cleared = answer.cleared;
      const whose = group === "" ? "every handler group" : `handler group ${group}`;
      const noun = cleared === 1 ? "decision" : "decisions";
      out(
        json
          ? `${JSON.stringify({ cleared }, null, 2)}\n`
          : `cleared ${cleared} cached ${noun} of ${whose}\n`,
      );
      return;
    }
    case "reload": {
      expectArgs(command, rest, 0);
      const answer = await client().call("reload", {});
      out(
        json
          ? `${JSON.stringify(toJson(adminV1.ReloadResponseSchema, answer), null, 2)}\n`
          : reloadText(answer),
      );
      return;
    }
    case "simulate":
      await simulateCommand(rest, values, json, io);
      return;
    default:
      throw new CliError(`unknown command "${command}" (see exhook --help)`);
  }
}

function reloadText(answer: adminV1.ReloadResponse): string {
  const changes = answer.changes;
  const lines = [changes.length === 0 ? "reloaded (no sink or handler group changed)" : "reloaded:"];
  for (const change of changes) lines.push(`  ${change}`);
  for (const warning of answer.warnings) lines.push(`warning: ${warning}`);
  return `${lines.join("\n")}\n`;
}

type Values = ReturnType<typeof parseExhookArgs>["values"];

async function sinks(
  args: readonly string[],
  values: Values,
  client: () => AdminClient,
  json: boolean,
  out: (text: string) => void,
): Promise<void> {
  const [sub, ...rest] = args;
  switch (sub) {
    case "add": {
      const [name = ""] = expectArgs("sinks add", rest, 1, "<name>");
      if (values.type === undefined || values.type === "") {
        throw new CliError("sinks add needs --type (memory, log, mqtt or a package name)");
      }
      const routes = (values.route ?? []).map((spec) => parseRoute(spec, name));
      const request = {
        name,
        type: values.type,
        props: parseProps(values.prop ?? [], "--prop"),
        options: parseProps(values.option ?? [], "--option"),
        routes,
      };
      const answer = await client().call("addSink", request);
      const driver = toDriverView(answer.driver);
      const fed =
        routes.length === 0 ? "no routes yet" : `${routes.length} route${routes.length === 1 ? "" : "s"}`;
      out(
        json
          ? `${JSON.stringify(driver, null, 2)}\n`
          : `added sink ${driver.name || name} (${values.type}, ${fed})\n`,
      );
      return;
    }
    case "reconfigure": {
      const [name = ""] = expectArgs("sinks reconfigure", rest, 1, "<name>");
      const props = parseProps(values.prop ?? [], "--prop");
      const answer = await client().call("reconfigureSink", { name, props });
      const driver = toDriverView(answer.driver);
      out(json ? `${JSON.stringify(driver, null, 2)}\n` : `reconfigured sink ${driver.name || name}\n`);
      return;
    }
    case "remove": {
      const [name = ""] = expectArgs("sinks remove", rest, 1, "<name>");
      const answer = await client().call("removeSink", { name });
      out(
        json
          ? `${JSON.stringify(toJson(adminV1.RemoveSinkResponseSchema, answer), null, 2)}\n`
          : `removed sink ${name}\n`,
      );
      return;
    }
    default:
      throw new CliError(
        sub === undefined ? "sinks needs add, reconfigure or remove" : `unknown sinks command "${sub}"`,
      );
  }
}

async function simulateCommand(
  args: readonly string[],
  values: Values,
  json: boolean,
  io: ExhookIo,
): Promise<void> {
  expectArgs("simulate", args, 0);
  const url = values.url;
  if (url === undefined || !/^https?:\/\/[^/]+/.test(url)) {
    throw new CliError("simulate needs --url http://host:port (the ExHook gRPC port EMQX calls)");
  }
  const protocol = values.protocol ?? "v2";
  if (protocol !== "v1" && protocol !== "v2" && protocol !== "v3") {
    throw new CliError(`--protocol must be v1, v2 or v3, not "${protocol}"`);
  }
  // Loaded here: the other commands do not need the fake broker.
  const { positiveInt, reportText, simulate } = await import("./simulate.js");
  const report = await simulate(
    {
      url,
      protocol,
      sessions: positiveInt(values.sessions, "--sessions", 10, 1_000_000),
      concurrency: positiveInt(values.concurrency, "--concurrency", 1, 1000),
      timeoutMs: positiveInt(values.timeout, "--timeout", 5000, 600_000),
      username: values.username,
      password: values.password,
    },
    io,
  );
  io.stdout.write(json ? `${JSON.stringify(report, null, 2)}\n` : reportText(report));
  if (!report.passed) throw new SimulationFailed();
}

/** The report already said what failed: exit 1 without another message. */
class SimulationFailed extends Error {}

function expectArgs(command: string, args: readonly string[], count: number, names = ""): string[] {
  if (args.length !== count || args.some((arg) => arg === "")) {
    throw new CliError(count === 0 ? `${command} takes no arguments` : `usage: exhook ${command} ${names}`);
  }
  return [...args];
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}
