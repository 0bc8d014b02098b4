// The NATS sink's own behaviour against the machine's shared NATS (streams and subjects with a random suffix,
// deleted afterwards), and private nats-servers for logins and TLS.
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { silentLogger } from "@exhook/core";
import {
  type EventRecord,
  parseSinkProps,
  SinkConfigError,
  type SinkContext,
  SinkError,
  SinkRuntime,
  toEventRecord,
} from "@exhook/core/sink";
import { jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { afterEach, describe, expect, it, vi } from "vitest";
import { recordMsgId } from "./msg-id.js";
import { type NatsSink, sink } from "./nats-sink.js";
import {
  hasNatsServer,
  sharedNats,
  startNats,
  streamReader,
  suffix,
  tempDir,
} from "./test-support/nats-server.js";

const meta = { node: "emqx@127.0.0.1", version: "5.8.9", sysdescr: "EMQX", clusterName: "nats-test" };

function publishRecord(clientid: string, n: number, payload = String(n)): EventRecord {
  const event = {
    message: {
      node: "emqx@127.0.0.1",
      id: `0005F8F9A1B2${n.toString(16).padStart(4, "0")}`,
      qos: 1,
      from: clientid,
      topic: `t/${clientid}`,
      payload: new TextEncoder().encode(payload),
      timestamp: 1_700_000_000_000n + BigInt(n),
      headers: { username: "u", peerhost: "127.0.0.1" },
    },
    props: [],
    userProps: [],
  };
  return toEventRecord("message.publish", event, { version: "v3", meta, time: 1_700_000_000_000 + n });
}

function context(): SinkContext & { statuses: string[] } {
  const statuses: string[] = [];
  return {
    name: "nats-test",
    logger: silentLogger,
    signal: new AbortController().signal,
    reportStatus: (status) => statuses.push(status),
    statuses,
  };
}

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
});

function make(props: Record<string, unknown>): NatsSink {
  return sink.create(parseSinkProps(sink, props)) as NatsSink;
}

async function opened(props: Record<string, unknown>): Promise<{ sink: NatsSink; ctx: SinkContext }> {
  const s = make(props);
  const ctx = context();
  cleanups.push(() => s.close(ctx));
  await s.open(ctx);
  return { sink: s, ctx };
}

/** A reader of a stream on the shared NATS, and the stream deleted after the test. */
async function reader(stream: string) {
  const r = await streamReader(sharedNats, stream);
  cleanups.push(async () => {
    await r.delete();
    await r.close();
  });
  return r;
}

describe("props", () => {
  it("has defaults for everything but the servers", () => {
    expect(parseSinkProps(sink, { servers: sharedNats })).toMatchObject({
      mode: "jetstream",
      subject: "exhook.${hook}.${clientid}",
      createStream: false,
      ackTimeoutMs: 5000,
      duplicateWindowMs: 120_000,
    });
    expect(parseSinkProps(sink, { servers: ["127.0.0.1:4222", "tls://n2:4222"] })).toMatchObject({
      servers: ["127.0.0.1:4222", "tls://n2:4222"],
    });
    expect(parseSinkProps(sink, sink.example)).toMatchObject({ stream: "EXHOOK", createStream: true });
  });

  it("reports every mistake, naming its property", () => {
    const error = (() => {
      try {
        parseSinkProps(sink, {
          servers: "nats://exhook:hunter2@127.0.0.1:4222",
          subject: "${hook",
          createStream: true,
          cert: "c.pem",
          ackTimeoutMs: 5,
        });
      } catch (e) {
        return e as SinkConfigError;
      }
      throw new Error("accepted");
    })();
    expect(error).toBeInstanceOf(SinkConfigError);
    const byProperty = Object.fromEntries(error.problems.map((p) => [p.property, p.reason]));
    expect(byProperty["servers"]).toMatch(/cannot carry credentials/);
    expect(byProperty["subject"]).toMatch(/not a valid template/);
    expect(byProperty["ackTimeoutMs"]).toBe("must be at least 100");
    expect(error.message).not.toContain("hunter2");
  });

  it("asks for what createStream needs, and refuses stream options in core mode", () => {
    const problems = (props: Record<string, unknown>) => {
      try {
        parseSinkProps(sink, { servers: sharedNats, ...props });
        return [];
      } catch (e) {
        return (e as SinkConfigError).problems.map((p) => `${p.property}: ${p.reason}`);
      }
    };
    expect(problems({ createStream: true })).toEqual(["stream: is required with createStream"]);
    expect(problems({ createStream: true, stream: "S", subject: "${hook}.x" })).toEqual([
      expect.stringMatching(/^streamSubjects: is required with createStream/),
    ]);
    expect(
      problems({ createStream: true, stream: "S", subject: "${hook}", streamSubjects: ["a.>"] }),
    ).toEqual([]);
    expect(problems({ mode: "core", stream: "S", createStream: true })).toEqual([
      "stream: is for mode jetstream",
      "createStream: is for mode jetstream",
    ]);
    expect(problems({ stream: "a.b" })).toEqual([expect.stringMatching(/^stream: must be a stream name/)]);
    expect(problems({ pass: "x" })).toEqual(["user: is required with pass"]);
    expect(problems({ cert: "c.pem" })).toEqual(["key: is required when cert or key is given"]);
  });
});

