// Folds ValuedResponse answers the way EMQX does (wire spec §5): what the broker ends up deciding.
import type { MessageView, ValuedAnswer } from "./views.js";

// The ValuedResponse shape shared by every protocol version's generated type.
interface ValuedResponseLike {
  readonly type: number;
  readonly value:
    | { readonly case: "boolResult"; readonly value: boolean }
    | { readonly case: "message"; readonly value: MessageView }
    | { readonly case: undefined; readonly value?: undefined };
}

const typeNames = ["continue", "ignore", "stop"] as const;

/** Decodes a `ValuedResponse` into a {@link ValuedAnswer}. An unknown `type` number reads as `ignore`, as EMQX does. */
export function decodeAnswer(response: ValuedResponseLike): ValuedAnswer {
  const type = typeNames[response.type] ?? "ignore";
  const typeNumber = response.type;
  switch (response.value.case) {
    case "boolResult":
      return { type, typeNumber, value: "bool", bool: response.value.value };
    case "message":
      return { type, typeNumber, value: "message", message: response.value.value };
    default:
      return { type, typeNumber, value: "none" };
  }
}

/** The result of folding one answer into what the broker had. */
export interface Folded<T> {
  readonly result: T;
  /** Whether the answer was taken (CONTINUE/STOP with the right value); otherwise it counted as IGNORE. */
  readonly taken: boolean;
  /** STOP_AND_RETURN taken: EMQX's own hook chain stops too. */
  readonly stopped: boolean;
}

/** authenticate/authorize: only a `bool_result` under CONTINUE or STOP_AND_RETURN changes the result. */
export function foldBool(accumulated: boolean, answer: ValuedAnswer | undefined): Folded<boolean> {
  if (answer === undefined || answer.type === "ignore" || answer.value !== "bool") {
    return { result: accumulated, taken: false, stopped: false };
  }
  return { result: answer.bool, taken: true, stopped: answer.type === "stop" };
}

/** A message as the broker holds it while routing. */
export interface BrokerMessage {
  readonly id: string;
  readonly node: string;
  readonly from: string;
  readonly topic: string;
  readonly qos: number;
  readonly payload: Uint8Array;
  readonly timestamp: bigint;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * message.publish: only a `message` under CONTINUE or STOP_AND_RETURN is taken, and of it EMQX copies back
 * only `qos`, `topic`, `payload` and `headers.allow_publish` (an omitted topic becomes `""`).
 */
export function foldMessage(
  accumulated: BrokerMessage,
  answer: ValuedAnswer | undefined,
): Folded<BrokerMessage> {
  if (answer === undefined || answer.type === "ignore" || answer.value !== "message") {
    return { result: accumulated, taken: false, stopped: false };
  }
  const returned = answer.message;
  let headers = accumulated.headers;
  const allow = returned.headers["allow_publish"];
  // EMQX reads only the exact strings "true" and "false"; anything else leaves the header as it was.
  if (allow === "true" || allow === "false") headers = { ...headers, allow_publish: allow };
  const result: BrokerMessage = {
    ...accumulated,
    qos: returned.qos,
    topic: returned.topic,
    payload: returned.payload,
    headers,
  };
  return { result, taken: true, stopped: answer.type === "stop" };
}
