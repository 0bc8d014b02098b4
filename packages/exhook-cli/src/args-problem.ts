// Command-line mistakes, reported as what is wrong in a person's words, then the
// command's usage line (Node's parseArgs text names no command and suggests `--` escapes nobody wants).
import { CliError } from "./errors.js";

/**
 * A `parseArgs` error as a CliError that reads, e.g., `unknown option --colour` followed by
 * `Usage: exhook <command> [options] (exhook --help lists the options)`.
 */
export function argsProblem(error: unknown, command: string, usageLine: string): CliError {
  return new CliError(`${describe(error)}\n${usageLine} (${command} --help lists the options)`);
}

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  // parseArgs quotes the option as it was defined or typed: '--colour', '-y, --yes', '--port <value>'.
  const quoted = /'([^']+)'/.exec(message)?.[1] ?? "";
  const option = quoted
    .split(/[\s,]+/)
    .filter((part) => part.startsWith("-"))
    .pop();
  if (option === undefined) return message;
  switch (code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
      return `unknown option ${option}`;
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE":
      return / does not take an argument/.test(message)
        ? `${option} takes no value`
        : `${option} needs a value`;
    default:
      return message;
  }
}
