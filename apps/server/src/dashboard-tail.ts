// The dashboard's live tail: a ring of the last settled calls, observed only while a page reads it.
import type { Exhook, SettledCall } from "@exhook/core";
import { topicMatches } from "@exhook/core/mqtt";

export interface TailQuery {
  /** Events after this sequence number (0: the newest the ring holds). */
  since: number;
  /** Only this hook (`""`: every hook). */
  hook: string;
  /** A topic filter with `+`/`#`, or else a substring of the topic (`""`: every topic). */
  topic: string;
}

export interface TailEvent {
  seq: number;
  time: number;
  hook: string;
  clientid: string;
  topic: string;
  decision: string;
  latencyMs: number;
  error: boolean;
}

export interface TailView {
  /** The sequence number of the newest event seen; send it back as `since`. */
  seq: number;
  /** Matching events, oldest first. */
  events: TailEvent[];
  /** Events that fell out of the ring between two reads (the tail is a sample under load). */
  missed: number;
}

export interface DashboardTailOptions {
  app: Exhook;
  /** Events kept; default 500. */
  size?: number;
  /** Stop observing this long after the last read; default 15 s. */
  idleMs?: number;
  /** At most this many events per read; default 200. */
  maxEvents?: number;
}

function topicFilterOf(topic: string): (candidate: string) => boolean {
  if (topic === "") return () => true;
  if (topic.includes("+") || topic.includes("#")) return (candidate) => topicMatches(topic, candidate);
  return (candidate) => candidate.includes(topic);
}

export class DashboardTail {
  readonly #app: Exhook;
  readonly #ring: (SettledCall | undefined)[];
  readonly #idleMs: number;
  readonly #maxEvents: number;
  /** The sequence number the next event gets (the first is 1). */
  #next = 1;
  #lastRead = 0;
  #stop: (() => void) | undefined;

  constructor(options: DashboardTailOptions) {
    this.#app = options.app;
    this.#ring = new Array(options.size ?? 500);
    this.#idleMs = options.idleMs ?? 15_000;
    this.#maxEvents = options.maxEvents ?? 200;
  }

  /** Whether calls are being observed now. */
  get observing(): boolean {
    return this.#stop !== undefined;
  }

  /** The events after `query.since` that match; starts observing if nobody was. */
  read(query: TailQuery): TailView {
    this.#lastRead = Date.now();
    if (this.#stop === undefined) {
      // The listener only stores the call object the observer made: nothing is copied per call.
      this.#stop = this.#app.observe((call) => {
        this.#ring[this.#next % this.#ring.length] = call;
        this.#next++;
      });
    }
    const newest = this.#next - 1;
    const oldestHeld = Math.max(1, this.#next - this.#ring.length);
    const from = Math.max(query.since + 1, oldestHeld);
    const missed = query.since === 0 ? 0 : Math.max(0, oldestHeld - (query.since + 1));
    const matchesTopic = topicFilterOf(query.topic);
    const events: TailEvent[] = [];
    for (let seq = from; seq <= newest; seq++) {
      const call = this.#ring[seq % this.#ring.length]!;
      if (query.hook !== "" && call.hook !== query.hook) continue;
      if (!matchesTopic(call.topic)) continue;
      events.push({
        seq,
        time: call.time,
        hook: call.hook,
        clientid: call.clientid,
        topic: call.topic,
        decision: call.decision,
        latencyMs: Math.round(call.latencyMs * 1000) / 1000,
        error: call.error,
      });
    }
    return { seq: newest, events: events.slice(-this.#maxEvents), missed };
  }

  /** Stops observing when no page has read the tail for a while (paused pages and closed tabs cost nothing). */
  idleCheck(now: number): void {
    if (this.#stop !== undefined && now - this.#lastRead > this.#idleMs) this.close();
  }

  close(): void {
    this.#stop?.();
    this.#stop = undefined;
  }
}
