// What an answer decided (stop true/false, continue, ignore), read from the answer itself, and counted per hook.
import type { HookName } from "@exhook/proto";
import {
  continueFalseAnswer,
  continueTrueAnswer,
  ignoreAnswer,
  stopFalseAnswer,
  stopTrueAnswer,
} from "./answers.js";

/**
 * What the broker was answered: `stop-true` / `stop-false` (STOP_AND_RETURN with true/false, or a publish
 * stopped with the message allowed/denied), `continue`, `ignore`, or `none` for hooks that take no decision.
 */
export type CallDecision = "stop-true" | "stop-false" | "continue" | "ignore" | "none";

/** Answers of a valued hook by decision, since the app started. */
export interface DecisionCounts {
  stopTrue: number;
  stopFalse: number;
  continue: number;
  ignore: number;
}

interface MessageAnswerLike {
  readonly type?: number;
  readonly value?: { readonly case?: string; readonly value?: { readonly headers?: Record<string, string> } };
}

// ValuedResponse.ResponsedType: CONTINUE = 0, IGNORE = 1, STOP_AND_RETURN = 2.
const CONTINUE = 0;
const STOP_AND_RETURN = 2;

/** Reads the decision from an answer as the app produces it (shared pre-encoded constants, or a publish object). */
export function decisionOf(answer: unknown): CallDecision {
  if (answer instanceof Uint8Array) {
    // The app answers valued hooks with these shared constants, so identity is enough.
    if (answer === ignoreAnswer) return "ignore";
    if (answer === stopTrueAnswer) return "stop-true";
    if (answer === stopFalseAnswer) return "stop-false";
    if (answer === continueTrueAnswer || answer === continueFalseAnswer) return "continue";
    return "none";
  }
  const valued = answer as MessageAnswerLike | null;
  if (valued === null || typeof valued !== "object" || valued.value?.case !== "message") return "none";
  if (valued.type === CONTINUE) return "continue";
  if (valued.type !== STOP_AND_RETURN) return "ignore";
  return valued.value.value?.headers?.["allow_publish"] === "false" ? "stop-false" : "stop-true";
}

/**
 * Counts the decisions other than IGNORE per hook. IGNORE is what every answer without one of them was, so
 * the paths that answer the IGNORE constant (no handler, sinks only) need not report: `snapshot` derives it
 * from the hook's settled calls.
 */
export class DecisionCounter {
  readonly #counts = new Map<HookName, { stopTrue: number; stopFalse: number; continue: number }>();

  /** Records one answer of a valued hook (a few identity checks; no allocation after a hook's first). */
  record(hook: HookName, answer: unknown): void {
    const decision = decisionOf(answer);
    if (decision === "ignore" || decision === "none") return;
    let counts = this.#counts.get(hook);
    if (counts === undefined) {
      counts = { stopTrue: 0, stopFalse: 0, continue: 0 };
      this.#counts.set(hook, counts);
    }
    if (decision === "stop-true") counts.stopTrue++;
    else if (decision === "stop-false") counts.stopFalse++;
    else counts.continue++;
  }

  /** The counts of `hook`, given how many of its calls have been answered. */
  snapshot(hook: HookName, settled: number): DecisionCounts {
    const counts = this.#counts.get(hook) ?? { stopTrue: 0, stopFalse: 0, continue: 0 };
    const decided = counts.stopTrue + counts.stopFalse + counts.continue;
    return { ...counts, ignore: Math.max(0, settled - decided) };
  }
}
