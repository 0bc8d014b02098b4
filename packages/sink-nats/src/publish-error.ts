// Whether a failed publish can go later (the server is away, busy or slow) or never (the server refused the
// record itself): the runtime retries the first kind and drops only the record of the second.
import { JetStreamApiError } from "@nats-io/jetstream";

export type Verdict = "retry" | "never" | "no-stream";

export function verdictOf(error: unknown): Verdict {
  if (error instanceof JetStreamApiError) {
    // The stream's answer: 503 (storage, leader election, limits) may pass; 4xx (message too large, expected
    // stream does not match, a bad header) is about this record and will be refused again.
    return error.status >= 500 ? "retry" : "never";
  }
  const name = error instanceof Error ? error.name : "";
  // nats.js turns "no responders" to a JetStream publish into this: no stream takes the subject, or the
  // stream is between leaders. The sink asks the server which (see NatsSink).
  if (name === "JetStreamNotEnabled" || name === "NoRespondersError") return "no-stream";
  // Refused by the client before sending: a payload over the server's max_payload, a subject it cannot send.
  if (name === "InvalidArgumentError" || name === "InvalidSubjectError") return "never";
  return "retry";
}
