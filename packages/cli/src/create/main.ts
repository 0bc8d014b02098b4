// `create-exhook [dir]`: reads the arguments, asks for what's missing on a terminal, and scaffolds.
import { basename, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { argsProblem } from "../args-problem.js";
import { CliError } from "../errors.js";
import { createPrompter, type Prompter } from "../prompts.js";
import { cliVersion } from "../version.js";
import { packageNameProblem, toPackageName } from "./package-name.js";
import { listTemplates, type PackageManager, scaffold } from "./scaffold.js";
import { loadVersions, type Versions } from "./versions.js";

const usageLine = "Usage: create-exhook [dir] [options]";
const usage = `${usageLine}

Creates an exhook server project (a gRPC ExHook server for EMQX) in dir.

Options:
  --template <name>   ts (default) or js
  --name <name>       the package name (default: the folder's name)
  --port <port>       the port the server listens on (default 9000)
  --sinks <list>      sinks to send events to, comma-separated: {sinks}
  --yes, -y           ask nothing; take the defaults for what's not given
  --interactive       ask even when stdin is not a terminal
  --force             write into a non-empty folder (files of the same name are replaced)
  --local-packages <dir>
                      install the @exhook packages from the tarballs in dir, not the npm registry
                      (what \`pnpm create-app\` in a clone of exhook packs and passes)
  --help, -h          this text
  --version           the version of create-exhook

Examples:
  npm create exhook@latest my-hooks
  npx create-exhook my-hooks --template ts --port 9000 --sinks log,mqtt --yes`;

export interface CreateIo {
  readonly cwd: string;
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream;
  readonly env: NodeJS.ProcessEnv;
}

const processIo: CreateIo = {
  cwd: process.cwd(),
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
};

/** Runs the command; resolves to the exit code. */
export async function runCreate(argv: readonly string[], io: CreateIo = processIo): Promise<number> {
  try {
    await create(argv, io);
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`create-exhook: ${message}\n`);
    return 1;
  }
}

async function create(argv: readonly string[], io: CreateIo): Promise<void> {
  const versions = loadVersions();
  const sinkTypes = Object.keys(versions.sinks);
  const { values, positionals } = parseCreateArgs(argv);
  if (values.help === true) {
    io.stdout.write(`${usage.replace("{sinks}", sinkTypes.join(", "))}\n`);
    return;
  }
  if (values.version === true) {
    io.stdout.write(`${cliVersion()}\n`);
    return;
  }
  if (positionals.length > 1) throw new CliError(`one folder at most, got ${positionals.join(" ")}`);
  const templates = await listTemplates();
  const interactive =
    values.yes !== true &&
    (values.interactive === true || (io.stdin.isTTY === true && io.stdout.isTTY === true));
  const prompter = interactive ? createPrompter(io.stdin, io.stdout) : undefined;
  try {
    const dirArg =
      positionals[0] ??
      (prompter === undefined
        ? "exhook-app"
        : await prompter.ask("Project folder", "exhook-app", folderProblem));
    const targetDir = resolve(io.cwd, dirArg);
    // Asked, the folder's name is offered as a valid package name; unasked, it has to be one already.
    const folderName = basename(targetDir);
    const name = await pick(
      values.name,
      prompter === undefined ? folderName : toPackageName(folderName),
      prompter,
      "Package name",
      packageNameProblem,
    ).catch((error: unknown) => {
      if (!(error instanceof InvalidValueError)) throw error;
      const suggestion = toPackageName(values.name ?? folderName);
      if (suggestion === "" || packageNameProblem(suggestion) !== undefined) throw error;
      throw new CliError(`${(error as Error).message}; pass --name ${suggestion}, for example`);
    });
    const template = await pick(values.template, "ts", prompter, `Template (${templates.join(", ")})`, (t) =>
      templates.includes(t) ? undefined : `no template named "${t}"; there are ${templates.join(", ")}`,
    );
    const port = Number(await pick(values.port, "9000", prompter, "Port", portProblem));
    const sinksAnswer = await pick(
      values.sinks,
      "",
      prompter,
      `Sinks, comma-separated (${sinkTypes.join(", ")}; empty for none)`,
      (list) => sinksProblem(list, versions),
    );
    const sinks = splitList(sinksAnswer);
    const written = await scaffold(
      {
        targetDir,
        name,
        template,
        port,
        sinks,
        force: values.force === true,
        packageManager: packageManagerOf(io.env),
        localPackages:
          values["local-packages"] === undefined ? undefined : resolve(io.cwd, values["local-packages"]),
      },
      versions,
    );
    io.stdout.write(nextSteps(io.cwd, targetDir, name, written, packageManagerOf(io.env)));
  } finally {
    prompter?.close();
  }
}

