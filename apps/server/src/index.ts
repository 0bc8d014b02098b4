// The public face of @exhook/server (a private app): start it from code, as main.ts does, or reuse its parts.
export { Acl, filterCovers } from "./acl.js";
export { bannerText, emqx4Snippet, emqx5Snippet } from "./banner.js";
export { type LoadConfigOptions, type LoadedConfig, loadConfig } from "./config.js";
export { ConfigError } from "./config-error.js";
export type {
  AclConfig,
  AclRule,
  AdminSection,
  AuthnConfig,
  EmqxSection,
  LogSection,
  RewriteRule,
  RouteConfig,
  ServerConfig,
  ServerSection,
  SinkConfig,
  TlsConfig,
} from "./config-schema.js";
export type { HandlersContext } from "./handlers-module.js";
export { hashPassword, verifyPassword } from "./password.js";
export { Rewriter } from "./rewrite.js";
export { type RunningServer, type StartServerOptions, startServer } from "./server.js";
