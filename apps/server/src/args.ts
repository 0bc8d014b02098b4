// The server's command line: `[--config f] [--check]`, `hash-password [pw]`, `--help`, `--version`.
import { parseArgs } from "node:util";

/** A command-line mistake: printed with the usage, exit status 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export function parseServerArgs(argv: readonly string[]) {
  // `pnpm start -- --config f` hands the `--` on under pnpm 10 (npm and pnpm 12 drop it): a leading `--`
  // separates nothing here, so the options after it are read as options.
  const args = argv[0] === "--" ? argv.slice(1) : [...argv];
  try {
    return parseArgs({
      args,
      options: {
        config: { type: "string", short: "c" },
        check: { type: "boolean" },
        help: { type: "boolean", short: "h" },
        version: { type: "boolean" },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(describeArgsError(error));
  }
}

/** parseArgs' message reworded: `unknown option --colour`, `--config needs a value`. */
function describeArgsError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  // parseArgs quotes the option as defined or typed: '--colour', '-c, --config <value>', '--check'.
  const option = (/'([^']+)'/.exec(message)?.[1] ?? "")
    .split(/[\s,]+/)
    .filter((part) => part.startsWith("-"))
    .pop();
  if (option === undefined) return message;
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") return `unknown option ${option}`;
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
    return / does not take an argument/.test(message)
      ? `${option} takes no value`
      : `${option} needs a value`;
  }
  return message;
}
