// The topic rewrite preset: the first rule whose filter or regex matches a published topic gives its new topic.
import { continueWith, type Exhook, type Logger, pass } from "@exhook/core";
import { topicFilterProblem } from "@exhook/core/mqtt";
import type { RewriteRule } from "./config-schema.js";

interface Context {
  clientid: string;
  username: string;
}

/** The captures of a filter match: each `+` level, then what `#` took (joined with `/`). */
function filterCaptures(filter: readonly string[], topic: readonly string[]): string[] | undefined {
  if ((filter[0] === "#" || filter[0] === "+") && topic[0]?.startsWith("$")) return undefined;
  const captures: string[] = [];
  for (let i = 0; i < filter.length; i++) {
    const level = filter[i]!;
    if (level === "#") {
      captures.push(topic.slice(i).join("/"));
      return captures;
    }
    if (i >= topic.length) return undefined;
    if (level === "+") captures.push(topic[i]!);
    else if (level !== topic[i]) return undefined;
  }
  return filter.length === topic.length ? captures : undefined;
}

/** A clientid or username with `/`, `+` or `#` would reach other levels (another client's topics): no rewrite. */
function usable(value: string): boolean {
  return !/[/+#]/.test(value);
}

function fill(
  template: string,
  topic: string,
  captures: readonly string[],
  ctx: Context,
): string | undefined {
  let ok = true;
  const out = template.replace(
    /\$(\d)|\$\{(topic|clientid|username)\}/g,
    (_whole, n: string | undefined, name: string | undefined) => {
      if (n !== undefined) return captures[Number(n) - 1] ?? "";
      if (name === "topic") return topic;
      const value = name === "clientid" ? ctx.clientid : ctx.username;
      if (!usable(value)) ok = false;
      return value;
    },
  );
  return ok ? out : undefined;
}

export class Rewriter {
  readonly #rules: { filter: string[] | undefined; regex: RegExp | undefined; to: string }[];

  constructor(rules: readonly RewriteRule[]) {
    this.#rules = rules.map((rule) => ({ filter: rule.topic?.split("/"), regex: rule.regex, to: rule.to }));
  }

  /** The rewritten topic, or `undefined` when no rule matches (or its clientid/username would add levels). */
  rewrite(topic: string, ctx: Context): string | undefined {
    const levels = topic.split("/");
    for (const rule of this.#rules) {
      let captures: string[] | undefined;
      if (rule.filter !== undefined) captures = filterCaptures(rule.filter, levels);
      else {
        const m = rule.regex!.exec(topic);
        if (m !== null) captures = m.slice(1).map((c) => c ?? "");
      }
      if (captures !== undefined) return fill(rule.to, topic, captures, ctx);
    }
    return undefined;
  }
}

/**
 * Registers the publish handler in the `rewrite` group. With filter rules only, it asks the broker for those
 * topics alone; a regex rule needs every topic.
 */
export function registerRewrite(app: Exhook, rules: readonly RewriteRule[], logger: Logger): void {
  if (rules.length === 0) return;
  const rewriter = new Rewriter(rules);
  const topics = rules.every((r) => r.topic !== undefined) ? rules.map((r) => r.topic!) : [];
  app.publish({ group: "rewrite", topics }, (event) => {
    const { message } = event;
    const to = rewriter.rewrite(message.topic, {
      clientid: message.from,
      username: message.headers["username"] ?? "",
    });
    if (to === undefined || to === message.topic) return pass;
    // A published topic must be a plain name: no wildcards, not empty.
    if (to === "" || to.includes("+") || to.includes("#") || topicFilterProblem(to) !== undefined) {
      logger.warn({ topic: message.topic, to }, "topic rewrite gave an invalid topic; left unchanged");
      return pass;
    }
    return continueWith({ topic: to });
  });
}
