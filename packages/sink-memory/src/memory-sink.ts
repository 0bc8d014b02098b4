// @exhook/sink-memory's sink: publishes each record on an in-process bus under a topic rendered per record.
import {
  check,
  compileTemplate,
  defineSink,
  type EventRecord,
  type Sink,
  type SinkContext,
  type SinkDefinition,
  SinkError,
  type Template,
  templateProblem,
  z,
} from "@exhook/core/sink";
import { type MemoryBus, memoryBus } from "./memory-bus.js";

export const memorySinkProps = z.strictObject({
  topic: z
    .string()
    .min(1)
    .superRefine(check(templateProblem))
    .default("exhook/${hook}")
    .describe("the bus topic of each record: a template of record fields, e.g. exhook/${hook}/${clientid}"),
});

export type MemorySinkProps = z.output<typeof memorySinkProps>;

export interface MemorySinkOptions {
  /** The bus to publish on (default: the process-wide `memoryBus`). */
  bus?: MemoryBus;
}

export class MemorySink implements Sink {
  readonly bus: MemoryBus;
  readonly #topic: Template;

  /** `props` as `memorySinkProps.parse` returns them. */
  constructor(props: MemorySinkProps, options: MemorySinkOptions = {}) {
    this.bus = options.bus ?? memoryBus;
    this.#topic = compileTemplate(props.topic);
  }

  async open(_ctx: SinkContext): Promise<void> {}

  async collect(_ctx: SinkContext, records: readonly EventRecord[]): Promise<void> {
    const template = this.#topic;
    for (let i = 0; i < records.length; i++) {
      const record = records[i]!;
      const topic = template.render(record);
      if (topic === "" || topic.includes("+") || topic.includes("#")) {
        // A field value made the topic unusable (e.g. a clientid with '#'): this record can never go.
        throw new SinkError(`topic "${topic}" rendered for a ${record.hook} record is not a valid topic`, {
          retryable: false,
          delivered: i,
        });
      }
      this.bus.publish(topic, record);
    }
  }

  async close(_ctx: SinkContext): Promise<void> {}
}

/** The memory sink's definition, publishing on `bus` (a private bus keeps a test's records to itself). */
export function memorySinkOn(bus: MemoryBus): SinkDefinition<MemorySinkProps> {
  return defineSink({
    type: "memory",
    description: "in-process pub/sub: subscribe to records with MQTT wildcards",
    props: memorySinkProps,
    example: { topic: "exhook/${hook}" },
    create: (props) => new MemorySink(props, { bus }),
  });
}

/** Load by type: `const { sink } = await import("@exhook/sink-memory")`. Publishes on `memoryBus`. */
export const sink = memorySinkOn(memoryBus);
