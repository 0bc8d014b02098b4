// `buf generate` must reproduce the committed code exactly: a proto edit without `pnpm generate` fails here.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const packageDir = fileURLToPath(new URL("..", import.meta.url));
const bin = (name: string) => join(packageDir, "node_modules", ".bin", name);

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

it("committed generated code matches the protos", () => {
  const out = mkdtempSync(join(tmpdir(), "exhook-gen-"));
  try {
    const template = join(out, "buf.gen.yaml");
    writeFileSync(
      template,
      `version: v2\nplugins:\n  - local: ${bin("protoc-gen-es")}\n    out: ${out}/gen\n    opt: [target=ts, import_extension=js]\n`,
    );
    execFileSync(bin("buf"), ["generate", join(packageDir, "proto"), "--template", template], {
      stdio: "pipe",
    });
    const committed = join(packageDir, "src", "gen");
    expect(listFiles(join(out, "gen"))).toEqual(listFiles(committed));
    for (const file of listFiles(committed)) {
      expect(readFileSync(join(out, "gen", file), "utf8"), file).toBe(
        readFileSync(join(committed, file), "utf8"),
      );
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}, 30_000);
