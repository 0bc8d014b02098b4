// Bench target: the memory sink (no I/O), the floor of what routing records to a sink costs.
export const pkg = "@exhook/sink-memory";

export function props() {
  return { topic: "exhook/${hook}" };
}
