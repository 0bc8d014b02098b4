// Which failures of a Redis command may pass (the server is away, busy or failing over) and which never will
// for that record (the key holds another type, the ACL forbids it).
import { ErrorReply } from "@redis/client";

/**
 * Error replies that say "not now": loading a dataset, a script running, a replica during failover, out of
 * memory (until something is freed or trimmed), disk errors on save, a cluster between states.
 */
const transient = new Set([
  "LOADING",
  "BUSY",
  "TRYAGAIN",
  "CLUSTERDOWN",
  "MASTERDOWN",
  "READONLY",
  "OOM",
  "MISCONF",
  "NOREPLICAS",
  "NOAUTH",
]);

/** The error reply's code: its first word (`WRONGTYPE`, `NOPERM`, `ERR`). */
export function replyCode(error: ErrorReply): string {
  const space = error.message.indexOf(" ");
  return space === -1 ? error.message : error.message.slice(0, space);
}

/**
 * Whether the same command can succeed later. An error reply is Redis's answer about this command: fatal
 * unless its code is a transient one (WRONGTYPE, NOPERM, ERR syntax... never pass by retrying). Anything
 * else is the connection's (offline, closed, timed out, aborted at shutdown): the command may go later.
 */
export function isRetryableFailure(error: unknown): boolean {
  if (error instanceof ErrorReply) return transient.has(replyCode(error));
  return true;
}
