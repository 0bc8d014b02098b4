// Test-only: a CA, a server certificate for 127.0.0.1 and a client certificate, made with the openssl CLI.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface TestCerts {
  readonly ca: Buffer;
  readonly serverCert: Buffer;
  readonly serverKey: Buffer;
  readonly clientCert: Buffer;
  readonly clientKey: Buffer;
}

export function makeTestCerts(): TestCerts {
  const dir = mkdtempSync(join(tmpdir(), "exhook-certs-"));
  const at = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync("openssl", args, { stdio: "pipe" });
  try {
    openssl(
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
      "-nodes",
      "-days",
      "2",
      "-subj",
      "/CN=exhook test CA",
      "-keyout",
      at("ca.key"),
      "-out",
      at("ca.pem"),
    );
    writeFileSync(at("server.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
    writeFileSync(at("client.ext"), "extendedKeyUsage=clientAuth\n");
    for (const [name, ext] of [
      ["server", "server.ext"],
      ["client", "client.ext"],
    ] as const) {
      openssl(
        "req",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-subj",
        `/CN=exhook test ${name}`,
        "-keyout",
        at(`${name}.key`),
        "-out",
        at(`${name}.csr`),
      );
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
        at(ext),
        "-out",
        at(`${name}.pem`),
      );
    }
    return {
      ca: readFileSync(at("ca.pem")),
      serverCert: readFileSync(at("server.pem")),
      serverKey: readFileSync(at("server.key")),
      clientCert: readFileSync(at("client.pem")),
      clientKey: readFileSync(at("client.key")),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
