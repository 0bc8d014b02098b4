// Test-only: a private PostgreSQL (initdb + pg_ctl in a temp dir, on a free port) that a test may stop and
// start, never the shared server. PostgreSQL refuses to run as root, so as root it runs as the `postgres` OS
// user through runuser; without one (or without the binaries) `startPrivatePostgres` says why it cannot.
import { execFile, execFileSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { hasOpenssl, testCertFiles, writeTestCerts } from "@exhook/test-certs";

const run = promisify(execFile);
export const postgresBin = process.env["EXHOOK_TEST_PG_BIN"] ?? "/usr/lib/postgresql/15/bin";

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface PrivatePostgres {
  port: number;
  password: string;
  /** postgres://postgres:<password>@127.0.0.1:<port>/postgres */
  url: string;
  /** The CA file that signed the server's certificate (TLS is on, plain TCP too), when openssl is here. */
  caFile: string | undefined;
  /** Stops it as a crash would (`-m immediate`): in-flight transactions are lost, committed ones replayed. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it and removes its directory. */
  close(): Promise<void>;
}

/** The user PostgreSQL runs as: this one, or `postgres` when this is root. */
function runAs(): { uid: number; gid: number; prefix: string[] } | string {
  if (process.getuid?.() !== 0) return { uid: -1, gid: -1, prefix: [] };
  const runuser = ["/usr/sbin/runuser", "/sbin/runuser"].find((p) => existsSync(p));
  if (runuser === undefined) return "running as root and there is no runuser to run PostgreSQL as postgres";
  try {
    const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim());
    return { uid: id("-u"), gid: id("-g"), prefix: [runuser, "-u", "postgres", "--"] };
  } catch {
    return "running as root and there is no postgres OS user to run PostgreSQL as";
  }
}

/** Why a private server cannot run here, or `undefined`. */
export function privatePostgresProblem(): string | undefined {
  if (!existsSync(join(postgresBin, "initdb"))) return `no PostgreSQL binaries in ${postgresBin}`;
  const as = runAs();
  return typeof as === "string" ? as : undefined;
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const as = runAs();
  if (typeof as === "string") throw new Error(as);
  const dir = mkdtempSync(join(tmpdir(), "exhook-pg-"));
  const data = join(dir, "data");
  const password = `pw-${Math.random().toString(36).slice(2, 10)}`;
  writeFileSync(join(dir, "pwfile"), `${password}\n`);
  if (as.uid >= 0) {
    chownSync(dir, as.uid, as.gid);
    chownSync(join(dir, "pwfile"), as.uid, as.gid);
  }
  const exec = (bin: string, args: string[]) => {
    const [file, ...argv] = [...as.prefix, join(postgresBin, bin), ...args];
    return run(file!, argv, { cwd: dir, timeout: 90_000 });
  };
  await exec("initdb", [
    "-D",
    data,
    "-U",
    "postgres",
    "--pwfile",
    join(dir, "pwfile"),
    "--auth-host=scram-sha-256",
    "--auth-local=trust",
    "--no-sync",
    "-E",
    "UTF8",
  ]);
  const port = await freePort();
  // fsync off: a test machine's disk is slow and shared; a stop here is a process crash, not a power loss.
  let options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`;
  let caFile: string | undefined;
  if (hasOpenssl) {
    // TLS beside plain TCP, with a certificate for 127.0.0.1; the server reads its key only if it owns it, 0600.
    const certs = join(dir, "certs");
    mkdirSync(certs);
    writeTestCerts(certs);
    const cert = join(certs, testCertFiles.serverCert);
    const key = join(certs, testCertFiles.serverKey);
    chmodSync(key, 0o600);
    if (as.uid >= 0) for (const file of [cert, key]) chownSync(file, as.uid, as.gid);
    options += ` -c ssl=on -c ssl_cert_file=${cert} -c ssl_key_file=${key}`;
    caFile = join(certs, testCertFiles.ca);
  }
  const pgCtl = (...args: string[]) => exec("pg_ctl", ["-D", data, "-l", join(dir, "log"), ...args]);
  const start = async () => {
    await pgCtl("-o", options, "-w", "-t", "60", "start");
  };
  await start();
  return {
    port,
    password,
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    caFile,
    stop: async () => {
      await pgCtl("-m", "immediate", "-w", "-t", "60", "stop");
    },
    start,
    close: async () => {
      await pgCtl("-m", "immediate", "-w", "-t", "60", "stop").catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
