// Salted password hashes for the users file: scrypt with a per-user random salt, in one self-describing string.
import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";

/** `scrypt$<N>$<r>$<p>$<salt base64>$<hash base64>`. */
const prefix = "scrypt";
const defaults = { N: 16_384, r: 8, p: 1, keylen: 32 } as const;

function derive(
  password: string,
  salt: Buffer,
  N: number,
  r: number,
  p: number,
  keylen: number,
): Promise<Buffer> {
  return new Promise((ok, fail) => {
    scrypt(password, salt, keylen, { N, r, p, maxmem: 256 * N * r }, (error, key) =>
      error ? fail(error) : ok(key),
    );
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const { N, r, p, keylen } = defaults;
  const key = await derive(password, salt, N, r, p, keylen);
  return [prefix, N, r, p, salt.toString("base64"), key.toString("base64")].join("$");
}

/** Strict base64 (a typo or a truncated copy must not decode to a shorter, weaker value). */
const base64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
/** Bounds on what a users file may ask for: a hash needing gigabytes of scrypt memory is an outage, not a hash. */
const limits = {
  maxN: 2 ** 20,
  maxR: 32,
  maxP: 16,
  maxMem: 256 * 1024 * 1024,
  minSalt: 8,
  minKey: 16,
  maxKey: 64,
};

/** Why a stored hash cannot be used, or `undefined` when it is well formed. */
export function hashProblem(stored: string): string | undefined {
  const parts = stored.split("$");
  if (parts.length !== 6 || parts[0] !== prefix)
    return 'must be a hash made by "exhook-server hash-password" (scrypt$N$r$p$salt$hash)';
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  const isInt = (n: number, max: number) => Number.isInteger(n) && n >= 1 && n <= max;
  if (
    !(isInt(N, limits.maxN) && N > 1 && (N & (N - 1)) === 0) ||
    !isInt(r, limits.maxR) ||
    !isInt(p, limits.maxP)
  )
    return `has bad scrypt parameters (N a power of two up to ${limits.maxN}, r up to ${limits.maxR}, p up to ${limits.maxP})`;
  if (128 * N * r > limits.maxMem) return "has scrypt parameters needing more than 256 MiB";
  const [salt, key] = parts.slice(4) as [string, string];
  if (!base64.test(salt) || Buffer.from(salt, "base64").length < limits.minSalt)
    return `has a bad salt (base64 of at least ${limits.minSalt} bytes)`;
  const keyBytes = Buffer.from(key, "base64").length;
  if (!base64.test(key) || keyBytes < limits.minKey || keyBytes > limits.maxKey)
    return `has a bad hash (base64 of ${limits.minKey} to ${limits.maxKey} bytes)`;
  return undefined;
}

/** Constant-time comparison of the derived key; a malformed hash never verifies. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  if (hashProblem(stored) !== undefined) return false;
  const parts = stored.split("$");
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  const salt = Buffer.from(parts[4]!, "base64");
  const expected = Buffer.from(parts[5]!, "base64");
  const key = await derive(password, salt, N, r, p, expected.length);
  return timingSafeEqual(key, expected);
}
