// The ACL preset: allow/deny rules by username/clientid pattern and topic filter, first match wins.
import { type Exhook, pass, stopWith } from "@exhook/core";
import type { AclConfig, AclRule } from "./config-schema.js";

interface CompiledRule {
  allow: boolean;
  action: AclRule["action"];
  username: RegExp | undefined;
  clientid: RegExp | undefined;
  /** Each filter split into levels; placeholders are filled per call. */
  topics: string[][];
  usesPlaceholders: boolean;
}

/** `*` matches any run of characters; everything else is literal. */
function globRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replaceAll("*", ".*");
  // `s`: `*` must match line breaks too, or a username with a newline slips past a deny rule.
  return new RegExp(`^${escaped}$`, "s");
}

/** Whether the rule's filter covers the requested topic (publish) or topic filter (subscribe), level by level. */
export function filterCovers(rule: readonly string[], requested: readonly string[]): boolean {
  // `$SYS/…`-style topics are not matched by a leading wildcard (MQTT 4.7.2).
  if ((rule[0] === "#" || rule[0] === "+") && requested[0]?.startsWith("$")) return false;
  for (let i = 0; i < rule.length; i++) {
    const level = rule[i]!;
    if (level === "#") return true;
    if (i >= requested.length) return false;
    const want = requested[i]!;
    // A rule level that is not `#` never covers a `#` in the request: the request asks for more.
    if (want === "#") return false;
    if (level !== "+" && level !== want) return false;
  }
  return rule.length === requested.length;
}

const placeholder = /\$\{username\}|\$\{clientid\}/g;

/** Placeholder values that could widen a filter (`/`, `+`, `#`) or are empty make the rule not match. */
function usable(value: string): boolean {
  return value !== "" && !/[/+#]/.test(value);
}

export class Acl {
  readonly #rules: CompiledRule[];
  readonly #default: AclConfig["default"];

  constructor(config: AclConfig) {
    this.#default = config.default;
    this.#rules = config.rules.map((rule) => ({
      allow: rule.permission === "allow",
      action: rule.action,
      username: rule.username === undefined ? undefined : globRegExp(rule.username),
      clientid: rule.clientid === undefined ? undefined : globRegExp(rule.clientid),
      topics: rule.topics.map((t) => t.split("/")),
      usesPlaceholders: rule.topics.some((t) => t.includes("${")),
    }));
  }

  /** `true`/`false` for the first matching rule, else the default (`undefined` = pass). */
  decide(
    action: "publish" | "subscribe",
    username: string,
    clientid: string,
    topic: string,
  ): boolean | undefined {
    const requested = topic.split("/");
    for (const rule of this.#rules) {
      if (rule.action !== "all" && rule.action !== action) continue;
      if (rule.username !== undefined && !rule.username.test(username)) continue;
      if (rule.clientid !== undefined && !rule.clientid.test(clientid)) continue;
      if (rule.topics.length > 0 && !this.#topicMatches(rule, username, clientid, requested)) continue;
      return rule.allow;
    }
    return this.#default === "pass" ? undefined : this.#default === "allow";
  }

  #topicMatches(rule: CompiledRule, username: string, clientid: string, requested: string[]): boolean {
    for (const filter of rule.topics) {
      let levels = filter;
      if (rule.usesPlaceholders) {
        let ok = true;
        levels = filter.map((level) => {
          if (!level.includes("${")) return level;
          if (level.includes("${username}") && !usable(username)) ok = false;
          if (level.includes("${clientid}") && !usable(clientid)) ok = false;
          // One pass, so a username spelled "${clientid}" stays literal instead of being filled in turn.
          return level.replace(placeholder, (name: string) => (name === "${username}" ? username : clientid));
        });
        if (!ok) continue;
      }
      if (filterCovers(levels, requested)) return true;
    }
    return false;
  }
}

/** Registers the authorize handler in the `acl` handler group. */
export function registerAcl(app: Exhook, config: AclConfig): void {
  const acl = new Acl(config);
  app.authorize({ group: "acl" }, (event) => {
    const { username, clientid } = event.clientinfo;
    const decision = acl.decide(event.action, username, clientid, event.topic);
    return decision === undefined ? pass : stopWith(decision);
  });
}
