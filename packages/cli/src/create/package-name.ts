// Checks a project name the way the npm registry would accept it for a new package.
import { builtinModules } from "node:module";

const maxLength = 214;
// npm's rules: lowercase, URL-safe, no leading dot or underscore; an optional @scope/ prefix.
const namePattern = /^(?:@[a-z0-9-*~][a-z0-9-*._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/;
const reserved = new Set(["node_modules", "favicon.ico"]);

/** Why `name` can't be an npm package name, or `undefined` when it can. */
export function packageNameProblem(name: string): string | undefined {
  if (name.length === 0) return "the name is empty";
  if (name.length > maxLength) return `the name is longer than ${maxLength} characters`;
  if (name.trim() !== name) return "the name starts or ends with a space";
  if (name.startsWith(".") || name.startsWith("_")) return "the name starts with a dot or an underscore";
  if (name !== name.toLowerCase()) return "the name has capital letters";
  if (reserved.has(name)) return `"${name}" is a reserved name`;
  if (builtinModules.includes(name)) return `"${name}" is the name of a Node.js core module`;
  if (!namePattern.test(name)) {
    return "the name may only contain lowercase letters, digits and - . _ ~ (and an @scope/ prefix)";
  }
  return undefined;
}

/** A valid package name made from a folder name: `My Hooks!` becomes `my-hooks`. */
export function toPackageName(folder: string): string {
  return folder
    .trim()
    .toLowerCase()
    .replace(/\s+/g, "-")
    .replace(/^[._]+/, "")
    .replace(/[^a-z0-9-~._]+/g, "-")
    .replace(/-+/g, "-")
    .replace(/^-|-$/g, "");
}
