// The sink contract's errors (a bad property, a failed delivery) and the helpers sinks and the runtime use.
import { SinkError } from "../errors.js";

export {
  SinkConfigError,
  type SinkConfigErrorCode,
  type SinkConfigProblem,
  SinkError,
  type SinkErrorOptions,
} from "../errors.js";

export function isRetryable(error: unknown): boolean {
  return error instanceof SinkError && error.retryable;
}

/** A one-line text for logs and metrics: the message, with the cause's message when there is one. */
export function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause;
  if (cause instanceof Error && cause.message !== "" && !error.message.includes(cause.message)) {
    return `${error.message}: ${cause.message}`;
  }
  return error.message;
}
