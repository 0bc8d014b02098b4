// What the sinks chosen with --sinks add to a project: src/sinks.* filled in, its call in app.*, a README section.

export interface SinkCode {
  /** Block markers → lines. */
  readonly blocks: Readonly<Record<string, readonly string[]>>;
  /** Line markers → edits. */
  readonly edits: Readonly<Record<string, (line: string) => string>>;
  /** The README's "Sinks" section (empty without sinks). */
  readonly readme: string;
}

/** `log` → `logSink`, `my-queue` → `myQueueSink`. */
export function sinkIdentifier(type: string): string {
  return `${type.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase())}Sink`;
}

/** Whether a template file exists only for projects with sinks (src/sinks.ts or .js). */
export function isSinksFile(path: string): boolean {
  return /(^|\/)src\/sinks\.[cm]?[jt]s$/.test(path);
}

export function sinkCode(types: readonly string[]): SinkCode {
  if (types.length === 0) return { blocks: {}, edits: {}, readme: "" };
  const names = types.map((type) => JSON.stringify(type)).join(", ");
  return {
    blocks: {
      // In app.*:
      "sink-imports": ['import { addSinks } from "./sinks.js";'],
      "sink-setup": ["await addSinks(app);", ""],
      // In sinks.*:
      "sink-packages": types.map(
        (type) => `import { sink as ${sinkIdentifier(type)} } from "@exhook/sink-${type}";`,
      ),
      "sink-add": types.map(
        (type) =>
          // Each sink package's own example props (what it needs on this machine, such as the MQTT sink's
          // server): the scaffolder knows no sink's props, so a new sink package needs no change here.
          `await app.sink(${JSON.stringify(type)}, ${sinkIdentifier(type)}, ${sinkIdentifier(type)}.example ?? {});`,
      ),
    },
    edits: { "sink-names": (line) => line.replace("[]", `[${names}]`) },
    readme: [
      "",
      "## Sinks",
      "",
      "Connections and the messages clients publish on `sensors/#` are also sent to the sinks below. Routes match",
      "the topic as published, before `src/app.*` moves it to `readings/…`: a record's `topic` is `readings/…`, its",
      "`publishedTopic` `sensors/…`.",
      "",
      ...types.map(
        (type) =>
          `- \`${type}\` ([@exhook/sink-${type}](https://www.npmjs.com/package/@exhook/sink-${type}))`,
      ),
      "",
      "The sinks and their route are in `src/sinks.*`; each starts from its package's example props",
      "(`sink.example`): replace them with your own.",
      "",
    ].join("\n"),
  };
}
