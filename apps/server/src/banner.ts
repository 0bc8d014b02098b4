// What the server prints at start: its address, the hooks it offers, and the EMQX config pointing a broker at it.
import type { EmqxSection } from "./config-schema.js";

export interface BannerInfo {
  url: string;
  adminUrl: string | undefined;
  /** v2/v3 names with their topic filters (v1 brokers see `client.check_acl` / `session.takeovered`). */
  hooks: { name: string; topics: string[] }[];
  tls: boolean;
  emqx: EmqxSection;
  configFile: string | undefined;
}

/** EMQX 5.x: `exhook.servers` in emqx.conf (HOCON) or the dashboard's ExHook page. */
export function emqx5Snippet(url: string, emqx: EmqxSection, tls: boolean): string {
  const lines = [
    "exhook {",
    "  servers = [",
    "    {",
    `      name = "${emqx.name}"`,
    "      enable = true",
    `      url = "${url}"`,
    `      request_timeout = "${emqx.requestTimeout}"`,
    `      failed_action = ${emqx.failedAction}`,
    '      auto_reconnect = "60s"',
    `      pool_size = ${emqx.poolSize}`,
  ];
  if (tls) {
    lines.push(
      "      ssl {",
      "        enable = true",
      '        cacertfile = "/path/to/ca.pem"',
      '        certfile = "/path/to/client.pem"   # when the server requires client certificates',
      '        keyfile = "/path/to/client.key"',
      "      }",
    );
  }
  lines.push("    }", "  ]", "}");
  return lines.join("\n");
}

/** EMQX 4.4: etc/plugins/emqx_exhook.conf, then `emqx_ctl plugins load emqx_exhook`. */
export function emqx4Snippet(url: string, emqx: EmqxSection, tls: boolean): string {
  const lines = [
    `exhook.request_failed_action = ${emqx.failedAction}`,
    `exhook.request_timeout = ${emqx.requestTimeout}`,
    "exhook.auto_reconnect = 60s",
    `exhook.pool_size = ${emqx.poolSize}`,
    `exhook.server.${emqx.name}.url = ${url}`,
  ];
  if (tls) {
    lines.push(
      `exhook.server.${emqx.name}.ssl.cacertfile = /path/to/ca.pem`,
      `exhook.server.${emqx.name}.ssl.certfile = /path/to/client.pem`,
      `exhook.server.${emqx.name}.ssl.keyfile = /path/to/client.key`,
    );
  }
  return lines.join("\n");
}

export function bannerText(info: BannerInfo): string {
  const url = info.emqx.url ?? info.url;
  const width = Math.max(...info.hooks.map((h) => h.name.length), 10);
  const hooks =
    info.hooks.length === 0
      ? ["  (none: add handlers or sink routes)"]
      : info.hooks.map((h) =>
          `  ${h.name.padEnd(width)}  ${h.topics.length === 0 ? "" : h.topics.join(" ")}`.trimEnd(),
        );
  const indent = (text: string) =>
    text
      .split("\n")
      .map((l) => `  ${l}`)
      .join("\n");
  return [
    "",
    `exhook server listening on ${info.url} (ExHook v1, v2 and v3 on one port)`,
    `config: ${info.configFile ?? "embedded default"}`,
    info.adminUrl === undefined
      ? "admin API: off"
      : `admin API, /metrics, /healthz, /readyz: ${info.adminUrl}`,
    "",
    "hooks offered:",
    ...hooks,
    "",
    "EMQX 5 (emqx.conf):",
    indent(emqx5Snippet(url, info.emqx, info.tls)),
    "",
    "EMQX 4.4 (etc/plugins/emqx_exhook.conf):",
    indent(emqx4Snippet(url, info.emqx, info.tls)),
    "",
  ].join("\n");
}
