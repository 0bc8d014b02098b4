// Turns a template file into the project's: {{placeholders}} in prose, marker comments in code.
// Templates stay valid code (biome and editors read them), so code carries its markers in comments:
//   a line that is only `// exhook:<block>` is replaced by that block's lines (removed when there are none);
//   a line ending in `// exhook:<edit>` is rewritten by that edit (`port` puts the chosen port for 9000).

export interface RenderValues {
  /** `{{key}}` → value, for prose (README). */
  readonly placeholders: Readonly<Record<string, string>>;
  /** Block marker → the lines to put in its place (indented like the marker). */
  readonly blocks: Readonly<Record<string, readonly string[]>>;
  /** Line marker → how to rewrite the line (given without its marker). */
  readonly edits: Readonly<Record<string, (line: string) => string>>;
}

const blockMarker = /^(\s*)\/\/ exhook:([a-z-]+)\s*$/;
const lineMarker = /\s*\/\/ exhook:([a-z-]+)\s*$/;
const placeholder = /\{\{(\w+)\}\}/g;

export function renderText(text: string, values: RenderValues): string {
  const out: string[] = [];
  for (const line of text.split("\n")) {
    const block = blockMarker.exec(line);
    if (block !== null) {
      const [, indent = "", name = ""] = block;
      for (const blockLine of values.blocks[name] ?? []) out.push(blockLine === "" ? "" : indent + blockLine);
      continue;
    }
    const marked = lineMarker.exec(line);
    if (marked !== null) {
      const bare = line.slice(0, marked.index);
      const edit = values.edits[marked[1] ?? ""];
      out.push(edit === undefined ? bare : edit(bare));
      continue;
    }
    out.push(line);
  }
  return out.join("\n").replace(placeholder, (whole, key: string) => values.placeholders[key] ?? whole);
}

/** The `port` edit: the template's default port, 9000, becomes `port`. */
export function portEdit(port: number): (line: string) => string {
  return (line) => line.replace(/\b9000\b/, String(port));
}

/** The admin port next to the hook port: 9001 by 9000, where the exhook CLI looks first. */
export function adminPortOf(port: number): number {
  return port < 65535 ? port + 1 : port - 1;
}

/** The `admin-port` edit: the template's default admin port, 9001, becomes `adminPort`. */
export function adminPortEdit(adminPort: number): (line: string) => string {
  return (line) => line.replace(/\b9001\b/, String(adminPort));
}
