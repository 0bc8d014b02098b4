// What a handler of a valued hook returns: continue with a value, stop with a value, or pass.

/** A handler's decision: `continue` lets later handlers (and servers) refine the value; `stop` is final. */
export interface Decision<V> {
  readonly kind: "continue" | "stop";
  readonly value: V;
}

const continueTrue: Decision<boolean> = Object.freeze({ kind: "continue", value: true });
const continueFalse: Decision<boolean> = Object.freeze({ kind: "continue", value: false });
const stopTrue: Decision<boolean> = Object.freeze({ kind: "stop", value: true });
const stopFalse: Decision<boolean> = Object.freeze({ kind: "stop", value: false });

/** Sets the value and lets the next handler (and the broker's next server) decide further. */
export function continueWith<V>(value: V): Decision<V> {
  if (value === true) return continueTrue as Decision<V>;
  if (value === false) return continueFalse as Decision<V>;
  return { kind: "continue", value };
}

/** Sets the value and ends the chain here; EMQX's own hook chain stops too. */
export function stopWith<V>(value: V): Decision<V> {
  if (value === true) return stopTrue as Decision<V>;
  if (value === false) return stopFalse as Decision<V>;
  return { kind: "stop", value };
}

/** Returning nothing passes: the handler leaves the decision to the others. Spelled out for readability. */
export const pass = undefined;

/** Stops the chain with the message marked not to be published (`allow_publish: "false"`). */
export function denyPublish(message: { readonly headers: { readonly [key: string]: string } }): Decision<{
  headers: { [key: string]: string };
}> {
  return { kind: "stop", value: { headers: { ...message.headers, allow_publish: "false" } } };
}
