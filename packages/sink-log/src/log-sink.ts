// @exhook/sink-log's sink: writes each record as one structured log line with pino (JSON or pretty).

import { open as openFd } from "node:fs";
import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import {
  check,
  compileTemplate,
  defineSink,
  type EventRecord,
  errorText,
  type Sink,
  type SinkContext,
  SinkError,
  type Template,
  templateProblem,
  z,
} from "@exhook/core/sink";
import { type DestinationStream, type Logger as PinoLogger, pino } from "pino";
import { prettyFactory } from "pino-pretty";

export const logSinkProps = z.strictObject({
  level: z
    .enum(["trace", "debug", "info", "warn", "error", "fatal"])
    .default("info")
    .describe("the level records are logged at"),
  format: z.enum(["json", "pretty"]).default("json").describe("JSON lines, or pino-pretty's text"),
  destination: z
    .string()
    .min(1)
    .default("stdout")
    .describe('"stdout", "stderr", or a file path (appended to; directories are created)'),
  fields: z
    .array(z.string())
    .default([])
    .describe("the record fields to keep (top-level names); empty keeps them all"),
  redact: z
    .array(z.string())
    .default(["password"])
    .describe(
      'keys whose values are replaced by "[redacted]", at the top level and one level down ("a.b" for a path)',
    ),
  message: z
    .string()
    .superRefine(check(templateProblem))
    .default("${hook}")
    .describe("the log line's msg: a template of record fields"),
});

export type LogSinkProps = z.output<typeof logSinkProps>;

type Destination = ReturnType<typeof pino.destination>;

/** The file descriptor's writer and what is still to be written through it. */
interface Writer {
  file: Destination;
  closesFile: boolean;
  /** Bytes handed to the writer and not yet reported written by its `write` events. */
  unwritten: number;
  /** Waiting for `unwritten` to reach 0. */
  waiters: { resolve: () => void; reject: (error: Error) => void }[];
  /** Set by the file's error listener: fails the batch being written; the next collect clears it. */
  error: Error | undefined;
}

interface Output extends Writer {
  logger: PinoLogger;
}

export class LogSink implements Sink {
  readonly #props: LogSinkProps;
  readonly #message: Template;
  #output: Output | undefined;

  /** `props` as `logSinkProps.parse` returns them. */
  constructor(props: LogSinkProps) {
    this.#props = props;
    this.#message = compileTemplate(props.message);
  }

  async open(ctx: SinkContext): Promise<void> {
    const props = this.#props;
    const { destination } = props;
    const isStd = destination === "stdout" || destination === "stderr";
    // The file is opened here, before pino sees it: a writer created on a path that is not open yet makes
    // pino's exit hook throw "sonic boom is not ready yet" if the process exits meanwhile (and one whose
    // open failed stays registered until exit). With a descriptor the writer is ready from the start.
    const fd = isStd ? (destination === "stdout" ? 1 : 2) : await openForAppend(destination);
    const file = pino.destination({ dest: fd, sync: false });
    const writer: Writer = {
      file,
      closesFile: !isStd,
      unwritten: 0,
      waiters: [],
      error: undefined,
    };
    file.on("write", (bytes: number) => {
      writer.unwritten -= bytes;
      if (writer.unwritten > 0) return;
      writer.unwritten = 0;
      for (const waiter of writer.waiters.splice(0)) waiter.resolve();
    });
    // Without a listener, a write error (disk full, a closed pipe) would be an uncaught exception.
    file.on("error", (error: Error) => {
      writer.error = error;
      for (const waiter of writer.waiters.splice(0)) waiter.reject(writeFailed(error));
      ctx.reportStatus("disconnected", error);
    });
    // Formatted in line (pretty), so every line is counted into `unwritten` when the log call returns.
    const format =
      props.format === "pretty" ? prettyFactory({ colorize: false, translateTime: false }) : undefined;
    const stream: DestinationStream = {
      write(line: string) {
        const text = format === undefined ? line : format(line);
        writer.unwritten += Buffer.byteLength(text);
        file.write(text);
      },
    };
    const logger = pino(
      {
        level: "trace",
        // The record carries its own `time`; no pid/hostname: a record describes the broker's client, not us.
        timestamp: false,
        base: null,
        redact: { paths: redactPaths(props.redact), censor: "[redacted]" },
      },
      stream,
    );
    // The same object: the listeners above update `writer`.
    this.#output = Object.assign(writer, { logger });
  }

