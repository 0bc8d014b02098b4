// NATS subjects: which rendered subjects a publish may use, and which stream subjects cover a template.

/**
 * Why `subject` cannot be published to, or `undefined`. The server takes some of these silently (a wildcard
 * is stored as a literal by JetStream; an empty token finds no stream and looks like "JetStream is away"), so
 * the sink checks itself: a record whose subject fails here can never go.
 */
export function publishSubjectProblem(subject: string): string | undefined {
  if (subject === "") return "is empty";
  if (/\s/.test(subject)) return "contains whitespace";
  for (const token of subject.split(".")) {
    if (token === "") return "has an empty token (a leading, trailing or doubled '.')";
    if (token === "*" || token === ">") return `has the wildcard token '${token}'`;
  }
  return undefined;
}

/** Why `filter` is not a valid stream subject (wildcards allowed, `>` last), or `undefined`. */
export function filterProblem(filter: string): string | undefined {
  if (filter === "") return "cannot be empty";
  if (/\s/.test(filter)) return "cannot contain whitespace";
  const tokens = filter.split(".");
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token === "") return "has an empty token (a leading, trailing or doubled '.')";
    if (token === ">" && i !== tokens.length - 1) return "can have '>' only as its last token";
  }
  return undefined;
}

/**
 * The stream subjects that cover every subject `template` can render: its literal tokens before the first
 * `${…}`, then `>` (`exhook.${hook}.${clientid}` → `exhook.>`); a template without `${…}` is its own subject.
 * `undefined` when the template starts inside its first token (`${hook}`, `ev-${hook}`): no filter short of
 * `>` covers it, so the user must say which subjects the stream takes.
 */
export function defaultStreamSubjects(template: string): string[] | undefined {
  const open = template.indexOf("${");
  if (open === -1) return [template];
  const literal = template.slice(0, open);
  const cut = literal.lastIndexOf(".");
  if (cut <= 0) return undefined;
  return [`${literal.slice(0, cut)}.>`];
}

/** True when every subject `inner` matches is matched by `outer` (subject filters, `*` and `>`). */
export function filterCovers(outer: string, inner: string): boolean {
  const o = outer.split(".");
  const n = inner.split(".");
  for (let i = 0; i < o.length; i++) {
    const token = o[i]!;
    if (token === ">") return i < n.length;
    const other = n[i];
    if (other === undefined) return false;
    if (token === "*") {
      if (other === ">") return false;
      continue;
    }
    if (token !== other) return false;
  }
  return o.length === n.length;
}
