// The demo contract as a third, independent client sees it: Debian's python3-grpcio, the stack of EMQX's
// official examples. Skipped where /usr/bin/python3 has no grpc module (.ci/run installs python3-grpcio).
import { execFile, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { toBinary } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema } from "@bufbuild/protobuf/wkt";
import { silentLogger } from "@exhook/core";
import { v1, v2, v3 } from "@exhook/proto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDemo } from "./demo.js";

const python = "/usr/bin/python3";
const hasGrpc = spawnSync(python, ["-c", "import grpc, google.protobuf"]).status === 0;
const script = fileURLToPath(new URL("./test-support/python_client.py", import.meta.url));
const files = {
  v1: v1.file_emqx_exhook_v1_exhook,
  v2: v2.file_emqx_exhook_v2_exhook,
  v3: v3.file_emqx_exhook_v3_exhook,
};

// Both HTTP/2 transports: node:http2 (the default) and the raw one (`listen({ transport: "raw" })`).
const servers = (["http2", "raw"] as const).map((transport) => ({
  transport,
  app: createDemo({ logger: silentLogger }),
  address: "",
}));
beforeAll(async () => {
  for (const server of servers) {
    const { port } = await server.app.listen({ port: 0, host: "127.0.0.1", transport: server.transport });
    server.address = `127.0.0.1:${port}`;
  }
});
afterAll(() => Promise.all(servers.map((server) => server.app.close({ deadlineMs: 1_000 }))));

const cases = servers.flatMap((server) =>
  (["v1", "v2", "v3"] as const).map((version) => ({ server, version })),
);

describe.skipIf(!hasGrpc).each(cases)(
  "the demo on the $server.transport transport, called by python3-grpcio over $version",
  ({ server, version }) => {
    it("answers the contract", async () => {
      const descriptor = toBinary(FileDescriptorProtoSchema, files[version].proto);
      // Asynchronously: the server runs in this process, so a blocking call would starve it.
      const output = await new Promise<string>((resolve, reject) => {
        const child = execFile(
          python,
          [script, server.address, version],
          { timeout: 30_000 },
          (error, stdout, stderr) =>
            error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout),
        );
        child.stdin!.end(descriptor);
      });
      const answers = JSON.parse(output);
      expect(answers.loaded.hooks).toHaveLength(19);
      expect(answers.connected).toEqual({});
      expect(answers.baduser.authenticate).toEqual({ type: "STOP_AND_RETURN", bool_result: false });
      expect(answers.baduser.publish.type).toBe("STOP_AND_RETURN");
      expect(answers.baduser.publish.message.headers).toEqual({
        username: "baduser",
        allow_publish: "false",
      });
      expect(answers.gooduser.authorize).toEqual({ type: "STOP_AND_RETURN", bool_result: true });
      // CONTINUE is the enum's zero, which proto3 JSON leaves out.
      expect(answers.normaluser.authenticate).toEqual({ bool_result: true });
      expect(answers.normaluser.publish.type).toBeUndefined();
      expect(answers.normaluser.publish.message).toMatchObject({
        topic: "rewritten/py/x",
        qos: 1,
        payload: "aGk=",
        id: "0005F1A2B3C4D5E6",
      });
      expect(answers.someone.authenticate).toEqual({ type: "IGNORE" });
    });
  },
);