describe("JetStream publishing", () => {
  it("creates the stream over the template's prefix, publishes a batch at once, each record counted once", async () => {
    const id = suffix();
    const stream = `EXHOOK_TEST_${id}`;
    const r = await reader(stream);
    const { sink: s, ctx } = await opened({
      servers: sharedNats,
      subject: `t${id}.\${hook}.\${clientid}`,
      stream,
      createStream: true,
      duplicateWindowMs: 60_000,
    });
    const records = Array.from({ length: 100 }, (_, n) => publishRecord("dev1", n));
    await s.collect(ctx, records);
    const got = await r.read();
    expect(got.map((m) => m.data)).toEqual(records.map((rec) => JSON.stringify(rec)));
    expect(got[0]).toMatchObject({
      subject: `t${id}.message.publish.dev1`,
      msgId: recordMsgId(records[0]!),
      headers: { "Exhook-Hook": "message.publish", "Exhook-Node": "emqx@127.0.0.1" },
    });

    const nc = await connect({ servers: sharedNats });
    cleanups.push(() => nc.close());
    const jsm = await jetstreamManager(nc);
    const info = await jsm.streams.info(stream);
    expect(info.config.subjects).toEqual([`t${id}.>`]);
    expect(info.config.duplicate_window).toBe(60_000 * 1_000_000);

    // The same batch again (a redelivery after a crash): acknowledged, and the stream keeps one of each.
    await s.collect(ctx, records);
    expect((await r.read()).length).toBe(100);
    expect((await jsm.streams.info(stream)).state.messages).toBe(100);
  });

  it("renders the subject and payload templates per record", async () => {
    const id = suffix();
    const stream = `EXHOOK_TPL_${id}`;
    const r = await reader(stream);
    const { sink: s, ctx } = await opened({
      servers: sharedNats,
      subject: `tpl${id}.\${clientid}.\${qos}`,
      payload: "${clientid} said ${payload}",
      stream,
      createStream: true,
    });
    await s.collect(ctx, [publishRecord("a", 1, "hi"), publishRecord("b", 2, "yo")]);
    const got = await r.read();
    expect(got.map((m) => [m.subject, m.data])).toEqual([
      [`tpl${id}.a.1`, "a said hi"],
      [`tpl${id}.b.1`, "b said yo"],
    ]);
    expect(got[0]!.headers["Content-Type"]).toBeUndefined();
  });

  it("checks an existing stream: it must take the sink's subjects, and is never changed", async () => {
    const id = suffix();
    const stream = `EXHOOK_OTHER_${id}`;
    await reader(stream); // deletes it afterwards
    const nc = await connect({ servers: sharedNats });
    cleanups.push(() => nc.close());
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: stream, subjects: [`other${id}.>`] });
    const s = make({ servers: sharedNats, subject: `mine${id}.\${clientid}`, stream, createStream: true });
    const ctx = context();
    cleanups.push(() => s.close(ctx));
    const error = await s.open(ctx).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SinkError);
    expect(error).toMatchObject({ retryable: false });
    expect((error as Error).message).toContain(`mine${id}.>`);
    expect((await jsm.streams.info(stream)).config.subjects).toEqual([`other${id}.>`]);
  });

  it("drops a record that can never go as fatal, alone, and delivers the records around it", async () => {
    const id = suffix();
    const stream = `EXHOOK_POISON_${id}`;
    const r = await reader(stream);
    const runtime = new SinkRuntime();
    cleanups.push(() => runtime.close());
    await runtime.addSink(
      "nats",
      sink,
      { servers: sharedNats, subject: `p${id}.\${clientid}`, stream, createStream: true },
      { batchSize: 4, lingerMs: 50 },
    );
    runtime.addRoute({ hooks: ["message.publish"], sinks: ["nats"] });
    const publish = (clientid: string, n: number) =>
      runtime.publish(
        "message.publish",
        {
          message: {
            node: "n",
            id: `id${n}`,
            qos: 1,
            from: clientid,
            topic: "t",
            payload: new TextEncoder().encode(String(n)),
            timestamp: 1n,
            headers: {},
          },
          props: [],
          userProps: [],
        },
        { version: "v3", meta, time: Date.now() },
      );
    publish("ok", 0);
    publish("a b", 1); // whitespace: not a subject
    publish("ok", 2);
    publish(">", 3); // a wildcard token
    publish("ok", 4);
    await vi.waitFor(() => expect(runtime.sinkStats("nats").dropped.fatal).toBe(2), { timeout: 15_000 });
    await vi.waitFor(() => expect(runtime.sinkStats("nats").recordsOut).toBe(3), { timeout: 15_000 });
    expect((await r.read()).map((m) => m.data)).toEqual(
      ["0", "2", "4"].map((p) => expect.stringContaining(`"payload":"${p}"`)),
    );
  });

  it("fails a record fatally when no stream takes its subject", async () => {
    const { sink: s, ctx } = await opened({
      servers: sharedNats,
      subject: `nostream${suffix()}.\${clientid}`,
    });
    const error = await s.collect(ctx, [publishRecord("dev1", 0)]).catch((e: unknown) => e);
    expect(error).toMatchObject({ retryable: false, delivered: 0 });
    expect((error as Error).message).toMatch(/^no stream takes subject nostream/);
  });
});

