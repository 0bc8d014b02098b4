// Picks the sessions a message goes to, as EMQX routes it: matching subscriptions, one member per share group, no-local.
import type { Session } from "./context.js";
import { shareGroup, unshared } from "./requests.js";

export interface Delivery {
  readonly clientid: string;
  readonly session: Session;
  /** The QoS the subscriber gets: min(message QoS, subscription QoS). */
  readonly qos: number;
}

export function route(
  sessions: ReadonlyMap<string, Session>,
  topic: string,
  qos: number,
  publisher: string,
): Delivery[] {
  const deliveries = new Map<string, Delivery>();
  const groupsServed = new Set<string>();
  for (const [clientid, session] of sessions) {
    if (!session.connected) continue;
    for (const [filter, subscription] of session.subscriptions) {
      if (!subscription.matches(topic)) continue;
      if (subscription.options.nl === 1 && clientid === publisher) continue;
      const group = shareGroup(filter);
      if (group !== "") {
        // One member per group gets the message; the first session subscribed (Map order) is deterministic.
        const key = `${group}\u0000${unshared(filter)}`;
        if (groupsServed.has(key)) continue;
        groupsServed.add(key);
      }
      const granted = Math.min(qos, subscription.options.qos);
      const existing = deliveries.get(clientid);
      // Overlapping subscriptions of one session: one copy at the highest QoS granted.
      if (existing === undefined || existing.qos < granted)
        deliveries.set(clientid, { clientid, session, qos: granted });
    }
  }
  return [...deliveries.values()];
}
