// Closes connections that never send their HTTP/2 preface or go quiet for too long: one sweep per server
// looks at how many bytes each connection has read, so an active connection costs nothing per frame.
import type * as http2 from "node:http2";
import type { GrpcConnectionLimits } from "./types.js";

export const DEFAULT_PREFACE_TIMEOUT_MS = 10_000;
/** Well above EMQX's PING every 60 s on an idle connection, so the broker's pool is never cut. */
export const DEFAULT_IDLE_TIMEOUT_MS = 300_000;
/** An idle connection got GOAWAY; calls still open on it (requests stuck half-sent) get this long. */
const MAX_CLOSE_GRACE_MS = 5_000;

interface Watched {
  readonly since: number;
  prefaced: boolean;
  bytesRead: number;
  quietSince: number;
  /** When the idle connection was sent GOAWAY. */
  closedAt: number | undefined;
}

export class ConnectionWatch {
  readonly prefaceTimeoutMs: number;
  readonly idleTimeoutMs: number;
  readonly #watched = new Map<http2.ServerHttp2Session, Watched>();
  #timer: NodeJS.Timeout | undefined;

  constructor(limits: GrpcConnectionLimits) {
    this.prefaceTimeoutMs = limits.prefaceTimeoutMs ?? DEFAULT_PREFACE_TIMEOUT_MS;
    this.idleTimeoutMs = limits.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
    if (!(this.prefaceTimeoutMs > 0)) {
      throw new RangeError(
        `gRPC server option prefaceTimeoutMs must be positive, not ${this.prefaceTimeoutMs}`,
      );
    }
    if (!(this.idleTimeoutMs >= 0)) {
      throw new RangeError(`gRPC server option idleTimeoutMs must be 0 or more, not ${this.idleTimeoutMs}`);
    }
  }

  add(session: http2.ServerHttp2Session): void {
    const now = Date.now();
    const watched: Watched = {
      since: now,
      prefaced: false,
      bytesRead: 0,
      quietSince: now,
      closedAt: undefined,
    };
    this.#watched.set(session, watched);
    // The client's SETTINGS frame ends its preface.
    session.once("remoteSettings", () => {
      watched.prefaced = true;
    });
  }

  delete(session: http2.ServerHttp2Session): void {
    this.#watched.delete(session);
  }

  start(): void {
    if (this.#timer !== undefined) return;
    const shortest = Math.min(this.prefaceTimeoutMs, this.idleTimeoutMs || Number.POSITIVE_INFINITY);
    // A quarter of the shortest limit: a connection goes at most 25% past it.
    const period = Math.max(10, Math.min(shortest / 4, 10_000));
    this.#timer = setInterval(() => this.#sweep(Date.now()), period);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  #sweep(now: number): void {
    for (const [session, watched] of this.#watched) {
      if (session.destroyed) continue;
      if (!watched.prefaced) {
        if (now - watched.since >= this.prefaceTimeoutMs) session.destroy();
        continue;
      }
      if (watched.closedAt !== undefined) {
        if (now - watched.closedAt >= Math.min(this.idleTimeoutMs, MAX_CLOSE_GRACE_MS)) session.destroy();
        continue;
      }
      const bytesRead = session.socket?.bytesRead ?? watched.bytesRead;
      if (bytesRead !== watched.bytesRead) {
        watched.bytesRead = bytesRead;
        watched.quietSince = now;
        continue;
      }
      const idle = this.idleTimeoutMs;
      if (idle === 0 || now - watched.quietSince < idle) continue;
      watched.closedAt = now;
      session.close();
    }
  }
}
