// With server.workers > 1 every worker process keeps its state in its own directory: two processes never
// share a disk buffer's segment files, and a restarted worker i finds (and delivers) what worker i buffered.
import { join } from "node:path";
import { workerIdentity } from "@exhook/core";

/** `dir/worker-<i>` in worker i of a pool, `dir` itself in a single process. */
export function perWorkerDir(dir: string): string {
  const { index } = workerIdentity();
  return index === 0 ? dir : join(dir, `worker-${index}`);
}