  /**
   * Resolves once the batch's lines are written to the descriptor (write(2) returned), not when pino took
   * them: `records out` then counts lines that survive the process being killed. Waiting costs the worker a
   * write per batch, never the hook call, and it bounds memory: a slow stdout fills the sink's queue (whose
   * overflow is counted) instead of pino's unbounded buffer.
   */
  async collect(_ctx: SinkContext, records: readonly EventRecord[]): Promise<void> {
    const output = this.#output;
    const props = this.#props;
    if (output === undefined) {
      throw new SinkError("the log sink is not open", { retryable: true });
    }
    // A write error failed the batch it hit; this one tries again (the disk may have room by now).
    output.error = undefined;
    const log = output.logger[props.level].bind(output.logger);
    for (const record of records) {
      log(keep(record, props.fields), this.#message.render(record));
    }
    await written(output);
  }

  async close(ctx: SinkContext): Promise<void> {
    const output = this.#output;
    this.#output = undefined;
    if (output === undefined) return;
    try {
      await written(output);
      if (output.closesFile) await endStream(output.file as unknown as NodeJS.WritableStream);
    } catch (error) {
      ctx.logger.warn({ sink: ctx.name, err: errorText(error) }, "log sink could not flush");
    }
  }
}

function keep(record: EventRecord, fields: readonly string[]): object {
  if (fields.length === 0) return record;
  const out: Record<string, unknown> = {};
  const source = record as unknown as Record<string, unknown>;
  for (const field of fields) if (Object.hasOwn(source, field)) out[field] = source[field];
  return out;
}

/** `password` redacts `password` and `*.password`; a dotted key is taken as a pino path as it is. */
function redactPaths(keys: readonly string[]): string[] {
  const paths: string[] = [];
  for (const key of keys) {
    if (key.includes(".") || key.includes("[") || key.includes("*")) paths.push(key);
    else paths.push(key, `*.${key}`);
  }
  return paths;
}

async function openForAppend(path: string): Promise<number> {
  try {
    await mkdir(dirname(path), { recursive: true });
    // A plain descriptor, not a FileHandle: the writer closes it, and a FileHandle would close it again on GC.
    return await new Promise<number>((resolve, reject) =>
      openFd(path, "a", (error, fd) => (error === null ? resolve(fd) : reject(error))),
    );
  } catch (error) {
    // A path that cannot be opened (permissions, a directory) will not open on retry either.
    throw new SinkError(`cannot open log file "${path}"`, { retryable: false, cause: error });
  }
}

/** Resolves when every byte handed to the writer is written (its `write` events add up). */
function written(writer: Writer): Promise<void> {
  if (writer.error !== undefined) return Promise.reject(writeFailed(writer.error));
  if (writer.unwritten === 0) return Promise.resolve();
  return new Promise<void>((resolve, reject) => writer.waiters.push({ resolve, reject }));
}

function writeFailed(error: Error): SinkError {
  // What was not written cannot be told from what was: retrying could write lines twice.
  return new SinkError(`log write failed: ${error.message}`, { retryable: false, cause: error });
}

function endStream(stream: NodeJS.WritableStream): Promise<void> {
  return new Promise<void>((resolve) => {
    stream.once("close", resolve);
    stream.once("finish", resolve);
    stream.once("error", () => resolve());
    stream.end();
  });
}

/** Load by type: `const { sink } = await import("@exhook/sink-log")`. */
export const sink = defineSink({
  type: "log",
  description: "structured log lines with pino: JSON or pretty, to stdout, stderr or a file",
  props: logSinkProps,
  example: { format: "json", destination: "stdout" },
  create: (props) => new LogSink(props),
});
