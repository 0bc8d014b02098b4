// Test-only: a real HTTP admin server speaking the AdminService's Connect JSON contract, with a token check.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A driver as the server keeps it (the wire form leaves out false and empty fields, as proto3 JSON does). */
export interface TestDriver {
  name: string;
  kind: "handlers" | "sink";
  enabled: boolean;
  hooks: string[];
  detail: Record<string, unknown>;
}

export interface TestAdminServer {
  readonly url: string;
  readonly token: string;
  readonly drivers: Map<string, TestDriver>;
  /** Every request: the RPC and its JSON body. */
  readonly requests: { rpc: string; body: unknown; authorization: string | undefined }[];
  close(): Promise<void>;
}

class ConnectError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const prefix = "/exhook.admin.v1.AdminService/";

function sampleDrivers(): Map<string, TestDriver> {
  const counters = (calls: number, failed: number) => ({
    calls,
    ok: calls - failed,
    failed,
    timedOut: 0,
    latency: { count: calls, sumMs: calls * 0.04, buckets: [] },
  });
  const drivers: TestDriver[] = [
    {
      name: "default",
      kind: "handlers",
      enabled: true,
      hooks: ["client.authenticate", "client.authorize"],
      detail: { counters: { "client.authenticate": counters(12, 1), "client.authorize": counters(30, 0) } },
    },
    {
      name: "audit",
      kind: "sink",
      enabled: false,
      hooks: [],
      detail: sinkStats("audit", "log", 0),
    },
  ];
  return new Map(drivers.map((d) => [d.name, d]));
}

function sinkStats(name: string, type: string, recordsIn: number): Record<string, unknown> {
  return {
    name,
    type,
    enabled: true,
    status: "connected",
    lastError: null,
    recordsIn,
    recordsOut: recordsIn,
    recordsFailed: 0,
    dropped: { queue_full: 0, fatal: 0, disabled: 0, shutdown: 0 },
    queueLength: 0,
    inFlight: 0,
  };
}

/** proto3 JSON of a Driver: default values are not written. */
function wire(driver: TestDriver): Record<string, unknown> {
  const out: Record<string, unknown> = { name: driver.name, kind: driver.kind };
  if (driver.enabled) out["enabled"] = true;
  if (driver.hooks.length > 0) out["hooks"] = driver.hooks;
  out["detail"] = driver.detail;
  return out;
}

export async function startTestAdminServer(token = "s3cret"): Promise<TestAdminServer> {
  const drivers = sampleDrivers();
  const requests: TestAdminServer["requests"] = [];

  const find = (name: unknown): TestDriver => {
    const driver = typeof name === "string" ? drivers.get(name) : undefined;
    if (driver === undefined) throw new ConnectError(404, "not_found", `no driver named "${String(name)}"`);
    return driver;
  };

  const rpcs: Record<string, (body: Record<string, unknown>) => unknown> = {
    ListDrivers: () => ({ drivers: [...drivers.values()].map(wire) }),
    EnableDriver: (body) => {
      const driver = find(body["name"]);
      driver.enabled = true;
      return { driver: wire(driver) };
    },
    DisableDriver: (body) => {
      const driver = find(body["name"]);
      driver.enabled = false;
      return { driver: wire(driver) };
    },
    GetStats: (body) => {
      const name = body["driver"];
      if (typeof name === "string" && name !== "") return { stats: { [name]: find(name).detail } };
      const stats: Record<string, unknown> = {};
      for (const d of drivers.values()) stats[d.name] = d.detail;
      return { stats };
    },
    AddSink: (body) => {
      const name = body["name"];
      const type = body["type"];
      if (typeof name !== "string" || name === "")
        throw new ConnectError(400, "invalid_argument", "name is empty");
      if (typeof type !== "string" || !["memory", "log", "mqtt"].includes(type)) {
        throw new ConnectError(400, "invalid_argument", `unknown sink type "${String(type)}"`);
      }
      if (drivers.has(name)) throw new ConnectError(409, "already_exists", `a driver named "${name}" exists`);
      const routes = (body["routes"] ?? []) as { hooks?: string[] }[];
      const driver: TestDriver = {
        name,
        kind: "sink",
        enabled: true,
        hooks: [...new Set(routes.flatMap((r) => r.hooks ?? []))],
        detail: sinkStats(name, type, 0),
      };
      drivers.set(name, driver);
      return { driver: wire(driver) };
    },
    RemoveSink: (body) => {
      const driver = find(body["name"]);
      if (driver.kind !== "sink")
        throw new ConnectError(400, "failed_precondition", `"${driver.name}" is not a sink`);
      drivers.delete(driver.name);
      return {};
    },
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    try {
      const url = req.url ?? "";
      const rpc = url.startsWith(prefix) ? url.slice(prefix.length) : "";
      const handler = rpcs[rpc];
      if (req.method !== "POST" || handler === undefined) {
        res.writeHead(404, { "content-type": "text/plain" });
        res.end("404 page not found");
        return;
      }
      if (!(req.headers["content-type"] ?? "").startsWith("application/json")) {
        throw new ConnectError(415, "unknown", "content-type must be application/json");
      }
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as Record<string, unknown>;
      requests.push({ rpc, body, authorization: req.headers.authorization });
      if (req.headers.authorization !== `Bearer ${token}`) {
        throw new ConnectError(401, "unauthenticated", "missing or wrong bearer token");
      }
      send(200, handler(body));
    } catch (error) {
      if (error instanceof ConnectError) send(error.status, { code: error.code, message: error.message });
      else send(500, { code: "internal", message: String(error) });
    }
  };

  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    drivers,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
