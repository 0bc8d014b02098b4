import { describe, expect, it } from "vitest";
import { hookProviders, protocolVersions, rpcTable, wireHookNames } from "./index.js";

describe("rpc table", () => {
  it.each(protocolVersions)("%s covers all 21 RPCs of its service, in order", (version) => {
    const service = hookProviders[version];
    expect(service.methods).toHaveLength(21);
    expect(rpcTable[version].map((e) => e.rpc)).toEqual(service.methods.map((m) => m.name));
    for (const entry of rpcTable[version]) {
      expect(entry.path).toBe(`/${service.typeName}/${entry.rpc}`);
      const method = service.methods.find((m) => m.name === entry.rpc)!;
      const output = { loaded: "LoadedResponse", valued: "ValuedResponse", empty: "EmptySuccess" }[
        entry.answer
      ];
      expect(method.output.name).toBe(output);
    }
  });

  it("uses the v1 spelling of the ACL and takeover hooks on v1 only", () => {
    const v1 = rpcTable.v1.find((e) => e.hook === "client.authorize")!;
    expect([v1.rpc, v1.wireHook]).toEqual(["OnClientCheckAcl", "client.check_acl"]);
    const v1t = rpcTable.v1.find((e) => e.hook === "session.takenover")!;
    expect([v1t.rpc, v1t.wireHook]).toEqual(["OnSessionTakeovered", "session.takeovered"]);
    const v3 = rpcTable.v3.find((e) => e.hook === "client.authorize")!;
    expect([v3.rpc, v3.wireHook]).toEqual(["OnClientAuthorize", "client.authorize"]);
  });

  it("offers the 19 hook names the broker accepts", () => {
    const v2Names = wireHookNames("v2");
    expect(v2Names).toHaveLength(19);
    expect(v2Names).toContain("session.takenover");
    expect(wireHookNames("v1")).toContain("client.check_acl");
    expect(wireHookNames("v1")).not.toContain("client.authorize");
    expect(rpcTable.v2.filter((e) => e.answer === "valued").map((e) => e.hook)).toEqual([
      "client.authenticate",
      "client.authorize",
      "message.publish",
    ]);
  });
});
