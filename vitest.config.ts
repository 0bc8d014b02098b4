import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { defineConfig } from "vitest/config";

// One root config; every package and app is a project named after its package, sharing these settings.
// The `@exhook/source` condition makes workspace packages resolve to their TypeScript sources, so unit
// tests need no build of their dependencies.
const projectDirs = ["packages", "apps", "tools"].flatMap((parent) =>
  readdirSync(parent)
    .map((dir) => join(parent, dir))
    .filter((dir) => existsSync(join(dir, "package.json"))),
);

export default defineConfig({
  resolve: { conditions: ["@exhook/source"] },
  ssr: { resolve: { conditions: ["@exhook/source"] } },
  test: {
    // CI also writes a JSON report, from which .ci/run prints the plain "N passed, N failed" line;
    // VITEST_JSON_REPORT names another file (scripts/node-matrix.sh writes one per Node major).
    reporters:
      process.env["CI"] || process.env["VITEST_JSON_REPORT"]
        ? [
            "default",
            ["json", { outputFile: process.env["VITEST_JSON_REPORT"] || "node_modules/.vitest/report.json" }],
          ]
        : ["default"],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    projects: projectDirs.map((dir) => ({
      extends: true,
      test: {
        name: JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).name as string,
        root: dir,
        include: ["src/**/*.test.ts"],
      },
    })),
  },
});
