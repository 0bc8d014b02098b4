// The sink conformance suite against the memory sink's real target: a bus and a subscriber on it.
import type { EventRecord } from "@exhook/core/sink";
import { sinkConformance } from "@exhook/testkit/sink";
import { MemoryBus } from "./memory-bus.js";
import { memorySinkOn } from "./memory-sink.js";

const bus = new MemoryBus();
const received: EventRecord[] = [];
bus.subscribe("exhook/#", { onRecord: (record) => received.push(record) });

sinkConformance({
  definition: memorySinkOn(bus),
  target: {
    props: () => ({ topic: "exhook/${hook}" }),
    arrived: async (clientid) => received.filter((r) => r.clientid === clientid),
  },
  poison: () => ({ topic: "exhook/${hook}/${clientid}" }),
});
