// MQTT topic matching as the broker applies it, kept here so the test kit plays EMQX for a server in any
// language without depending on @exhook/core.

/** `$share/<group>/<filter>` and `$queue/<filter>` match topics as `<filter>` does. */
function plainFilter(filter: string): string {
  if (filter.startsWith("$queue/")) return filter.slice("$queue/".length);
  if (!filter.startsWith("$share/")) return filter;
  const afterGroup = filter.indexOf("/", "$share/".length);
  return afterGroup === -1 ? filter : filter.slice(afterGroup + 1);
}

/** Whether `topic` matches `filter` (MQTT 3.1.1/5: `+` one level, `#` the rest and the parent level). */
export function topicMatches(filter: string, topic: string): boolean {
  const filterLevels = plainFilter(filter).split("/");
  const topicLevels = topic.split("/");
  // A filter that starts with a wildcard never matches a `$SYS/...`-style topic.
  if ((filterLevels[0] === "+" || filterLevels[0] === "#") && topic.startsWith("$")) return false;
  for (let i = 0; i < filterLevels.length; i++) {
    const level = filterLevels[i];
    if (level === "#") return true;
    if (i >= topicLevels.length) return false;
    if (level !== "+" && level !== topicLevels[i]) return false;
  }
  return filterLevels.length === topicLevels.length;
}

/** A predicate true when the topic matches any of the filters; an empty list matches every topic. */
export function matcherOf(filters: readonly string[]): (topic: string) => boolean {
  if (filters.length === 0) return () => true;
  return (topic) => filters.some((filter) => topicMatches(filter, topic));
}
