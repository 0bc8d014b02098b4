// TLS material given inline (PEM text) or as a file path; a file that cannot be read is a config error.
import { readFile } from "node:fs/promises";
import { errorText, SinkConfigError } from "@exhook/core/sink";

export async function pem(property: "ca" | "cert" | "key", value: string): Promise<string> {
  if (value.includes("-----BEGIN ")) return value;
  try {
    return await readFile(value, "utf8");
  } catch (error) {
    throw new SinkConfigError(
      "invalid_property",
      property,
      `cannot read file "${value}": ${errorText(error)}`,
    );
  }
}
