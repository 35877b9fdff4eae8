import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';

/**
 * The QR on a fiche: `G1.<payload>.<signature>`, both base64url. The payload is short JSON
 * (number, name, birth date, exam, version, content hash, office) signed with the office's
 * Ed25519 key, so anyone holding the office's public key can check a fiche offline.
 */
export interface FicheClaims {
  o: string; // office code
  n: string; // N° candidat
  r: string; // N° inscription
  nm: string; // name as printed
  dob: string;
  ex: string; // exam (and series)
  v: number; // the version printed on the fiche, its content version (older fiches: their print count)
  h: string; // first 16 hex of the content hash
}

const PREFIX = 'G1';

export interface OfficeKeys {
  privatePem: string;
  publicPem: string;
}

export function generateOfficeKeys(): OfficeKeys {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

export function signClaims(claims: FicheClaims, privatePem: string): string {
  const payload = Buffer.from(JSON.stringify(claims), 'utf8');
  const signature = sign(null, payload, createPrivateKey(privatePem));
  return `${PREFIX}.${payload.toString('base64url')}.${signature.toString('base64url')}`;
}

export type Verification =
  { valid: true; claims: FicheClaims } | { valid: false; reason: 'malformed' | 'unknown_office' | 'bad_signature' };

export function verifyClaims(text: string, publicKeys: Record<string, string>): Verification {
  const [prefix, p, s, extra] = text.trim().split('.');
  if (prefix !== PREFIX || !p || !s || extra !== undefined) return { valid: false, reason: 'malformed' };
  const payload = Buffer.from(p, 'base64url');
  let claims: FicheClaims;
  try {
    claims = JSON.parse(payload.toString('utf8')) as FicheClaims;
  } catch {
    return { valid: false, reason: 'malformed' };
  }
  const pem = publicKeys[claims.o];
  if (!pem) return { valid: false, reason: 'unknown_office' };
  let ok = false;
  try {
    ok = verify(null, payload, createPublicKey(pem), Buffer.from(s, 'base64url'));
  } catch {
    ok = false;
  }
  return ok ? { valid: true, claims } : { valid: false, reason: 'bad_signature' };
}
