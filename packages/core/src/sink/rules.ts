// The rules a sink name and a sink route follow, owned here once: the runtime enforces them, and the server's
// config schema calls the same functions to report each problem at its key path.

import { isMessageHook } from "../events.js";
import { isHookName } from "../hooks.js";
import { topicFilterProblem } from "../topic-filter.js";

/** Letters, digits, `_`, `.` and `-`, starting with a letter or digit: safe in a metric label, a path, a log. */
const sinkNamePattern = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** What is wrong with a sink name, or `undefined`. */
export function sinkNameProblem(name: string): string | undefined {
  if (name === "") return "a sink name cannot be empty";
  if (!sinkNamePattern.test(name)) return "a sink name is letters, digits, '_', '.' and '-'";
  return undefined;
}

/** One problem of a route: the part (`hooks`, `topics`, `sinks`), the item's index when it is one item's. */
export interface RouteProblem {
  readonly key: "hooks" | "topics" | "sinks";
  readonly index?: number;
  readonly message: string;
}

/**
 * Every problem of a route, in order: unknown hooks, malformed topic filters, topic filters on a hook that is
 * not `message.*`, empty lists, and (given `hasSink`) sinks that do not exist.
 */
export function routeProblems(
  route: {
    readonly hooks: readonly string[];
    readonly topics?: readonly string[];
    readonly sinks: readonly string[];
  },
  hasSink?: (name: string) => boolean,
): RouteProblem[] {
  const problems: RouteProblem[] = [];
  if (route.hooks.length === 0) problems.push({ key: "hooks", message: "hooks cannot be empty" });
  route.hooks.forEach((hook, index) => {
    if (!isHookName(hook)) problems.push({ key: "hooks", index, message: `unknown hook "${hook}"` });
  });
  const topics = route.topics ?? [];
  topics.forEach((topic, index) => {
    const problem = topicFilterProblem(topic);
    if (problem !== undefined)
      problems.push({ key: "topics", index, message: `topic filter "${topic}": ${problem}` });
  });
  if (topics.length > 0) {
    const other = route.hooks.find((hook) => isHookName(hook) && !isMessageHook(hook));
    if (other !== undefined)
      problems.push({ key: "topics", message: `topics apply to message.* hooks only, not to "${other}"` });
  }
  if (route.sinks.length === 0) problems.push({ key: "sinks", message: "sinks cannot be empty" });
  if (hasSink !== undefined) {
    route.sinks.forEach((sink, index) => {
      if (!hasSink(sink)) problems.push({ key: "sinks", index, message: `no sink named "${sink}"` });
    });
  }
  return problems;
}
