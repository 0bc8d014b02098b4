// One owner per disk buffer directory. Two buffers appending to the same segment files (two sinks given one
// bufferDir, two server processes or workers on one data dir) would interleave records and acknowledge each
// other's: the second one to open is refused with a clear error instead.
//
// The lock is a file `LOCK` holding `<pid>@<hostname>`. A lock left by a process that is gone (a crash, a
// kill -9, a container restarted with the same pid) is taken over; so is one written on another host, where
// liveness cannot be checked (a pod rescheduled with its volume), with a warning.
import * as fs from "node:fs";
import { hostname } from "node:os";
import * as path from "node:path";
import { SinkConfigError } from "../errors.js";
import type { Logger } from "../logger.js";

const LOCK_FILE = "LOCK";
/** Directories locked by this process: its own pid in a LOCK file says nothing about which buffer holds it. */
const heldHere = new Set<string>();

export class DirLock {
  readonly #dir: string;
  #released = false;

  private constructor(dir: string) {
    this.#dir = dir;
  }

  /** Takes `dir` (which must exist) for this buffer, or throws a SinkConfigError naming the holder. */
  static acquire(dir: string, logger: Logger): DirLock {
    const key = path.resolve(dir);
    if (heldHere.has(key))
      throw inUse("another sink of this process uses it (give each sink its own bufferDir)");
    const file = path.join(key, LOCK_FILE);
    const me = `${process.pid}@${hostname()}`;
    let fd: number | undefined;
    try {
      fd = fs.openSync(file, "wx");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    if (fd === undefined) {
      const holder = readHolder(file);
      if (
        holder !== undefined &&
        holder.host === hostname() &&
        holder.pid !== process.pid &&
        alive(holder.pid)
      )
        throw inUse(
          `process ${holder.pid} holds it (its ${file}); two processes must not share a disk buffer`,
        );
      if (holder !== undefined && holder.host !== hostname()) {
        logger.warn(
          { dir: key, holder: `${holder.pid}@${holder.host}` },
          "disk buffer: taking over a lock written on another host (make sure that process is gone)",
        );
      }
      fd = fs.openSync(file, "w");
    }
    try {
      fs.writeSync(fd, me);
    } finally {
      fs.closeSync(fd);
    }
    // Two processes taking over the same stale lock at once: the last write wins, the other one sees it.
    if (fs.readFileSync(file, "utf8") !== me)
      throw inUse(
        "another process took it over at the same moment; two processes must not share a disk buffer",
      );
    heldHere.add(key);
    return new DirLock(key);
  }

  /** Drops this process's hold but leaves the LOCK file, as a killed process does. */
  abandon(): void {
    this.#released = true;
    heldHere.delete(this.#dir);
  }

  /** Lets the directory go (once): the LOCK file is removed. */
  release(): void {
    if (this.#released) return;
    this.#released = true;
    heldHere.delete(this.#dir);
    try {
      fs.rmSync(path.join(this.#dir, LOCK_FILE), { force: true });
    } catch {
      // A lock file that cannot be removed is stale once this process is gone; the next owner takes it over.
    }
  }
}

function inUse(why: string): SinkConfigError {
  return new SinkConfigError("invalid_property", "bufferDir", `is in use: ${why}`);
}

function readHolder(file: string): { pid: number; host: string } | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
  const match = /^(\d+)@(.*)$/.exec(text.trim());
  if (match === null) return undefined; // empty or torn: written by a process that died mid-write
  return { pid: Number(match[1]), host: match[2]! };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
