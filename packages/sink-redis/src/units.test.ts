// Without a server: the props schema, the command a record becomes, and which failures are retried.
import { describeProps, parseSinkProps, SinkConfigError } from "@exhook/core/sink";
import { ClientOfflineError, SimpleError, SocketClosedUnexpectedlyError } from "@redis/client";
import { describe, expect, it } from "vitest";
import { CommandBuilder, recordId } from "./commands.js";
import { shownUrl } from "./props.js";
import { sink } from "./redis-sink.js";
import { isRetryableFailure, replyCode } from "./replies.js";

function problems(props: unknown): { property: string; reason: string }[] {
  try {
    parseSinkProps(sink, props);
  } catch (error) {
    if (error instanceof SinkConfigError) {
      return error.problems.map((p) => ({ property: p.property, reason: p.reason }));
    }
    throw error;
  }
  return [];
}

describe("redis sink props", () => {
  it("fills in the defaults: stream mode, no trimming, TLS checks on", () => {
    expect(parseSinkProps(sink, { url: "redis://127.0.0.1:6379" })).toEqual({
      url: "redis://127.0.0.1:6379",
      mode: "stream",
      connectTimeoutMs: 5000,
      commandTimeoutMs: 5000,
      rejectUnauthorized: true,
    });
  });

  it("takes config-file strings for numbers and booleans", () => {
    const props = parseSinkProps(sink, {
      url: "redis://h",
      maxLen: "1000",
      db: "2",
      rejectUnauthorized: "false",
    });
    expect(props).toMatchObject({ maxLen: 1000, db: 2, rejectUnauthorized: false });
  });

  it("reports every problem at once, each with its property", () => {
    expect(problems({ url: "http://h", mode: "queue", maxLen: 0, stream: "a${", db: -1 })).toEqual([
      { property: "url", reason: "must be a redis:// or rediss:// (TLS) URL" },
      { property: "mode", reason: 'must be "stream" or "publish"' },
      { property: "stream", reason: "is not a valid template: '${' is not closed by '}'" },
      { property: "maxLen", reason: "must be at least 1" },
      { property: "db", reason: "must be at least 0" },
    ]);
    expect(problems({})).toEqual([{ property: "url", reason: "is required" }]);
    expect(problems({ url: "redis://h/x" })[0]?.reason).toMatch(/db number/);
  });

  it("refuses the other mode's options and TLS files without rediss://", () => {
    expect(problems({ url: "redis://h", mode: "publish", stream: "s", maxLen: 5 })).toEqual([
      { property: "stream", reason: "is for mode stream (mode is publish: use channel)" },
      { property: "maxLen", reason: "is for mode stream (a channel keeps nothing)" },
    ]);
    expect(problems({ url: "redis://h", channel: "c" })[0]?.property).toBe("channel");
    expect(problems({ url: "redis://h", ca: "/ca.pem" })).toEqual([
      { property: "ca", reason: "needs a rediss:// url (TLS)" },
    ]);
    expect(problems({ url: "rediss://h", cert: "/c.pem" })).toEqual([
      { property: "key", reason: "is required when cert or key is given" },
    ]);
  });

  it("marks password and key secret in the schema the server shows", () => {
    const shown = describeProps(sink.props) as { properties: Record<string, { secret?: boolean }> };
    expect(shown.properties["password"]?.secret).toBe(true);
    expect(shown.properties["key"]?.secret).toBe(true);
    expect(shown.properties["username"]?.secret).toBeUndefined();
  });

  it("masks a password in the URL", () => {
    expect(shownUrl("redis://u:s3cret@h:6379/2")).toBe("redis://u:***@h:6379/2");
    expect(shownUrl("rediss://h:6380")).toBe("rediss://h:6380");
  });
});

describe("the command of a record", () => {
  const record = {
    hook: "message.publish" as const,
    time: "2026-12-02T00:00:00.000Z",
    node: "n",
    clientid: "dev1",
    username: "",
    peerhost: "",
    payload: "42",
    version: "v2" as const,
    meta: { node: "n", version: "5", sysdescr: "EMQX", clusterName: "c" },
  };
  const build = (props: Record<string, unknown>) =>
    new CommandBuilder(parseSinkProps(sink, { url: "redis://h", ...props })).build(record);

  it("is XADD <key> [MAXLEN ~ n] * id <id> hook <hook> record <json>", () => {
    const json = JSON.stringify(record);
    expect(build({})).toEqual({
      ok: true,
      key: "exhook:message.publish",
      args: [
        "XADD",
        "exhook:message.publish",
        "*",
        "id",
        recordId(json),
        "hook",
        "message.publish",
        "record",
        json,
      ],
    });
    expect(build({ stream: "s:${clientid}", maxLen: 1000, payload: "${payload}" })).toMatchObject({
      key: "s:dev1",
      args: [
        "XADD",
        "s:dev1",
        "MAXLEN",
        "~",
        "1000",
        "*",
        "id",
        recordId(json),
        "hook",
        "message.publish",
        "record",
        "42",
      ],
    });
    expect(recordId(json)).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(recordId(JSON.stringify({ ...record, time: "2026-12-02T00:00:00.001Z" }))).not.toBe(
      recordId(json),
    );
  });

  it("is PUBLISH <channel> <payload> in publish mode", () => {
    expect(build({ mode: "publish", channel: "c/${clientid}" })).toEqual({
      ok: true,
      key: "c/dev1",
      args: ["PUBLISH", "c/dev1", JSON.stringify(record)],
    });
  });

  it("is refused when the key renders empty", () => {
    expect(build({ stream: "${nothing}" })).toEqual({
      ok: false,
      reason: "the stream key rendered for a message.publish record is empty",
    });
  });
});

describe("which failures are retried", () => {
  it("retries transient error replies and connection failures, not a refusal of the command", () => {
    for (const text of ["LOADING Redis is loading", "BUSY script", "READONLY replica", "OOM used memory"]) {
      expect(isRetryableFailure(new SimpleError(text)), text).toBe(true);
    }
    for (const text of ["WRONGTYPE Operation", "NOPERM this user", "ERR syntax error", "MOVED 3999 h:6381"]) {
      expect(isRetryableFailure(new SimpleError(text)), text).toBe(false);
    }
    expect(isRetryableFailure(new ClientOfflineError())).toBe(true);
    expect(isRetryableFailure(new SocketClosedUnexpectedlyError())).toBe(true);
    expect(replyCode(new SimpleError("NOPERM this user has no permissions"))).toBe("NOPERM");
  });
});
