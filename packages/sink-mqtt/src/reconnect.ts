// When the MQTT sink reconnects: full attempts back off while the broker stays away, and a cheap TCP probe
// of its port cuts the wait short as soon as it answers again.
import { Socket } from "node:net";

export interface ReconnectPlan {
  /** The broker's address, for the probe. */
  host: string;
  port: number;
  /** The wait after a failed attempt, doubling up to `maxMs` while attempts keep failing. */
  initialMs: number;
  maxMs: number;
  /** How often the broker's port is tried while it refuses connections. */
  probeMs: number;
  /** How long a probe may take (an unreachable host answers nothing). */
  probeTimeoutMs: number;
}

/**
 * Errors of an attempt that never reached a broker: the target is away, not refusing us. Only then is the
 * port probed; a broker that answers and refuses (credentials, TLS) gets the backoff alone.
 */
const awayCodes = new Set([
  "ECONNREFUSED",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
]);

export function isAwayError(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === "string" && awayCodes.has(code);
}

/**
 * Decides when `attempt` runs. Why not mqtt.js's own reconnect: its period is fixed, so it either hammers a
 * broker that stays away or, backed off, notices a returned broker late (a 3.3 s outage cost 3.4 s more).
 * A probe is one TCP handshake, as cheap as a refused attempt but without MQTT, TLS or a log line each time.
 */
export class Reconnector {
  readonly #plan: ReconnectPlan;
  readonly #attempt: () => void;
  #delay: number;
  #timer: NodeJS.Timeout | undefined;
  #probeTimer: NodeJS.Timeout | undefined;
  #probe: Socket | undefined;
  #attempting = false;
  #away = false;
  #stopped = false;
  /** When a lost connection was last tried again at once (never: -Infinity). */
  #immediateAt = Number.NEGATIVE_INFINITY;

  constructor(plan: ReconnectPlan, attempt: () => void) {
    this.#plan = plan;
    this.#attempt = attempt;
    this.#delay = plan.initialMs;
  }

  /** An attempt is under way (the first connect, or one this made). */
  attempting(): void {
    this.#attempting = true;
  }

  /** The broker accepted the connection: the backoff starts over. */
  connected(): void {
    this.#attempting = false;
    this.#away = false;
    this.#delay = this.#plan.initialMs;
    this.#clearTimers();
  }

  /**
   * The connection closed: a lost one is tried again at once (once per backoff period: a broker that accepts
   * and then drops us must not be hammered), a failed attempt after the backoff. `error` is the last error
   * seen: a network error means the broker is away, and its port is probed meanwhile.
   */
  closed(error: unknown): void {
    if (this.#stopped) return;
    const wasConnected = !this.#attempting;
    this.#attempting = false;
    this.#clearTimers();
    const now = Date.now();
    if (wasConnected && now - this.#immediateAt >= this.#plan.initialMs) {
      this.#immediateAt = now;
      this.#attemptNow();
      return;
    }
    this.#away = isAwayError(error);
    const delay = this.#delay;
    this.#delay = Math.min(this.#delay * 2, Math.max(this.#plan.maxMs, this.#plan.initialMs));
    this.#timer = setTimeout(() => this.#attemptNow(), delay);
    this.#timer.unref();
    if (this.#away) this.#scheduleProbe();
  }

  /** No more attempts or probes (the sink is closing). */
  stop(): void {
    this.#stopped = true;
    this.#clearTimers();
  }

  #attemptNow(): void {
    this.#clearTimers();
    if (this.#stopped || this.#attempting) return;
    this.#attempting = true;
    this.#attempt();
  }

  #scheduleProbe(): void {
    if (this.#probeTimer !== undefined || this.#stopped) return;
    this.#probeTimer = setTimeout(() => {
      this.#probeTimer = undefined;
      this.#runProbe();
    }, this.#plan.probeMs);
    this.#probeTimer.unref();
  }

  #runProbe(): void {
    if (this.#stopped || this.#attempting || !this.#away) return;
    const socket = new Socket();
    this.#probe = socket;
    const finish = (answered: boolean) => {
      socket.destroy();
      if (this.#probe !== socket) return;
      this.#probe = undefined;
      if (answered) this.#attemptNow();
      else this.#scheduleProbe();
    };
    socket.setTimeout(this.#plan.probeTimeoutMs, () => finish(false));
    socket.once("connect", () => finish(true));
    socket.once("error", () => finish(false));
    socket.connect(this.#plan.port, this.#plan.host);
    socket.unref();
  }

  #clearTimers(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    clearTimeout(this.#probeTimer);
    this.#probeTimer = undefined;
    this.#probe?.destroy();
    this.#probe = undefined;
  }
}

/** The TCP port a broker URL connects to (mqtt.js's defaults when the URL has none). */
export function brokerPort(url: URL): number {
  if (url.port !== "") return Number(url.port);
  const defaults: Record<string, number> = { "mqtt:": 1883, "mqtts:": 8883, "ws:": 80, "wss:": 443 };
  return defaults[url.protocol] ?? 1883;
}
