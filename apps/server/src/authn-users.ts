// The users-file authentication preset: username → salted scrypt hash, checked on `client.authenticate`.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { type Exhook, pass, stopWith } from "@exhook/core";
import { ConfigError, join } from "./config-error.js";
import { parseConfigText } from "./config-read.js";
import type { AuthnConfig } from "./config-schema.js";
import { hashPassword, hashProblem, verifyPassword } from "./password.js";

/** Reads and checks the users file: `users: [{ username, password: "scrypt$…" }]`. */
export async function readUsersFile(file: string): Promise<Map<string, string>> {
  const fail = (reason: string): never => {
    throw new ConfigError("authn.usersFile", `${file}: ${reason}`);
  };
  let text = "";
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    fail(`cannot read it: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let raw: Record<string, unknown> = {};
  try {
    raw = parseConfigText(text, file);
  } catch (error) {
    fail((error as Error).message);
  }
  const list = raw["users"];
  if (!Array.isArray(list)) fail('must hold "users:", a list of { username, password }');
  const users = new Map<string, string>();
  (list as unknown[]).forEach((item, i) => {
    const path = join("users", i);
    if (item === null || typeof item !== "object") fail(`${path}: must be a mapping { username, password }`);
    const { username, password, ...rest } = item as Record<string, unknown>;
    const extra = Object.keys(rest)[0];
    if (extra !== undefined) fail(`${join(path, extra)}: unknown key (known: username, password)`);
    if (typeof username !== "string" || username === "") fail(`${path}.username: must be a non-empty string`);
    if (typeof password !== "string") fail(`${path}.password: must be a hash string`);
    const problem = hashProblem(password as string);
    if (problem !== undefined) fail(`${path}.password: ${problem}`);
    if (users.has(username as string)) fail(`${path}.username: "${username}" is listed twice`);
    users.set(username as string, password as string);
  });
  return users;
}

/** Verified logins, so a reconnect storm does not run scrypt for every CONNECT; keyed by a digest, never the password. */
class VerifiedCache {
  readonly #entries = new Map<string, boolean>();
  constructor(readonly max: number) {}

  key(username: string, password: string, stored: string): string {
    return createHash("sha256")
      .update(username)
      .update("\0")
      .update(password)
      .update("\0")
      .update(stored)
      .digest("base64");
  }

  get(key: string): boolean | undefined {
    return this.#entries.get(key);
  }

  set(key: string, ok: boolean): void {
    if (this.#entries.size >= this.max) this.#entries.clear();
    this.#entries.set(key, ok);
  }
}

/** Registers the authenticate handler in the `authn` handler group. */
export function registerUsersAuthn(
  app: Exhook,
  config: AuthnConfig,
  users: ReadonlyMap<string, string>,
): void {
  const cache = new VerifiedCache(10_000);
  // An unknown user pays the same scrypt as a known one, so answer times do not tell which usernames exist.
  let decoy: Promise<string> | undefined;
  app.authenticate({ group: "authn" }, async (event) => {
    const { username, password } = event.clientinfo;
    if (username === "") return config.anonymous === "deny" ? stopWith(false) : pass;
    const stored = users.get(username);
    if (stored === undefined) {
      if (config.unknownUser !== "deny") return pass;
      decoy ??= hashPassword("exhook-decoy");
      await verifyPassword(password, await decoy);
      return stopWith(false);
    }
    const key = cache.key(username, password, stored);
    let ok = cache.get(key);
    if (ok === undefined) {
      ok = await verifyPassword(password, stored);
      cache.set(key, ok);
    }
    return stopWith(ok);
  });
}
