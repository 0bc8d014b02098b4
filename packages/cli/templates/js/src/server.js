// Starts the hook server; EMQX calls the URL it prints (README.md has the broker's side of the config).
import { createApp } from "./app.js";

const app = await createApp();
const { url } = await app.listen({ port: Number(process.env.EXHOOK_PORT ?? 9000) }); // exhook:port
console.log(`exhook listening on ${url}`);

// EMQX keeps its connections open: close gracefully so that hook calls in flight still get their answer.
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, () => {
    app.close().then(() => {
      console.log("exhook closed");
      process.exit(0);
    });
  });
}
