// What an npm user gets from each published package: the files `pnpm pack` puts in its tarball, the links
// npm shows (repository, homepage, bugs, and the README's own), and the Node versions its production
// dependencies accept. Reads the workspace and pnpm-lock.yaml; the tarball list needs a build (`pnpm test`
// builds first).
import { execFile } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { posix } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import semver from "semver";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";

const rootDir = fileURLToPath(new URL("../../../", import.meta.url));

interface Manifest {
  name: string;
  private?: boolean;
  engines?: { node?: string };
  repository?: { type?: string; url?: string; directory?: string } | string;
  homepage?: string;
  bugs?: { url?: string } | string;
  exports?: Record<string, Record<string, string> | string>;
  bin?: Record<string, string> | string;
}

interface Workspace {
  /** Relative to the repository root, posix: "packages/core". */
  dir: string;
  manifest: Manifest;
}

const readJson = <T>(path: string): T => JSON.parse(readFileSync(`${rootDir}${path}`, "utf8")) as T;

function workspaces(): Workspace[] {
  const dirs = ["packages", "apps", "tools"].flatMap((parent) =>
    readdirSync(`${rootDir}${parent}`).map((name) => `${parent}/${name}`),
  );
  return [...dirs, "bench"]
    .filter((dir) => existsSync(`${rootDir}${dir}/package.json`))
    .map((dir) => ({ dir, manifest: readJson<Manifest>(`${dir}/package.json`) }));
}

const published = workspaces().filter((ws) => ws.manifest.private !== true);

const rootRepository = readJson<{ repository: { url: string } }>("package.json").repository.url;
/** `git+https://github.com/o/r.git` → `https://github.com/o/r`. */
const repositoryWeb = rootRepository.replace(/^git\+/, "").replace(/\.git$/, "");

it("finds the published packages", () => {
  expect(published.map((ws) => ws.manifest.name)).toContain("@exhook/core");
  expect(published.length).toBeGreaterThanOrEqual(7);
});

describe("the links npm shows next to each published package", () => {
  it.each(published.map((ws) => [ws.manifest.name, ws] as const))("%s", (_name, { dir, manifest }) => {
    expect(manifest.repository, "repository: { type, url (the root package.json's), directory }").toEqual({
      type: "git",
      url: rootRepository,
      directory: dir,
    });
    expect(manifest.homepage).toBe(`${repositoryWeb}/tree/main/${dir}#readme`);
    expect(manifest.bugs).toEqual({ url: `${repositoryWeb}/issues` });
    expect(manifest.engines?.node, "engines.node").toBeTypeOf("string");
  });
});

describe("each published tarball (pnpm pack)", () => {
  const packed = new Map<string, Set<string>>();
  beforeAll(async () => {
    const { stdout } = await promisify(execFile)("pnpm", ["-r", "pack", "--dry-run", "--json"], {
      cwd: rootDir,
      maxBuffer: 16 * 1024 * 1024,
    });
    const list = JSON.parse(stdout) as { name: string; files: { path: string }[] }[];
    for (const entry of list) packed.set(entry.name, new Set(entry.files.map((file) => file.path)));
  }, 60_000);

  it.each(published.map((ws) => [ws.manifest.name, ws] as const))("%s", (name, { dir, manifest }) => {
    const files = packed.get(name);
    expect(files, `pnpm pack listed no ${name}`).toBeDefined();
    if (files === undefined) return;
    for (const required of ["package.json", "README.md", "LICENSE"]) {
      expect(files.has(required), `${name} ships ${required}`).toBe(true);
    }
    // Every entry point and binary exists in the tarball (a missing one means a broken install, or no build).
    for (const target of entryPoints(manifest)) {
      expect(files.has(target), `${name} ships ${target} (build first: pnpm build)`).toBe(true);
    }
    // A relative link in the README works on npm (which resolves it under repository.directory) and in
    // node_modules only if it points at a file of the tarball; anything else must be an absolute URL.
    const readme = readFileSync(`${rootDir}${dir}/README.md`, "utf8");
    const broken = relativeLinks(readme).filter((link) => !resolvesIn(files, link));
    expect(broken, `${name}'s README links to files its tarball does not have`).toEqual([]);
  });
});

describe("the Node versions the production dependencies accept", () => {
  it.each(published.map((ws) => [ws.manifest.name, ws] as const))("%s", (_name, { dir, manifest }) => {
    const lowest = semver.minVersion(manifest.engines?.node ?? "*")?.version ?? "0.0.0";
    const tooNew = dependenciesNeedingNewerNode(dir, lowest);
    expect(
      tooNew,
      `production dependencies that refuse Node ${lowest}, the lowest engines.node allows`,
    ).toEqual([]);
  });
});

