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

/** Why a stored hash cannot be used, or `undefined` when it is well formed. */
export function hashProblem(stored: string): string | undefined {
  const parts = stored.split("$");
  if (parts.length !== 6 || parts[0] !== prefix)
    return 'must be a hash made by "exhook-server hash-password" (scrypt$N$r$p$salt$hash)';
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (!(N > 1 && (N & (N - 1)) === 0) || !(r > 0) || !(p > 0)) return "has bad scrypt parameters";
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
