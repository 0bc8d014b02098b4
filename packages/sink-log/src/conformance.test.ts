// The sink conformance suite against the log sink's real target: a file, read back line by line.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EventRecord } from "@exhook/core/sink";
import { sinkConformance } from "@exhook/testkit/sink";
import { afterAll, beforeAll } from "vitest";
import { sink } from "./log-sink.js";

let dir = "";
let file = "";
let notADirectory = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "exhook-log-conformance-"));
  file = join(dir, "records.log");
  notADirectory = join(dir, "plain-file");
  await writeFile(notADirectory, "");
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function lines(): Promise<Record<string, unknown>[]> {
  const text = await readFile(file, "utf8").catch(() => "");
  return text
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

sinkConformance({
  definition: sink,
  target: {
    props: () => ({ destination: file }),
    arrived: async (clientid) =>
      (await lines())
        .filter((line) => line["clientid"] === clientid)
        // The log line's own framing: pino's level and the message template.
        .map(({ level: _level, msg: _msg, ...record }) => record as unknown as EventRecord),
  },
  // A path under a plain file can never be opened: fatal.
  broken: () => ({ destination: join(notADirectory, "x.log") }),
});
