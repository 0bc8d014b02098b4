import { create } from "@bufbuild/protobuf";
import { v2 } from "@exhook/proto";
import { makeTestCerts, type TestCerts } from "@exhook/test-certs";
import { beforeAll, describe, expect, it } from "vitest";
import { forEachTransport, startServer } from "./test-support/fixture.js";
import { callRpc, grpc, grpcClient } from "./test-support/grpc-js-client.js";
import { unaryRoute } from "./types.js";

const routes = [
  unaryRoute(v2.HookProvider.method.onClientAuthenticate, (request) =>
    create(v2.ValuedResponseSchema, {
      type: v2.ValuedResponse_ResponsedType.STOP_AND_RETURN,
      value: { case: "boolResult", value: request.clientinfo?.username === "alice" },
    }),
  ),
];

let certs: TestCerts;
beforeAll(() => {
  certs = makeTestCerts();
});

forEachTransport(() => {
  describe("createGrpcServer over TLS", () => {
    it("serves TLS to a client that trusts its CA", async () => {
      const { target } = await startServer({ routes, tls: { cert: certs.serverCert, key: certs.serverKey } });
      const client = grpcClient(target, { credentials: grpc.credentials.createSsl(certs.ca) });
      try {
        const answer = await callRpc(client, "v2", "OnClientAuthenticate", {
          clientinfo: { username: "alice" },
        });
        expect(answer).toMatchObject({ boolResult: true });
      } finally {
        client.close();
      }
    });

    it("serves mTLS to a client with a certificate, and refuses one without", async () => {
      const tls = { cert: certs.serverCert, key: certs.serverKey, ca: certs.ca, requireClientCert: true };
      const { target } = await startServer({ routes, tls });
      const withCert = grpcClient(target, {
        credentials: grpc.credentials.createSsl(certs.ca, certs.clientKey, certs.clientCert),
      });
      const withoutCert = grpcClient(target, { credentials: grpc.credentials.createSsl(certs.ca) });
      try {
        const answer = await callRpc(withCert, "v2", "OnClientAuthenticate", {
          clientinfo: { username: "bob" },
        });
        expect(answer).toMatchObject({ boolResult: false });
        await expect(
          callRpc(withoutCert, "v2", "OnClientAuthenticate", {}, { deadline: Date.now() + 3000 }),
        ).rejects.toMatchObject({ code: grpc.status.UNAVAILABLE });
      } finally {
        withCert.close();
        withoutCert.close();
      }
    });
  });
});
