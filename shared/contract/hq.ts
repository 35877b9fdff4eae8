import { z } from 'zod';
import { OFFICE_CODE } from '../domain/accounts';

/** HQ's public keys (PEM, SPKI) for USB bundles: X25519 to encrypt to, Ed25519 that signs acknowledgements. */
export const hqPublicKeys = z.object({
  encryptionPublicKey: z.string().max(500),
  signingPublicKey: z.string().max(500),
});
export type HqPublicKeys = z.infer<typeof hqPublicKeys>;

/** The headquarters HTTP API, shared by src-server and the workstation's sync client. */
export const enrolRequest = z.object({
  code: z.string().min(6).max(64),
  officeCode: z.string().regex(OFFICE_CODE),
  workstationCode: z.string().regex(/^[A-Z0-9]{1,3}$/),
  /** The workstation's Ed25519 public key (PEM): HQ checks the USB bundles it signs. */
  signingPublicKey: z.string().max(500).optional(),
});
export const enrolResponse = z.object({
  workstationId: z.string(),
  token: z.string(),
  catalogueVersion: z.number().int(),
  serverTime: z.string(),
  hqKeys: hqPublicKeys.optional(),
  /**
   * The highest value HQ holds of each counter of this workstation code (`candidate:2026`): a
   * machine enrolled in place of a lost one continues from there instead of giving those numbers
   * again. Absent from an HQ older than this field.
   */
  sequences: z.record(z.string().regex(/^(candidate|receipt|group):\d{4}$/), z.number().int().min(0)).optional(),
});

export const outboxEntry = z.object({
  uuid: z.string().uuid(),
  entity: z.string().min(1).max(40),
  version: z.number().int().min(1),
  /** sha256 hex of payloadJson exactly as sent; the server hashes the same string. */
  payloadHash: z.string().regex(/^[0-9a-f]{64}$/),
  payloadJson: z.string().max(1_000_000),
});
export type OutboxEntryWire = z.infer<typeof outboxEntry>;

export const pushRequest = z.object({ entries: z.array(outboxEntry).min(1).max(500) });
export const pushResult = z.object({
  uuid: z.string(),
  version: z.number().int(),
  status: z.enum(['accepted', 'duplicate', 'conflict', 'rejected']),
  reason: z.string().nullable(),
});
export const pushResponse = z.object({ results: z.array(pushResult), serverTime: z.string() });
export type PushResult = z.infer<typeof pushResult>;

export const verdictSchema = z.object({
  seq: z.number().int(),
  registrationUuid: z.string(),
  kind: z.enum(['accepted', 'rejected', 'piece_non_conforme']),
  reason: z.string().nullable(),
  pieceCode: z.string().nullable(),
  createdAt: z.string(),
});
export type Verdict = z.infer<typeof verdictSchema>;
export const verdictsResponse = z.object({ verdicts: z.array(verdictSchema), serverTime: z.string() });

export const catalogueResponse = z.union([
  z.object({ upToDate: z.literal(true), serverTime: z.string(), hqKeys: hqPublicKeys.optional() }),
  z.object({
    upToDate: z.literal(false),
    version: z.number().int(),
    catalogue: z.unknown(),
    serverTime: z.string(),
    hqKeys: hqPublicKeys.optional(),
  }),
]);

export const fileResponse = z.object({ status: z.enum(['stored', 'duplicate']), serverTime: z.string() });

export const setVerdictRequest = z.object({
  registrationUuid: z.string().uuid(),
  kind: z.enum(['accepted', 'rejected', 'piece_non_conforme']),
  reason: z.string().max(500).nullable().default(null),
  pieceCode: z.string().max(40).nullable().default(null),
});

/** An office HQ staff add (`POST /admin/offices`): its code is the one its workstations are set up with. */
export const addOfficeRequest = z.object({
  code: z.string().regex(OFFICE_CODE, 'office code: 2 to 6 capital letters or digits'),
  name: z.string().trim().min(1).max(120),
  region: z.string().trim().min(1).max(80),
});

/** Error bodies: `{ code, message }` with these codes. */
export const HQ_ERRORS = [
  'invalid_request',
  'token_invalid',
  'token_revoked',
  'code_invalid',
  'code_expired',
  'code_used',
  'workstation_active',
  'hash_mismatch',
  'not_found',
  'ambiguous_number',
  'not_a_registration',
  'piece_required',
  'piece_unknown',
  'piece_unexpected',
  'reason_required',
] as const;
