// The public face of create-exhook: the two commands, runnable in-process, and their building blocks.
export {
  type AdminClient,
  type AdminClientOptions,
  AdminError,
  type AdminRpc,
  createAdminClient,
} from "./admin/client.js";
export { defaultAdminUrl, type ExhookIo, runExhook } from "./admin/main.js";
export { type CreateIo, runCreate } from "./create/main.js";
export { packageNameProblem, toPackageName } from "./create/package-name.js";
export { type PackageManager, type ScaffoldOptions, scaffold } from "./create/scaffold.js";
export { loadVersions, type Versions } from "./create/versions.js";
export { CliError } from "./errors.js";