function parseCreateArgs(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        template: { type: "string", short: "t" },
        name: { type: "string" },
        port: { type: "string" },
        sinks: { type: "string" },
        yes: { type: "boolean", short: "y" },
        interactive: { type: "boolean" },
        force: { type: "boolean" },
        "local-packages": { type: "string" },
        help: { type: "boolean", short: "h" },
        version: { type: "boolean" },
      },
    });
  } catch (error) {
    throw argsProblem(error, "create-exhook", usageLine);
  }
}

/** A value given on the command line (or defaulted) that fails its check. */
class InvalidValueError extends CliError {}

/**
 * The value given on the command line (checked), else the answer to a question, else the default.
 * A bad value on the command line is an error, not a question: scripts should fail loudly.
 */
async function pick(
  given: string | undefined,
  fallback: string,
  prompter: Prompter | undefined,
  question: string,
  check: (value: string) => string | undefined,
): Promise<string> {
  const value = given ?? (prompter === undefined ? fallback : await prompter.ask(question, fallback, check));
  const problem = check(value);
  if (problem !== undefined)
    throw new InvalidValueError(`${question.replace(/ \(.*$/, "").toLowerCase()} "${value}": ${problem}`);
  return value;
}

function folderProblem(dir: string): string | undefined {
  return dir.trim() === "" ? "the folder is empty" : undefined;
}

function portProblem(port: string): string | undefined {
  const n = Number(port);
  return /^\d+$/.test(port) && n >= 1 && n <= 65535 ? undefined : "a port is a whole number from 1 to 65535";
}

function sinksProblem(list: string, versions: Versions): string | undefined {
  const known = Object.keys(versions.sinks);
  const unknown = splitList(list).filter((type) => !known.includes(type));
  if (unknown.length === 0) return undefined;
  return `unknown sink ${unknown.join(", ")}; there are ${known.join(", ")}`;
}

function splitList(list: string): string[] {
  return [
    ...new Set(
      list
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s !== ""),
    ),
  ];
}

/** The package manager that ran us (`npm create`, `pnpm create`, …), from the user agent it sets. */
export function packageManagerOf(env: NodeJS.ProcessEnv): PackageManager {
  const agent = env["npm_config_user_agent"]?.split("/")[0];
  return agent === "pnpm" || agent === "yarn" || agent === "bun" ? agent : "npm";
}

function nextSteps(
  cwd: string,
  targetDir: string,
  name: string,
  written: string[],
  pm: PackageManager,
): string {
  const run = pm === "npm" ? "npm run" : pm;
  const cdPath = targetDir === resolve(cwd) ? undefined : relativeOrAbsolute(cwd, targetDir);
  return [
    `Created ${name} in ${targetDir} (${written.length} files).`,
    "",
    "Next:",
    ...(cdPath === undefined ? [] : [`  cd ${cdPath}`]),
    `  ${pm} install`,
    `  ${run} dev`,
    "",
    "Then point EMQX's exhook at the server: README.md has the config.",
    "",
  ].join("\n");
}

function relativeOrAbsolute(cwd: string, dir: string): string {
  const rel = relative(cwd, dir);
  const shown = rel.startsWith("..") ? dir : rel;
  return /\s/.test(shown) ? JSON.stringify(shown) : shown;
}
