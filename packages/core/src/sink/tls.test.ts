// The shared TLS props: one check of the cert/key pair, PEM text or file, and an unreadable file named.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { SinkConfigError } from "../errors.js";
import { parseProps, z } from "./props.js";
import { checkCertAndKey, tlsConnectionOptions, tlsProps } from "./tls.js";

const schema = z.strictObject({ url: z.string(), ...tlsProps }).superRefine(checkCertAndKey);
const pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

describe("tlsProps", () => {
  it("verifies by default and wants a client certificate and its key together", () => {
    expect(parseProps(schema, { url: "x" })).toEqual({ url: "x", rejectUnauthorized: true });
    expect(() => parseProps(schema, { url: "x", cert: pem })).toThrow(/"key" is required when cert or key/);
    expect(() => parseProps(schema, { url: "x", key: pem })).toThrow(/"cert" is required when cert or key/);
  });

  it("reads PEM text as given and files by path; an unreadable file is a config error on its property", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "exhook-tls-"));
    try {
      const file = path.join(dir, "ca.pem");
      fs.writeFileSync(file, pem);
      const props = parseProps(schema, { url: "x", ca: file, cert: pem, key: pem, servername: "broker" });
      expect(await tlsConnectionOptions(props)).toEqual({
        ca: pem,
        cert: pem,
        key: pem,
        rejectUnauthorized: true,
        servername: "broker",
      });
      const missing = parseProps(schema, { url: "x", ca: path.join(dir, "nope.pem") });
      const error = await tlsConnectionOptions(missing, "ssl.").catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SinkConfigError);
      expect((error as SinkConfigError).property).toBe("ssl.ca");
      expect((error as SinkConfigError).message).toMatch(/cannot read file/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
