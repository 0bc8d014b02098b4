// Writes a new project from a template folder: copies, renames dotfiles, renders values, fills package.json.
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { basename, join, relative } from "node:path";
import { CliError } from "../errors.js";
import { localPackageSpecs } from "./local-packages.js";
import { adminPortEdit, adminPortOf, portEdit, type RenderValues, renderText } from "./render.js";
import { isSinksFile, sinkCode } from "./sinks.js";
import { rangeOf, type Versions } from "./versions.js";

export interface ScaffoldOptions {
  /** Where the project goes (created if missing). */
  readonly targetDir: string;
  /** The npm package name. */
  readonly name: string;
  readonly template: string;
  readonly port: number;
  /** Sink types, e.g. `["log", "mqtt"]`. */
  readonly sinks: readonly string[];
  /** Write into a non-empty folder, replacing files of the same name (other files stay). */
  readonly force: boolean;
  /** Whose commands the README shows. */
  readonly packageManager: PackageManager;
  /** A folder of packed @exhook tarballs to install from instead of the registry (`--local-packages`). */
  readonly localPackages?: string | undefined;
}

export type PackageManager = "npm" | "pnpm" | "yarn" | "bun";

/** The folder holding one folder per template: `<package>/templates`. */
export const templatesDir = new URL("../../templates/", import.meta.url);

// npm never packs a file named .gitignore, so templates keep it as _gitignore (as create-vite does).
const renames: Readonly<Record<string, string>> = { _gitignore: ".gitignore", _npmrc: ".npmrc" };

export async function listTemplates(): Promise<string[]> {
  const entries = await readdir(templatesDir, { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

/** Whether a folder is missing or holds nothing but a `.git`. */
export async function isEmptyDir(dir: string): Promise<boolean> {
  if (!existsSync(dir)) return true;
  const entries = await readdir(dir);
  return entries.every((entry) => entry === ".git");
}

/** Writes the project; returns the paths written, relative to `targetDir`. */
export async function scaffold(options: ScaffoldOptions, versions: Versions): Promise<string[]> {
  const source = new URL(`${options.template}/`, templatesDir);
  if (!existsSync(source)) throw new CliError(`no template named "${options.template}"`);
  if (!options.force && !(await isEmptyDir(options.targetDir))) {
    throw new CliError(
      `${options.targetDir} is not empty: pick another folder, or pass --force to write over its files`,
    );
  }
  // Checked before anything is written: a missing tarball leaves no half-made project.
  const localSpecs =
    options.localPackages === undefined ? undefined : localPackageSpecs(options.localPackages, versions);
  const code = sinkCode(options.sinks);
  const run = options.packageManager === "npm" ? "npm run" : options.packageManager;
  const adminPort = adminPortOf(options.port);
  const values: RenderValues = {
    blocks: code.blocks,
    edits: { ...code.edits, port: portEdit(options.port), "admin-port": adminPortEdit(adminPort) },
    placeholders: {
      name: options.name,
      serverName: serverName(options.name),
      port: String(options.port),
      adminPort: String(adminPort),
      install: `${options.packageManager} install`,
      run,
      sinksSection: code.readme,
    },
  };

  const written: string[] = [];
  const copy = async (from: URL, to: string): Promise<void> => {
    await mkdir(to, { recursive: true });
    for (const entry of await readdir(from, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        await copy(new URL(`${entry.name}/`, from), join(to, entry.name));
        continue;
      }
      const target = join(to, renames[entry.name] ?? entry.name);
      if (options.sinks.length === 0 && isSinksFile(relative(options.targetDir, target))) continue;
      const text = await readFile(new URL(entry.name, from), "utf8");
      const rendered =
        entry.name === "package.json"
          ? renderManifest(text, options, versions, localSpecs)
          : renderText(text, values);
      await writeFile(target, rendered);
      written.push(relative(options.targetDir, target));
    }
  };
  await copy(source, options.targetDir);
  return written.sort();
}

/**
 * The template's package.json with the project's name and the released versions of every dependency, or,
 * given `localSpecs`, the @exhook packages as those tarballs (overriding them wherever they are in the tree).
 */
function renderManifest(
  text: string,
  options: ScaffoldOptions,
  versions: Versions,
  localSpecs: Readonly<Record<string, string>> | undefined,
): string {
  const manifest = JSON.parse(text) as Record<string, unknown> & {
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
  };
  manifest["name"] = options.name;
  const dependencies = { ...manifest.dependencies };
  for (const type of options.sinks) dependencies[`@exhook/sink-${type}`] = "";
  manifest.dependencies = withVersions(dependencies, versions, localSpecs);
  if (manifest.devDependencies !== undefined) {
    manifest.devDependencies = withVersions(manifest.devDependencies, versions, localSpecs);
  }
  if (localSpecs !== undefined) {
    // npm accepts an override of a direct dependency only when both name the very same spec, as here.
    manifest["overrides"] = { ...localSpecs };
    manifest["pnpm"] = { overrides: { ...localSpecs } };
  }
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

function withVersions(
  deps: Record<string, string>,
  versions: Versions,
  localSpecs: Readonly<Record<string, string>> | undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(deps).sort()) {
    const range = localSpecs?.[name] ?? rangeOf(versions, name) ?? versions.tools[name] ?? deps[name];
    if (range === undefined || range === "") throw new CliError(`no version known for ${name}`);
    out[name] = range;
  }
  return out;
}

/** EMQX's exhook server name: letters, digits, - and _ (the package name without its scope). */
function serverName(name: string): string {
  return basename(name).replace(/[^A-Za-z0-9_-]/g, "_") || "exhook";
}
