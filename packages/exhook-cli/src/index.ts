// The public face of @exhook/cli: the `exhook` command, runnable in-process, and its admin API client.
export {
  type AdminClient,
  type AdminClientOptions,
  AdminError,
  type AdminRpc,
  createAdminClient,
} from "./admin/client.js";
export { defaultAdminUrl, type ExhookIo, runExhook } from "./admin/main.js";
export { CliError } from "./errors.js";
