// Test-only: a throwaway CA, a server certificate for 127.0.0.1/localhost and a client certificate signed
// by it, made with the openssl CLI (EC P-256, valid two days), for TLS and mTLS tests across the repo.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** PEM contents. */
export interface TestCerts {
  readonly ca: Buffer;
  readonly serverCert: Buffer;
  readonly serverKey: Buffer;
  readonly clientCert: Buffer;
  readonly clientKey: Buffer;
}

/** The file names `writeTestCerts` uses. */
export const testCertFiles = {
  ca: "ca.pem",
  serverCert: "server.pem",
  serverKey: "server.key",
  clientCert: "client.pem",
  clientKey: "client.key",
} as const;

export const hasOpenssl: boolean = spawnSync("openssl", ["version"], { stdio: "ignore" }).status === 0;

/** Makes the certificates in `dir` under `testCertFiles`' names, and returns their contents. */
export function writeTestCerts(dir: string): TestCerts {
  const at = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync("openssl", args, { stdio: "pipe" });
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  openssl(
    "req",
    "-x509",
    ...ec,
    "-days",
    "2",
    "-subj",
    "/CN=exhook test CA",
    "-keyout",
    at("ca.key"),
    "-out",
    at("ca.pem"),
  );
  const issue = (name: "server" | "client", subject: string, extension: string) => {
    writeFileSync(at(`${name}.ext`), `${extension}\n`);
    openssl("req", ...ec, "-subj", subject, "-keyout", at(`${name}.key`), "-out", at(`${name}.csr`));
    openssl(
      "x509",
      "-req",
      "-in",
      at(`${name}.csr`),
      "-CA",
      at("ca.pem"),
      "-CAkey",
      at("ca.key"),
      "-CAcreateserial",
      "-days",
      "2",
      "-extfile",
      at(`${name}.ext`),
      "-out",
      at(`${name}.pem`),
    );
  };
  issue("server", "/CN=localhost", "subjectAltName=IP:127.0.0.1,DNS:localhost");
  issue("client", "/CN=emqx@127.0.0.1", "extendedKeyUsage=clientAuth");
  return {
    ca: readFileSync(at(testCertFiles.ca)),
    serverCert: readFileSync(at(testCertFiles.serverCert)),
    serverKey: readFileSync(at(testCertFiles.serverKey)),
    clientCert: readFileSync(at(testCertFiles.clientCert)),
    clientKey: readFileSync(at(testCertFiles.clientKey)),
  };
}

/** Makes the certificates in a temporary directory, removed again before returning. */
export function makeTestCerts(): TestCerts {
  const dir = mkdtempSync(join(tmpdir(), "exhook-certs-"));
  try {
    return writeTestCerts(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
