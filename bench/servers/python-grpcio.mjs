// Peer: Debian's python3-grpcio (EMQX's official examples) with the demo contract; skipped where it cannot run.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { toBinary } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema } from "@bufbuild/protobuf/wkt";
import { v2 } from "@exhook/proto";
import { demoHooks } from "../peers/demo-hooks.mjs";

export const server = {
  id: "python-grpcio",
  label: "python3-grpcio (Debian)",
  role: "peer",
  order: 40,
  scenarios: ["publish", "authenticate"],
  demoContract: true,
  prepare(ctx) {
    if (!ctx.python) return { skip: "python3-grpcio not available" };
    // The python side builds its message classes from this descriptor: no protoc, no network.
    const descriptor = `${ctx.tmpDir}/exhook-v2.desc`;
    writeFileSync(descriptor, toBinary(FileDescriptorProtoSchema, v2.file_emqx_exhook_v2_exhook.proto));
    return {
      command: ctx.pythonBin,
      args: [fileURLToPath(new URL("../peers/python-grpcio.py", import.meta.url))],
      env: { BENCH_DESCRIPTOR: descriptor, BENCH_DEMO_HOOKS: demoHooks.join(",") },
    };
  },
};
