// Peer: grpc-go with the demo contract, built offline from Debian's packages; skipped with a note when they are missing.
import { fileURLToPath } from "node:url";
import { buildGrpcGo } from "../lib/go-build.mjs";
import { demoHooks } from "../peers/demo-hooks.mjs";

export const server = {
  id: "grpc-go",
  label: "grpc-go (Debian, GOMAXPROCS=1)",
  role: "peer",
  order: 35,
  scenarios: ["publish", "authenticate"],
  demoContract: true,
  prepare(ctx) {
    const built = buildGrpcGo({
      mainFile: fileURLToPath(new URL("../peers/grpc-go/main.go", import.meta.url)),
      protoRoot: `${ctx.root}/packages/proto/proto`,
      protoFile: "emqx/exhook/v2/exhook.proto",
      workDir: `${ctx.tmpDir}/grpc-go`,
    });
    if (built.skip) return { skip: built.skip };
    // One core, like every Node server here: the Go runtime would otherwise spread over all of them.
    return {
      command: built.binary,
      args: [],
      env: { GOMAXPROCS: "1", BENCH_DEMO_HOOKS: demoHooks.join(",") },
    };
  },
};
