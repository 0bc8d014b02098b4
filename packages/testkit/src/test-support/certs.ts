// Makes a throwaway CA, a server certificate for 127.0.0.1 and a client certificate with openssl, for TLS tests.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface TestCerts {
  readonly ca: string;
  readonly serverKey: string;
  readonly serverCert: string;
  readonly clientKey: string;
  readonly clientCert: string;
}

export function makeCerts(): TestCerts {
  const dir = mkdtempSync(join(tmpdir(), "exhook-testkit-tls-"));
  const file = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync("openssl", args, { stdio: "pipe" });
  try {
    return issue();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  function issue(): TestCerts {
    const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
    openssl(
      "req",
      "-x509",
      ...ec,
      "-days",
      "1",
      "-subj",
      "/CN=testkit-ca",
      "-keyout",
      file("ca.key"),
      "-out",
      file("ca.pem"),
    );
    writeFileSync(file("server.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
    for (const [name, ext] of [
      ["server", ["-extfile", file("server.ext")]],
      ["client", []],
    ] as const) {
      openssl(
        "req",
        ...ec,
        "-subj",
        `/CN=${name}`,
        "-keyout",
        file(`${name}.key`),
        "-out",
        file(`${name}.csr`),
      );
      openssl(
        "x509",
        "-req",
        "-in",
        file(`${name}.csr`),
        "-CA",
        file("ca.pem"),
        "-CAkey",
        file("ca.key"),
        "-CAcreateserial",
        "-days",
        "1",
        "-out",
        file(`${name}.pem`),
        ...ext,
      );
    }
    const read = (name: string) => readFileSync(file(name), "utf8");
    return {
      ca: read("ca.pem"),
      serverKey: read("server.key"),
      serverCert: read("server.pem"),
      clientKey: read("client.key"),
      clientCert: read("client.pem"),
    };
  }
}
