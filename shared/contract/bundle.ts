import { z } from 'zod';
import { verdictSchema } from './hq';

/**
 * The USB bundle, written by a workstation and read by headquarters (both halves need node:crypto,
 * so each side implements its half; the format is defined once, here).
 *
 *   MAGIC | u32BE header length | header JSON (clear: who sent it, for which HQ key)
 *   then chunks: u8 flags (1 = last) | u32BE ciphertext length | ciphertext | 16-byte GCM tag
 *
 * Key: X25519(ephemeral private, HQ public) → HKDF-SHA256(salt, INFO) → AES-256-GCM. Chunk n uses
 * nonce = 4 zero bytes + u64BE n and AAD = sha256(magic..header) + flags + u32BE n, so a changed,
 * reordered, dropped or cut chunk fails authentication and a bundle without its last chunk is truncated.
 *
 * The decrypted chunks form one stream of items `u8 type | u32BE length | bytes`: record batches,
 * then files (32-byte raw sha256 + content), then the manifest, then the workstation's Ed25519
 * signature over sha256(header digest + sha256(every item before the signature)).
 */
export const BUNDLE_MAGIC = 'GUICHETUSB1\n';
export const BUNDLE_HKDF_INFO = 'guichet-usb-bundle/1';
export const BUNDLE_CHUNK_BYTES = 1 << 20;
export const BUNDLE_ITEM = { records: 1, file: 2, manifest: 3, signature: 4 } as const;

const sha = z.string().regex(/^[0-9a-f]{64}$/);

export const bundleHeader = z.object({
  format: z.literal(1),
  office: z.string(),
  workstationId: z.string(),
  workstationCode: z.string(),
  createdAt: z.string(),
  /** First 32 hex of sha256 of HQ's X25519 public key (SPKI DER): says which key can open it. */
  recipientKeyId: z.string(),
  ephemeralPublicKey: z.string(),
  salt: z.string(),
});
export type BundleHeader = z.infer<typeof bundleHeader>;

export const bundleManifest = z.object({
  office: z.string(),
  workstationId: z.string(),
  workstationCode: z.string(),
  createdAt: z.string(),
  counts: z.object({ records: z.number().int(), files: z.number().int() }),
  /** sha256 of every record's payloadHash joined in bundle order. */
  recordsSha256: sha,
  files: z.array(sha),
  /** Files the records name that were not on the workstation: left for the network to send. */
  missingFiles: z.array(sha),
});
export type BundleManifest = z.infer<typeof bundleManifest>;

/** What HQ says back: signed with its Ed25519 key, not secret, so not encrypted. */
export const ACK_FORMAT = 'guichet-ack/1';
export const ackEntry = z.object({
  uuid: z.string(),
  version: z.number().int(),
  payloadHash: sha,
  status: z.enum(['accepted', 'duplicate', 'conflict', 'rejected']),
  reason: z.string().nullable(),
});
export const ackPayload = z.object({
  office: z.string(),
  workstationId: z.string(),
  createdAt: z.string(),
  entries: z.array(ackEntry),
  files: z.array(sha),
  verdicts: z.array(verdictSchema),
});
export type AckPayload = z.infer<typeof ackPayload>;
export const ackFile = z.object({
  format: z.literal(ACK_FORMAT),
  /** base64 of the payload JSON exactly as signed. */
  payload: z.string(),
  signature: z.string(),
});
