// The logger exhook writes to: a pino-compatible subset, so a pino logger can be passed as it is.
export interface Logger {
  error(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";

const rank: Record<LogLevel, number> = { debug: 20, info: 30, warn: 40, error: 50, silent: 100 };

/** JSON lines on stderr at or above `level`; the default until a real logger is given. */
export function createConsoleLogger(level: LogLevel = "warn"): Logger {
  const min = rank[level];
  const write = (levelName: Exclude<LogLevel, "silent">) => (obj: object, msg?: string) => {
    if (rank[levelName] < min) return;
    const line: Record<string, unknown> = { level: levelName, time: Date.now(), ...obj };
    if (msg !== undefined) line["msg"] = msg;
    process.stderr.write(`${JSON.stringify(line, jsonSafe)}\n`);
  };
  return { error: write("error"), warn: write("warn"), info: write("info"), debug: write("debug") };
}

function jsonSafe(_key: string, value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  return value;
}

/** A logger that drops everything (tests, benchmarks). */
export const silentLogger: Logger = { error() {}, warn() {}, info() {}, debug() {} };
