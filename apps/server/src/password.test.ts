// Stored hashes that are truncated, garbled or absurdly expensive never verify and are rejected at load.
import { describe, expect, it } from "vitest";
import { hashPassword, hashProblem, verifyPassword } from "./password.js";

describe("a malformed users-file hash", () => {
  it("never verifies, even when its hash or salt part is empty or not base64", async () => {
    const good = await hashPassword("pw");
    const [, N, r, p, salt, hash] = good.split("$");
    const broken = [
      `scrypt$${N}$${r}$${p}$${salt}$`,
      `scrypt$${N}$${r}$${p}$$`,
      `scrypt$${N}$${r}$${p}$${salt}$!!!!`,
      `scrypt$${N}$${r}$${p}$${salt}$${hash!.slice(0, 8)}`,
      `scrypt$${N}$${r}$${p}$$${hash}`,
    ];
    for (const stored of broken) {
      expect(hashProblem(stored), stored).toBeDefined();
      expect(await verifyPassword("anything", stored), stored).toBe(false);
    }
  });

  it("is rejected when its scrypt parameters are fractional or would take gigabytes", () => {
    const tail = "c2FsdHNhbHRzYWx0c2FsdA==$" + Buffer.alloc(32, 1).toString("base64");
    expect(hashProblem(`scrypt$16384$8$1$${tail}`)).toBeUndefined();
    expect(hashProblem(`scrypt$16384$1.5$1$${tail}`)).toBeDefined();
    expect(hashProblem(`scrypt$1073741824$8$1$${tail}`)).toBeDefined();
    expect(hashProblem(`scrypt$16384$8$100000$${tail}`)).toBeDefined();
  });
});
