// One event shape from the requests of three protocol versions.
import { describe, expect, it } from "vitest";
import { emptyMeta, metaOf, toEvent } from "./normalize.js";

describe("toEvent", () => {
  it("fills what v1 does not send (peerport) and reuses the request as the event", () => {
    const request = { clientinfo: { clientid: "c", username: "u" }, result: false };
    const event = toEvent("client.authenticate", "v1", request);
    expect(event).toBe(request);
    expect(event.clientinfo.peerport).toBe(0);
  });

  it("folds the legacy subscription QoS into subopts", () => {
    const event = toEvent("client.subscribe", "v2", {
      clientinfo: { clientid: "c" },
      topicFilters: [{ name: "a/#", qos: 2 }],
    });
    expect(event.topicFilters).toEqual([{ name: "a/#", qos: 2, subopts: { qos: 2, rh: 0, rap: 0, nl: 0 } }]);
    expect(event.userProps).toEqual([]);
  });

  it("puts a legacy share group into the topic", () => {
    const event = toEvent("session.subscribed", "v1", {
      clientinfo: {},
      topic: "t/1",
      subopts: { qos: 1, share: "g" },
    });
    expect(event.topic).toBe("$share/g/t/1");
  });

  it("names the authorize action and gives empty shapes for missing parts", () => {
    expect(toEvent("client.authorize", "v2", { type: 1, topic: "t" }).action).toBe("subscribe");
    expect(toEvent("message.dropped", "v2", { reason: "x" }).message).toMatchObject({ topic: "", qos: 0 });
  });
});

describe("metaOf", () => {
  it("answers empty strings when an older broker sent no meta", () => {
    expect(metaOf({})).toBe(emptyMeta);
  });
});
