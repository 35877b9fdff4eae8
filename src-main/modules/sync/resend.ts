import { createHash } from 'node:crypto';
import type { HqPublicKeys } from '../../../shared/contract/hq';
import type { Tx } from '../../db/store';
import { preregCursor, setPreregCursor } from '../prereg/service';
import { writeState, type SyncState } from './state';

export interface Requeued {
  records: number;
  files: number;
}

/**
 * Whether an enrolment's HQ is not the one this workstation sent its history to. HQ's keys are
 * its identity: made once and kept in its database, shared by all its instances, new on a fresh
 * HQ and the same on one restored from a backup (which the « Renvoyer tout l'historique » action
 * covers). The address is not: a rebuilt HQ often takes the old name, and an HQ may move to
 * another. It decides only when a side has no keys (an HQ older than USB transfer).
 */
export function isAnotherHq(before: SyncState, serverUrl: string, keys: HqPublicKeys | undefined): boolean {
  if (!before.token && !before.serverUrl && !before.hqSigningKey) return false;
  if (keys && before.hqSigningKey && before.hqEncryptionKey)
    return keys.signingPublicKey !== before.hqSigningKey || keys.encryptionPublicKey !== before.hqEncryptionKey;
  return before.serverUrl !== serverUrl;
}

/**
 * The HQ whose numbering a verdict is in, as the `verdict` table notes it: a short hash of its
 * signing key (its identity, as above), of its address for an HQ without keys.
 */
export const hqTag = (state: Pick<SyncState, 'hqSigningKey' | 'serverUrl'>) =>
  createHash('sha256')
    .update(state.hqSigningKey?.trim() ?? `url:${state.serverUrl ?? ''}`)
    .digest('hex')
    .slice(0, 16);

/**
 * The verdict and pre-registration cursors count in an HQ's own numbering, which another HQ starts
 * again from 1: kept, they would skip all it issues up to the old one's last number. Returns where they were.
 */
export async function resetPullCursors(tx: Tx, before: SyncState) {
  const was = { verdicts: before.verdictCursor, preregistrations: await preregCursor(tx.em) };
  await writeState(tx.em, { verdictCursor: 0 }, tx.now);
  await setPreregCursor(tx.em, 0, tx.now);
  return was;
}

/**
 * Puts the history back in the queue: each record's latest version (a version is a whole
 * snapshot, so HQ needs no older one, and none goes after a newer) and every file. Rows keep their
 * place (`created_at`), so a candidate still goes before its registration and a record before its
 * files. What HQ already holds answers `duplicate`, and a file it holds costs one HEAD (its
 * attempts are kept for that). Refused rows go too: the refusal was the other HQ's, or from before
 * the data a restored HQ lost. Rows still waiting or being sent are left as they are.
 */
export async function requeueHistory(tx: Tx): Promise<Requeued> {
  const records = tx.run(
    `UPDATE outbox SET state = 'pending', attempts = 0, last_error = NULL, next_attempt_at = NULL, updated_at = ?
      WHERE state IN ('synced', 'rejected')
        AND version = (SELECT MAX(o.version) FROM outbox o WHERE o.entity = outbox.entity AND o.entity_id = outbox.entity_id)`,
    [tx.now],
  ).changes;
  const files = tx.run(
    `UPDATE outbox_file SET state = 'pending', last_error = NULL, next_attempt_at = NULL, updated_at = ?
      WHERE state IN ('synced', 'rejected')`,
    [tx.now],
  ).changes;
  return { records, files };
}
