// @exhook/sink-log's sink: writes each record as one structured log line with pino (JSON or pretty).
import {
  compileTemplate,
  defineProps,
  defineSink,
  type EventRecord,
  errorText,
  type PropsOf,
  prop,
  type Sink,
  type SinkContext,
  SinkError,
  type Template,
  templateProblem,
} from "@exhook/core";
import { type DestinationStream, type Logger as PinoLogger, pino } from "pino";
import pinoPretty from "pino-pretty";

export const logSinkProps = defineProps({
  level: prop.enum(["trace", "debug", "info", "warn", "error", "fatal"], {
    default: "info",
    description: "the level records are logged at",
  }),
  format: prop.enum(["json", "pretty"], {
    default: "json",
    description: "JSON lines, or pino-pretty's text",
  }),
  destination: prop.string({
    default: "stdout",
    minLength: 1,
    description: '"stdout", "stderr", or a file path (appended to; directories are created)',
  }),
  fields: prop.stringList({
    default: [],
    description: "the record fields to keep (top-level names); empty keeps them all",
  }),
  redact: prop.stringList({
    default: ["password"],
    description:
      'keys whose values are replaced by "[redacted]", at the top level and one level down ("a.b" for a path)',
  }),
  message: prop.string({
    default: "${hook}",
    description: "the log line's msg: a template of record fields",
    check: templateProblem,
  }),
});

export type LogSinkProps = PropsOf<typeof logSinkProps.shape>;

/** The pino destination plus, for `pretty`, the formatter in front of it. */
interface Output {
  logger: PinoLogger;
  file: ReturnType<typeof pino.destination>;
  pretty: NodeJS.WritableStream | undefined;
  closesFile: boolean;
}

export class LogSink implements Sink {
  #props: LogSinkProps | undefined;
  #message: Template | undefined;
  #output: Output | undefined;

  configure(props: unknown): void {
    this.#props = logSinkProps.parse(props);
    this.#message = compileTemplate(this.#props.message);
  }

  async open(ctx: SinkContext): Promise<void> {
    const props = this.#props ?? logSinkProps.parse({});
    const { destination } = props;
    const isStd = destination === "stdout" || destination === "stderr";
    const file = pino.destination(
      isStd
        ? { dest: destination === "stdout" ? 1 : 2, sync: false }
        : { dest: destination, mkdir: true, sync: false },
    );
    // Without a listener, a write error (disk full, file removed) would be an uncaught exception.
    file.on("error", (error: Error) => ctx.reportStatus("disconnected", error));
    if (!isStd) await ready(file, destination);
    let stream: DestinationStream = file;
    let pretty: NodeJS.WritableStream | undefined;
    if (props.format === "pretty") {
      pretty = pinoPretty({ destination: file, colorize: false, sync: false, translateTime: false });
      stream = pretty as unknown as DestinationStream;
    }
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
    this.#output = { logger, file, pretty, closesFile: !isStd };
  }

  async collect(_ctx: SinkContext, records: readonly EventRecord[]): Promise<void> {
    const output = this.#output;
    const props = this.#props;
    if (output === undefined || props === undefined || this.#message === undefined) {
      throw new SinkError("the log sink is not open", { retryable: true });
    }
    const log = output.logger[props.level].bind(output.logger);
    for (const record of records) {
      log(keep(record, props.fields), this.#message.render(record));
    }
  }

  async close(ctx: SinkContext): Promise<void> {
    const output = this.#output;
    this.#output = undefined;
    if (output === undefined) return;
    try {
      if (output.pretty !== undefined) await endStream(output.pretty);
      await new Promise<void>((resolve) => output.file.flush(() => resolve()));
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

function ready(file: ReturnType<typeof pino.destination>, path: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onReady = () => {
      file.off("error", onError);
      resolve();
    };
    const onError = (error: Error) => {
      file.off("ready", onReady);
      // A path that cannot be opened (permissions, a directory) will not open on retry either.
      reject(new SinkError(`cannot open log file "${path}"`, { retryable: false, cause: error }));
    };
    file.once("ready", onReady);
    file.once("error", onError);
  });
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
  create: () => new LogSink(),
});