describe("core NATS publishing", () => {
  it("counts records once the server took them, with the same headers", async () => {
    const subject = `core${suffix()}`;
    const nc = await connect({ servers: sharedNats });
    cleanups.push(() => nc.close());
    const sub = nc.subscribe(`${subject}.>`);
    await nc.flush();
    const { sink: s, ctx } = await opened({
      servers: sharedNats,
      mode: "core",
      subject: `${subject}.\${clientid}`,
    });
    const records = [publishRecord("dev1", 0), publishRecord("dev2", 1)];
    await s.collect(ctx, records);
    const got: { subject: string; id: string }[] = [];
    for await (const m of sub) {
      got.push({ subject: m.subject, id: m.headers?.get("Nats-Msg-Id") ?? "" });
      if (got.length === 2) break;
    }
    expect(got).toEqual(
      records.map((rec) => ({ subject: `${subject}.${rec.clientid}`, id: recordMsgId(rec) })),
    );
  });
});

describe.skipIf(!hasNatsServer)("logins and TLS (private nats-servers)", () => {
  it("logs in with user/pass, and never shows the password of a refused login", async () => {
    const dir = await tempDir("exhook-nats-auth-");
    cleanups.push(() => dir.remove());
    const nats = await startNats(dir.path, ["--user", "exhook", "--pass", "right-pass-4711"]);
    cleanups.push(() => nats.stop());
    const base = { servers: nats.url, mode: "core", subject: "auth.${clientid}", connectTimeoutMs: 2000 };
    const { sink: good, ctx } = await opened({ ...base, user: "exhook", pass: "right-pass-4711" });
    await good.collect(ctx, [publishRecord("dev1", 0)]);

    for (const secret of [{ user: "exhook", pass: "wrong-pass-0815" }, { token: "wrong-token-0815" }]) {
      const bad = make({ ...base, ...secret });
      const badCtx = context();
      const error = await bad.open(badCtx).catch((e: unknown) => e);
      await bad.close(badCtx);
      expect(error).toMatchObject({ retryable: true });
      const text = `${(error as Error).message} ${JSON.stringify(error)}`;
      expect(text).toMatch(/authorization/i);
      expect(text).not.toContain("0815");
    }
  });

  it("connects over TLS to a server whose certificate the ca option trusts, and refuses it otherwise", async () => {
    const dir = await tempDir("exhook-nats-tls-");
    cleanups.push(() => dir.remove());
    const keyPath = join(dir.path, "key.pem");
    const certPath = join(dir.path, "cert.pem");
    const subject = ["-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"];
    await promisify(execFile)("openssl", [
      ...[
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-days",
        "1",
      ],
      ...["-keyout", keyPath, "-out", certPath, ...subject],
    ]);
    const nats = await startNats(join(dir.path), ["--tls", "--tlscert", certPath, "--tlskey", keyPath]);
    cleanups.push(() => nats.stop());
    const base = {
      servers: `tls://127.0.0.1:${nats.port}`,
      mode: "core",
      subject: "tls.x",
      connectTimeoutMs: 2000,
    };
    const { sink: trusted, ctx } = await opened({ ...base, ca: certPath });
    await trusted.collect(ctx, [publishRecord("dev1", 0)]);
    const inline = await opened({ ...base, ca: await readFile(certPath, "utf8") });
    await inline.sink.collect(inline.ctx, [publishRecord("dev1", 1)]);

    const untrusted = make(base);
    const uctx = context();
    const error = await untrusted.open(uctx).catch((e: unknown) => e);
    await untrusted.close(uctx);
    expect(error).toMatchObject({ retryable: true });
    expect((error as Error).message).toMatch(/certificate/i);

    const missing = make({ ...base, ca: join(dir.path, "nope.pem") });
    await expect(missing.open(context())).rejects.toMatchObject({ code: "invalid_property", property: "ca" });
  });
});
