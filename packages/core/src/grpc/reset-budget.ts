// How many stream resets a connection may send before it is cut: a broker's honest cancels must not cost
// its connection, a rapid-reset flood (CVE-2023-44487: open and reset streams as fast as possible) must.
//
// nghttp2 (under node:http2) counts every RST_STREAM a client sends in a token bucket, 1000 deep, refilled
// at 33 a second, and answers an empty bucket with GOAWAY INTERNAL_ERROR, which makes clients fail every
// call in flight on the connection. A broker cancels each call it gave up on (EMQX: at its 5 s request
// timeout), so a slow handler or an outage of what it waits on costs more than 1000 cancels in a burst.
// Node 22.11 and later take the bucket's size and rate as server options; older ones (Node 20) do not, so
// each connection also keeps the same count in JS and, before nghttp2's bucket runs dry, is retired
// gracefully: GOAWAY NO_ERROR (which also stops nghttp2's count), every call in flight still answered,
// the client reconnecting for its next calls.
import * as http2 from "node:http2";

/** A whole pool's in-flight calls (up to 4096 per connection) cancelled at once fit, twice. */
export const DEFAULT_STREAM_RESET_BURST = 10_000;
/**
 * Per second, after the burst. A broker cancels a call only at its timeout, so one connection's cancels
 * are at most its in-flight calls per timeout: 4096 streams / EMQX's 5 s = 820 a second. A flood sends
 * thousands a second (85 000 in 5 s were seen) and is cut within seconds.
 */
export const DEFAULT_STREAM_RESET_RATE = 1_000;

/** nghttp2's own bucket, in force where node cannot change it. */
const NGHTTP2_RESET_BURST = 1000;
const NGHTTP2_RESET_RATE = 33;
/** Resets nghttp2 counts that JS does not see (after an answer, on refused streams): kept in hand. */
const RESERVE = 100;

/** Whether this node passes `streamResetBurst`/`streamResetRate` on to nghttp2 (added in 22.11). */
export const resetLimitsConfigurable = ((): boolean => {
  const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
  return major > 22 || (major === 22 && minor >= 11);
})();

export interface ResetLimits {
  readonly burst: number;
  readonly rate: number;
}

/** The bucket nghttp2 actually applies here: the configured one where node passes it on, else its own. */
export function effectiveResetLimits(configured: ResetLimits): ResetLimits {
  return resetLimitsConfigurable ? configured : { burst: NGHTTP2_RESET_BURST, rate: NGHTTP2_RESET_RATE };
}

/** One connection's count of the resets it sent, mirroring nghttp2's bucket (whole seconds, like it). */
export class ResetBudget {
  #tokens: number;
  #second = Math.floor(Date.now() / 1000);
  #retired = false;
  #afterRetiring = 0;

  constructor(
    private readonly session: http2.ServerHttp2Session,
    private readonly limits: ResetLimits,
  ) {
    this.#tokens = limits.burst;
  }

  /** A call of this connection was reset by the client before it was answered. */
  onReset(): void {
    if (this.#retired) {
      // Still resetting at a flood's pace after being asked to go: cut.
      if (++this.#afterRetiring > this.limits.burst) this.session.destroy();
      return;
    }
    const second = Math.floor(Date.now() / 1000);
    if (second > this.#second) {
      this.#tokens = Math.min(this.limits.burst, this.#tokens + (second - this.#second) * this.limits.rate);
      this.#second = second;
    }
    if (--this.#tokens > RESERVE) return;
    this.#retired = true;
    retire(this.session);
  }
}

/**
 * GOAWAY NO_ERROR with the highest stream id: the client opens no more streams here and every stream it
 * has open is still served. After a round trip (streams it opened meanwhile have arrived), the final
 * GOAWAY and a close once the last call is answered.
 */
function retire(session: http2.ServerHttp2Session): void {
  if (session.closed || session.destroyed) return;
  session.goaway(http2.constants.NGHTTP2_NO_ERROR, 2 ** 31 - 1);
  const close = () => {
    if (!session.closed && !session.destroyed) session.close();
  };
  // A client that does not answer the PING is closed all the same, a second later.
  setTimeout(close, 1000).unref();
  try {
    if (!session.ping(close)) close();
  } catch {
    close();
  }
}
