// The server's pino logger: JSON lines, or pino-pretty on a terminal outside production when it is installed.
import { createRequire } from "node:module";
import pino, { type Logger as PinoLogger } from "pino";
import type { LogSection } from "./config-schema.js";

function prettyAvailable(): boolean {
  try {
    createRequire(import.meta.url).resolve("pino-pretty");
    return true;
  } catch {
    return false;
  }
}

export function createLogger(config: LogSection, env: NodeJS.ProcessEnv = process.env): PinoLogger {
  const wantPretty =
    config.pretty === "auto"
      ? process.stdout.isTTY === true && env["NODE_ENV"] !== "production"
      : config.pretty;
  const options = { level: config.level, base: { pid: process.pid }, name: "exhook" };
  if (wantPretty && prettyAvailable()) {
    return pino({ ...options, transport: { target: "pino-pretty", options: { colorize: true } } });
  }
  // Synchronous writes: a shutdown log line must not be lost to process.exit.
  return pino(options, pino.destination({ fd: 1, sync: true }));
}
