import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const scrypt = (pw: string, salt: Buffer, len: number, opts: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) =>
    scryptCb(pw, salt, len, opts, (err, key) => (err ? reject(err) : resolve(key))),
  );

/** OWASP's scrypt floor (N=2^17, r=8, p=1) costs ~128 MB and ~0.3 s here; 2^15 keeps login snappy on old office PCs. */
export const PASSWORD_COST = 2 ** 15;
const PARAMS = { r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const KEY_LEN = 32;
let cost = PASSWORD_COST;

/**
 * For the Vitest set-up only (test/support/cheapPasswords.ts), never called by the application:
 * each test app hashes and checks several passwords, and at the real cost they were most of the
 * unit and integration suites' time. A hash says its own N, which verification reads from it.
 */
export function setPasswordCostForTests(n: number): void {
  cost = n;
}

/** Encoded as `scrypt$N$r$p$salt$key` so the cost can be raised later without breaking old hashes. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password.normalize('NFC'), salt, KEY_LEN, { ...PARAMS, N: cost });
  return ['scrypt', cost, PARAMS.r, PARAMS.p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = encoded.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await scrypt(password.normalize('NFC'), Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: PARAMS.maxmem,
  });
  return timingSafeEqual(actual, expected);
}
