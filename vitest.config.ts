import { defineConfig } from "vitest/config";

// One root config; every package and app is a project. The `@exhook/source` condition makes workspace
// packages resolve to their TypeScript sources, so unit tests need no build of their dependencies.
export default defineConfig({
  resolve: { conditions: ["@exhook/source"] },
  ssr: { resolve: { conditions: ["@exhook/source"] } },
  test: {
    projects: ["packages/*", "apps/*"],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
