// The public face of @exhook/admin: the admin port an exhook server switches on.
export {
  type AdminAccess,
  type AdminAccessOptions,
  type AdminRefusal,
  type AdminResource,
  bearerToken,
  createAdminAccess,
  isLoopbackAddress,
  isLoopbackHost,
} from "./admin-access.js";
export { type AdminOptions, type AdminRoutes, type AdminServer, startAdmin } from "./admin-server.js";
export { type AddSinkHandler, remoteAddressKey } from "./admin-service.js";
export { type MetricsSource, ServerMetrics } from "./metrics.js";
export type { ReloadHandler, ReloadOutcome, ReloadProblem, ReloadStats } from "./reload.js";
