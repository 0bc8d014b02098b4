// The public face of create-exhook: the scaffolding command, runnable in-process, and its building blocks.
export { type CreateIo, runCreate } from "./create/main.js";
export { packageNameProblem, toPackageName } from "./create/package-name.js";
export { type PackageManager, type ScaffoldOptions, scaffold } from "./create/scaffold.js";
export { loadVersions, type Versions } from "./create/versions.js";
export { CliError } from "./errors.js";
