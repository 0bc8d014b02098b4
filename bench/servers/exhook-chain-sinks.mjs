// exhook: the 3-handler chain plus a sink route to each target of bench/exhook/sinks/ (memory and mqtt have
// their own rows), at batch 1 and batch 100, with the sink's delivered records/s read around each measurement.
import { chainServer, sinkTargets } from "../lib/exhook-chain.mjs";

const ownRows = new Set(["memory", "mqtt"]);

export const servers = sinkTargets()
  .filter((name) => !ownRows.has(name))
  .flatMap((name, index) =>
    [1, 100].map((batch) =>
      chainServer({
        id: `sink-${name}-b${batch}`,
        label: `exhook chain + ${name} sink, batch ${batch}`,
        order: 90 + index + (batch === 1 ? 0 : 0.5),
        sink: name,
        batch,
        deliveryRate: true,
      }),
    ),
  );
