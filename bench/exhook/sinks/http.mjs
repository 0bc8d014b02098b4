// Bench target: a local webhook (node:http, in a child process of its own so it does not share the chain
// server's event loop), answering 204 to each request; the sink posts a JSON array per batch.
import { spawn } from "node:child_process";

export const pkg = "@exhook/sink-http";

// The receiver: reads each body whole and answers 204; it exits when the chain server goes (IPC closed).
const receiver = `
const server = require("node:http").createServer((req, res) => {
  req.on("data", () => {});
  req.on("end", () => { res.writeHead(204); res.end(); });
});
server.keepAliveTimeout = 60000;
server.listen(0, "127.0.0.1", () => process.send(server.address().port));
process.on("disconnect", () => process.exit(0));
`;

let child;

export async function props(env) {
  if (env.BENCH_HTTP_URL) return { url: env.BENCH_HTTP_URL, body: "array" };
  child = spawn(process.execPath, ["-e", receiver], { stdio: ["ignore", "ignore", "inherit", "ipc"] });
  const port = await new Promise((resolve, reject) => {
    child.once("message", resolve);
    child.once("exit", (code) => reject(new Error(`bench webhook exited with ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}/bench`, body: "array" };
}

export function cleanup() {
  child?.kill();
}
