import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { HqWorkstationEntity, type HqWorkstation } from '../db/entities';
import { HqError } from './errors';

export const sha256 = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');
export const newSecret = () => randomBytes(32).toString('base64url');

/** Contact is written at most once a minute per workstation: thousands of counters must not make every read a write. */
const CONTACT_EVERY_MS = 60_000;

/** Notes that the workstation reached headquarters over the network, for `workstations`. */
async function noteContact(ds: DataSource, ws: HqWorkstation, now: Date): Promise<void> {
  const at = now.toISOString();
  if (ws.lastSeenAt && Date.parse(ws.lastSeenAt) > now.getTime() - CONTACT_EVERY_MS) return;
  await ds.getRepository(HqWorkstationEntity).update({ id: ws.id }, { lastSeenAt: at });
  ws.lastSeenAt = at;
}

/** Tokens are stored only as hashes: a copy of the HQ database does not let anyone push as an office. */
export async function workstationFor(
  ds: DataSource,
  authorization: string | undefined,
  now?: Date,
): Promise<HqWorkstation> {
  const token = authorization?.startsWith('Bearer ') ? authorization.slice(7) : '';
  if (!token) throw new HqError(401, 'token_invalid', 'Missing workstation token');
  const ws = await ds.getRepository(HqWorkstationEntity).findOneBy({ tokenHash: sha256(token) });
  if (!ws) throw new HqError(401, 'token_invalid', 'Unknown workstation token');
  if (ws.revoked) throw new HqError(401, 'token_revoked', 'This workstation has been revoked by headquarters');
  if (now) await noteContact(ds, ws, now);
  return ws;
}

export function checkAdmin(adminToken: string, authorization: string | undefined): void {
  const given = Buffer.from(authorization?.startsWith('Bearer ') ? authorization.slice(7) : '');
  const expected = Buffer.from(adminToken);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    throw new HqError(401, 'token_invalid', 'Administrator token required');
}
