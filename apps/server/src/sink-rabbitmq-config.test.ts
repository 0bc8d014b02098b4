// The default server takes `type: rabbitmq`: the package is installed with it and its props are checked the
// way the config file's are (the config the RabbitMQ sink's tests use).
import { parseSinkProps } from "@exhook/core/sink";
import { describe, expect, it } from "vitest";
import { loadSinkDefinition } from "./sink-loader.js";

describe("type: rabbitmq", () => {
  it("loads @exhook/sink-rabbitmq and checks its props like the config file's", async () => {
    const definition = await loadSinkDefinition("rabbitmq", process.cwd(), { from: "config" });
    expect(definition.type).toBe("rabbitmq");
    const props = parseSinkProps(definition, {
      url: "amqp://guest:guest@127.0.0.1:5672",
      exchange: "",
      routingKey: "exhook.${hook}",
      queue: "exhook-events",
      heartbeat: "10",
    });
    expect(props).toMatchObject({ heartbeat: 10, persistent: true, mandatory: true });
    expect(() => parseSinkProps(definition, { url: "amqp://h", exchange: "" }, "events")).toThrow(
      /routingKey/,
    );
  });
});
