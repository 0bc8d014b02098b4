// Starts the hook server; EMQX calls the URL it prints (README.md has the broker's side of the config).
import { startAdmin } from "@exhook/admin";
import { createApp } from "./app.js";

const app = await createApp();
const { url } = await app.listen({ port: Number(process.env.EXHOOK_PORT ?? 9000) }); // exhook:port
console.log(`exhook listening on ${url}`);

// The admin port: the exhook CLI's drivers and stats, /metrics for Prometheus, /healthz and /readyz probes.
// Only this machine reaches it unless EXHOOK_ADMIN_HOST says otherwise, and then manage it with a token.
let draining = false;
const admin = await startAdmin(app, {
  host: process.env.EXHOOK_ADMIN_HOST ?? "127.0.0.1",
  port: Number(process.env.EXHOOK_ADMIN_PORT ?? 9001), // exhook:admin-port
  token: process.env.EXHOOK_ADMIN_TOKEN || undefined,
  ready: () => !draining,
});
console.log(`admin API, /metrics and probes on ${admin.url}`);

// EMQX keeps its connections open: close gracefully so that hook calls in flight still get their answer.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    draining = true;
    app
      .close()
      .then(() => admin.close())
      .then(() => {
        console.log("exhook closed");
        process.exit(0);
      });
  });
}
