// MQTT topic filters: validation, `$share` stripping, and matching with MQTT 3.1.1/5 semantics.
import { createRequire } from "node:module";
import { ExhookError } from "./errors.js";

// The part of qlobber's API used here; the package ships no types, and loading it through `require` keeps
// an ambient declaration out of every program that compiles this file.
interface QlobberDedup<T> {
  add(topic: string, value: T): unknown;
  remove(topic: string, value?: T): unknown;
  match(topic: string): Set<T>;
  clear(): unknown;
}
const { QlobberDedup } = createRequire(import.meta.url)("qlobber") as {
  QlobberDedup: new <T>(options: object) => QlobberDedup<T>;
};

/** Why a topic filter is not valid, or `undefined` when it is. */
export function topicFilterProblem(filter: string): string | undefined {
  if (filter.length === 0) return "a topic filter cannot be empty";
  if (filter.includes("\u0000")) return "a topic filter cannot contain NUL";
  const levels = filter.split("/");
  for (let i = 0; i < levels.length; i++) {
    const level = levels[i]!;
    if (level.includes("#") && (level !== "#" || i !== levels.length - 1)) {
      return "'#' must be a whole level and the last one";
    }
    if (level.includes("+") && level !== "+") return "'+' must be a whole level";
  }
  return undefined;
}

/**
 * The filter a shared or queued subscription applies to: `$share/<group>/<filter>` and `$queue/<filter>`
 * both match topics as `<filter>` does.
 */
export function stripSharePrefix(filter: string): string {
  if (filter.startsWith("$share/")) {
    const groupEnd = filter.indexOf("/", 7);
    return groupEnd === -1 ? filter : filter.slice(groupEnd + 1);
  }
  if (filter.startsWith("$queue/")) return filter.slice(7);
  return filter;
}

/** A predicate for one filter. Levels are split once here, so a match walks the topic without allocating. */
function compileOne(rawFilter: string): (topic: string) => boolean {
  const filter = stripSharePrefix(rawFilter);
  if (filter === "#") return (topic) => topic.charCodeAt(0) !== 36; // '$' topics are not matched by a leading wildcard
  if (!filter.includes("+") && !filter.includes("#")) return (topic) => topic === filter;
  const levels = filter.split("/");
  const leadingWildcard = levels[0] === "+" || levels[0] === "#";
  return (topic) => {
    if (leadingWildcard && topic.charCodeAt(0) === 36) return false;
    let start = 0;
    for (let i = 0; i < levels.length; i++) {
      const level = levels[i]!;
      // '#' matches the parent level too: `a/#` matches `a`.
      if (level === "#") return true;
      if (start > topic.length) return false;
      let end = topic.indexOf("/", start);
      if (end === -1) end = topic.length;
      if (level !== "+" && (end - start !== level.length || !topic.startsWith(level, start))) return false;
      start = end + 1;
    }
    return start === topic.length + 1;
  };
}

/** A predicate true when the topic matches any of the filters (an empty list matches every topic). */
export function compileTopicFilters(filters: readonly string[]): (topic: string) => boolean {
  if (filters.length === 0) return () => true;
  const predicates = filters.map(compileOne);
  if (predicates.length === 1) return predicates[0]!;
  return (topic) => {
    for (const matches of predicates) if (matches(topic)) return true;
    return false;
  };
}

/** Whether `topic` matches the MQTT topic filter `filter`. */
export function topicMatches(filter: string, topic: string): boolean {
  return compileOne(filter)(topic);
}

const trieOptions = { separator: "/", wildcard_one: "+", wildcard_some: "#", match_empty_levels: true };

/**
 * Many filters, each with values, matched at once (sink routes, subscriptions). Backed by qlobber's trie,
 * which stays fast with thousands of filters. Filters that start with a wildcard live in a second trie
 * that `$` topics never consult, as MQTT requires.
 */
export class TopicMatcher<T> {
  readonly #literalRooted = new QlobberDedup<T>(trieOptions);
  readonly #wildcardRooted = new QlobberDedup<T>(trieOptions);
  // The exact (filter, value) pairs added; qlobber's own `test` matches a topic, not a filter.
  readonly #entries = new Map<string, Set<T>>();
  #size = 0;

  get size(): number {
    return this.#size;
  }

  /** The filters added, each with its values. */
  entries(): IterableIterator<[string, ReadonlySet<T>]> {
    return this.#entries.entries();
  }

  add(rawFilter: string, value: T): void {
    const filter = stripSharePrefix(rawFilter);
    const problem = topicFilterProblem(filter);
    if (problem !== undefined)
      throw new ExhookError("invalid_topic_filter", `invalid topic filter "${rawFilter}": ${problem}`, {
        key: rawFilter,
      });
    let values = this.#entries.get(filter);
    if (values === undefined) {
      values = new Set();
      this.#entries.set(filter, values);
    }
    if (values.has(value)) return;
    values.add(value);
    this.#trieFor(filter).add(filter, value);
    this.#size++;
  }

  remove(rawFilter: string, value: T): void {
    const filter = stripSharePrefix(rawFilter);
    const values = this.#entries.get(filter);
    if (values === undefined || !values.delete(value)) return;
    if (values.size === 0) this.#entries.delete(filter);
    this.#trieFor(filter).remove(filter, value);
    this.#size--;
  }

  /** The values whose filters match the topic, each once. */
  match(topic: string): T[] {
    const literal = this.#literalRooted.match(topic);
    if (topic.charCodeAt(0) === 36) return [...literal];
    const wildcard = this.#wildcardRooted.match(topic);
    if (literal.size === 0) return [...wildcard];
    for (const value of wildcard) literal.add(value);
    return [...literal];
  }

  clear(): void {
    this.#literalRooted.clear();
    this.#wildcardRooted.clear();
    this.#entries.clear();
    this.#size = 0;
  }

  #trieFor(filter: string): QlobberDedup<T> {
    const first = filter.charCodeAt(0);
    return first === 43 || first === 35 ? this.#wildcardRooted : this.#literalRooted; // '+' or '#'
  }
}