function entryPoints(manifest: Manifest): string[] {
  const targets: string[] = [];
  const collect = (value: unknown): void => {
    if (typeof value === "string") targets.push(value);
    else if (typeof value === "object" && value !== null) for (const v of Object.values(value)) collect(v);
  };
  for (const [key, value] of Object.entries(manifest.exports ?? {})) {
    // The source condition points into src/, which is for this workspace only and not shipped.
    if (typeof value === "object") {
      for (const [condition, target] of Object.entries(value))
        if (condition !== "@exhook/source") collect(target);
    } else if (key !== "@exhook/source") collect(value);
  }
  collect(manifest.bin);
  return targets.map((target) => posix.normalize(target));
}

/** Link targets in markdown outside code: inline links and images, reference definitions, href/src. */
function relativeLinks(markdown: string): string[] {
  const text = markdown.replace(/```[\s\S]*?```/g, "").replace(/`[^`\n]*`/g, "");
  const targets = [
    ...[...text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1] ?? ""),
    ...[...text.matchAll(/^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)].map((m) => m[1] ?? ""),
    ...[...text.matchAll(/\b(?:href|src)="([^"]+)"/g)].map((m) => m[1] ?? ""),
  ];
  return targets.filter((target) => target !== "" && !/^(?:[a-z][a-z0-9+.-]*:|#)/i.test(target));
}

function resolvesIn(files: Set<string>, link: string): boolean {
  const path = posix.normalize(decodeURIComponent(link.replace(/[#?].*$/, ""))).replace(/\/$/, "");
  if (path.startsWith("../") || path === "..") return false;
  return files.has(path) || [...files].some((file) => file.startsWith(`${path}/`));
}

interface Lockfile {
  importers: Record<string, Importer>;
  packages: Record<string, { engines?: { node?: string } }>;
  snapshots: Record<
    string,
    { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> }
  >;
}
type Importer = {
  dependencies?: Record<string, { version: string }>;
  optionalDependencies?: Record<string, { version: string }>;
};

let lockfile: Lockfile | undefined;

/** `name@version → … → name@version wants node <range>` for each production dependency that refuses `node`. */
function dependenciesNeedingNewerNode(importerDir: string, node: string): string[] {
  lockfile ??= parse(readFileSync(`${rootDir}pnpm-lock.yaml`, "utf8")) as Lockfile;
  const lock = lockfile;
  const problems: string[] = [];
  const seen = new Set<string>();
  const visitImporter = (dir: string, path: string[]): void => {
    if (seen.has(`importer:${dir}`)) return;
    seen.add(`importer:${dir}`);
    const importer = lock.importers[dir] ?? {};
    // pnpm installs peers into the importer's dependencies; an optional peer (vitest for @exhook/testkit/sink)
    // is never installed for a user, so what it pulls in is not a production dependency.
    const optionalPeers = optionalPeerNames(dir);
    for (const [name, { version }] of Object.entries({
      ...importer.dependencies,
      ...importer.optionalDependencies,
    })) {
      if (optionalPeers.has(name)) continue;
      // A workspace dependency ("link:../core") is published too: what it pulls in counts here as well.
      if (version.startsWith("link:"))
        visitImporter(posix.join(dir, version.slice("link:".length)), [...path, name]);
      else visitSnapshot(`${name}@${version}`, path);
    }
  };
  const visitSnapshot = (key: string, path: string[]): void => {
    if (seen.has(key)) return;
    seen.add(key);
    // "name@1.2.3(peer@4.5.6)": the package entry has no peer suffix.
    const packageKey = key.replace(/\(.*$/, "");
    const range = lock.packages[packageKey]?.engines?.node;
    if (range !== undefined && !semver.satisfies(node, range)) {
      problems.push(`${[...path, packageKey].join(" → ")} wants node ${range}`);
    }
    const snapshot = lock.snapshots[key] ?? {};
    for (const [name, version] of Object.entries({
      ...snapshot.dependencies,
      ...snapshot.optionalDependencies,
    })) {
      visitSnapshot(`${name}@${version}`, [...path, packageKey]);
    }
  };
  visitImporter(importerDir, []);
  return problems;
}

function optionalPeerNames(importerDir: string): Set<string> {
  const manifest = JSON.parse(readFileSync(`${rootDir}${importerDir}/package.json`, "utf8")) as {
    peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  };
  return new Set(
    Object.entries(manifest.peerDependenciesMeta ?? {})
      .filter(([, meta]) => meta.optional === true)
      .map(([name]) => name),
  );
}
