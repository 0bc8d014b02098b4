// Checks one answer of an ExHook server the way EMQX reads it: what a broker would get wrong or ignore.
import type { CallRecord } from "@exhook/testkit";

interface UnknownField {
  readonly no: number;
}

const boolHooks = new Set(["client.authenticate", "client.authorize"]);

function grpcCode(error: Error): string {
  const code = (error as { code?: unknown }).code;
  // Connect's Code enum numbers are gRPC's status codes.
  const names = [
    "OK",
    "CANCELLED",
    "UNKNOWN",
    "INVALID_ARGUMENT",
    "DEADLINE_EXCEEDED",
    "NOT_FOUND",
    "ALREADY_EXISTS",
    "PERMISSION_DENIED",
    "RESOURCE_EXHAUSTED",
    "FAILED_PRECONDITION",
    "ABORTED",
    "OUT_OF_RANGE",
    "UNIMPLEMENTED",
    "INTERNAL",
    "UNAVAILABLE",
    "DATA_LOSS",
    "UNAUTHENTICATED",
  ];
  return typeof code === "number" ? (names[code] ?? `code ${code}`) : "error";
}

/**
 * The problems of one call, empty when the answer is what a broker of this version expects: no gRPC error,
 * no field the answer's schema lacks, a known `type`, and the value the hook takes (a bool for
 * authenticate/authorize, the whole message for publish) when it continues or stops.
 */
export function wireProblems(call: CallRecord): string[] {
  if (call.error !== undefined) {
    const message = call.error.message.replace(/^\[[a-z_]+\]\s*/, "");
    return [`${grpcCode(call.error)}: ${message}`];
  }
  const problems: string[] = [];
  const response = call.response as { $typeName: string; $unknown?: readonly UnknownField[] } | undefined;
  if (response === undefined) return ["no answer"];
  if (response.$unknown !== undefined && response.$unknown.length > 0) {
    const fields = [...new Set(response.$unknown.map((f) => f.no))].join(", ");
    problems.push(`the answer has field(s) ${fields} that ${response.$typeName} does not define`);
  }
  const answer = call.answer;
  if (answer === undefined) return problems;
  if (answer.typeNumber < 0 || answer.typeNumber > 2) {
    problems.push(`type ${answer.typeNumber} is no ResponsedType (EMQX reads it as IGNORE)`);
    return problems;
  }
  if (answer.type === "ignore") return problems;
  const type = answer.type === "stop" ? "STOP_AND_RETURN" : "CONTINUE";
  if (boolHooks.has(call.hook) && answer.value !== "bool") {
    problems.push(
      `${type} without a bool_result (${answer.value === "message" ? "a message instead" : "no value"}): EMQX ignores it`,
    );
  }
  if (call.hook === "message.publish") {
    if (answer.value !== "message") {
      problems.push(
        `${type} without a message (${answer.value === "bool" ? "a bool_result instead" : "no value"}): EMQX ignores it`,
      );
    } else if (answer.message.topic === "") {
      problems.push(`${type} with a message whose topic is empty: EMQX would publish to ""`);
    }
  }
  return problems;
}
