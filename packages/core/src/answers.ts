// The answers of each kind of RPC, pre-encoded where they are constant so the hot path skips encoding.
import { create, toBinary } from "@bufbuild/protobuf";
import { type ProtocolVersion, v1, v2, v3 } from "@exhook/proto";
import type { Message } from "./events.js";

const { ValuedResponseSchema, ValuedResponse_ResponsedType: ResponsedType } = v2;

function valued(type: v2.ValuedResponse_ResponsedType, value?: boolean): Uint8Array {
  const init = value === undefined ? { type } : { type, value: { case: "boolResult" as const, value } };
  return toBinary(ValuedResponseSchema, create(ValuedResponseSchema, init));
}

/** `EmptySuccess` has no fields: zero bytes. */
export const emptyAnswer = new Uint8Array(0);
/** Nobody decided: the broker keeps its result. Identical bytes on every version. */
export const ignoreAnswer = valued(ResponsedType.IGNORE);
export const continueTrueAnswer = valued(ResponsedType.CONTINUE, true);
export const continueFalseAnswer = valued(ResponsedType.CONTINUE, false);
export const stopTrueAnswer = valued(ResponsedType.STOP_AND_RETURN, true);
export const stopFalseAnswer = valued(ResponsedType.STOP_AND_RETURN, false);

export function boolAnswer(stop: boolean, value: boolean): Uint8Array {
  if (stop) return value ? stopTrueAnswer : stopFalseAnswer;
  return value ? continueTrueAnswer : continueFalseAnswer;
}

const valuedTypeNames: Record<ProtocolVersion, string> = {
  v1: v1.ValuedResponseSchema.typeName,
  v2: v2.ValuedResponseSchema.typeName,
  v3: v3.ValuedResponseSchema.typeName,
};

/** A publish answer: always the whole message, since the broker copies qos, topic, payload and allow_publish. */
export function messageAnswer(version: ProtocolVersion, stop: boolean, message: Message): object {
  return {
    $typeName: valuedTypeNames[version],
    type: stop ? ResponsedType.STOP_AND_RETURN : ResponsedType.CONTINUE,
    value: { case: "message", value: message },
  };
}
