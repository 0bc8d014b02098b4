// A process with a log sink, for what only a real process shows: SIGKILL under load, exit while opening.
// Runs the built package (dist): `node log-child.mjs <mode> <arg>`, modes below.
import { SinkRuntime } from "@exhook/core/sink";
import { sink } from "../../dist/index.js";

const [mode, arg] = process.argv.slice(2);
const meta = { node: "emqx@127.0.0.1", version: "5.8.9", sysdescr: "EMQX", clusterName: "c" };

function connected(clientid) {
  return {
    clientinfo: {
      node: "emqx@127.0.0.1",
      clientid,
      username: "alice",
      password: "s3cret",
      peerhost: "10.0.0.7",
      peerport: 1,
      sockport: 1883,
      protocol: "mqtt",
      mountpoint: "",
      isSuperuser: false,
      anonymous: false,
      cn: "",
      dn: "",
    },
  };
}

if (mode === "flood") {
  // Every record to stdout (the parent reads it only after SIGKILL), stats to the parent over IPC.
  const n = Number(arg);
  const runtime = new SinkRuntime();
  await runtime.addSink("log", sink, { destination: "stdout" }, { maxQueue: n });
  runtime.addRoute({ hooks: ["client.connected"], sinks: ["log"] });
  const report = () => {
    const { recordsIn, recordsOut } = runtime.sinkStats("log");
    process.send({ recordsIn, recordsOut });
  };
  setInterval(report, 20);
  for (let i = 0; i < n; i++) {
    runtime.publish("client.connected", connected(`c${i}-${"x".repeat(200)}`), {
      version: "v2",
      meta,
      time: Date.now(),
    });
  }
  report();
} else if (mode === "exit-while-opening") {
  // The open has started (its first steps run in this tick) and not finished when the process exits.
  const runtime = new SinkRuntime();
  runtime.addSink("log", sink, { destination: arg }).catch(() => {});
  process.exit(0);
} else if (mode === "exit-after-failed-open") {
  // A destination that can never open (a directory): the sink is refused, then the process exits.
  const runtime = new SinkRuntime();
  await runtime.addSink("log", sink, { destination: arg }).then(
    () => process.exit(3),
    () => process.exit(0),
  );
}
