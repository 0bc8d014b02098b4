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
export {
  type AdminOptions,
  type AdminPortOptions,
  type AdminRoutes,
  type AdminServer,
  startAdmin,
  startAdminPort,
} from "./admin-server.js";
export { type AddSinkHandler, createAdminService, remoteAddressKey } from "./admin-service.js";
export {
  answerAdminCalls,
  type ClusterAdminOptions,
  startClusterAdmin,
  type WorkerAdminOptions,
} from "./cluster.js";
export { type MetricsSource, ServerMetrics } from "./metrics.js";
export type { ReloadHandler, ReloadOutcome, ReloadProblem, ReloadStats } from "./reload.js";
export { mergeStats } from "./stats-merge.js";
