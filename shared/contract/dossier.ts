import { z } from 'zod';
import { channel } from './channel';

export const PIECE_STATUSES = ['manquante', 'recue', 'non_conforme', 'conforme', 'non_applicable'] as const;
export type PieceStatus = (typeof PIECE_STATUSES)[number];
export const DOSSIER_STATES = ['complet', 'incomplet'] as const;
export type DossierState = (typeof DOSSIER_STATES)[number];

/** The largest photo source src-main reads; the page shrinks bigger pictures before sending, when it can decode them. */
export const PHOTO_SOURCE_MAX_BYTES = 15_000_000;
/** No piece rule allows more; each piece's own limit (5 MB by default) is checked on the decoded bytes. */
const PIECE_MAX_BYTES = 50_000_000;

/** Files travel as base64 over the contract: the renderer never hands src-main a path. */
// No alphabet check: a regex over megabytes costs more than it buys, since src-main judges the
// decoded bytes by their content anyway (stray characters only make them unreadable). A refinement
// rather than .max(): its issue carries the limit in megabytes, which the sentence says.
const base64 = (maxBytes: number) =>
  z.string().refine((s) => s.length <= Math.ceil((maxBytes * 4) / 3) + 4, {
    message: 'file_too_large',
    params: { maxMb: maxBytes / 1_000_000 },
  });
const registrationId = z.string().uuid();
const pieceCode = z.string().regex(/^[A-Z0-9][A-Z0-9_-]{0,19}$/i, 'code');

export const dossierPieceSchema = z.object({
  code: z.string(),
  label: z.string(),
  mandatory: z.boolean(),
  formats: z.array(z.enum(['pdf', 'jpeg', 'png'])),
  maxBytes: z.number().int(),
  deadline: z.string().nullable(),
  status: z.enum(PIECE_STATUSES),
  comment: z.string().nullable(),
  file: z
    .object({ sha256: z.string(), name: z.string().nullable(), mime: z.string(), size: z.number().int() })
    .nullable(),
  updatedBy: z.string().nullable(),
  /** Who last set the piece's status, by the name people read; `updatedBy` is the login. */
  updatedByName: z.string().nullable(),
  updatedAt: z.string().nullable(),
});
export type DossierPiece = z.infer<typeof dossierPieceSchema>;

export const dossierSchema = z.object({
  registration: z.object({
    id: z.string(),
    number: z.string(),
    candidateId: z.string(),
    candidateName: z.string(),
    candidateNumber: z.string(),
    examCode: z.string(),
    examLabel: z.string(),
    category: z.string(),
    status: z.string(),
  }),
  state: z.enum(DOSSIER_STATES),
  pieces: z.array(dossierPieceSchema),
  photo: z.object({ sha256: z.string(), photoNumber: z.string().nullable(), updatedAt: z.string() }).nullable(),
  merged: z.object({ sha256: z.string(), createdAt: z.string() }).nullable(),
});
export type Dossier = z.infer<typeof dossierSchema>;

export const dossierListItemSchema = z.object({
  registrationId: z.string(),
  number: z.string(),
  candidateName: z.string(),
  candidateNumber: z.string(),
  examCode: z.string(),
  state: z.enum(DOSSIER_STATES),
});

export const dossierContract = {
  'dossier.get': channel({
    input: z.object({ registrationId }),
    output: dossierSchema,
    access: 'session',
  }),
  /** Registrations with their dossier state, newest first; `state` filters, `registrationNumber` looks one up. */
  'dossier.list': channel({
    input: z.object({
      state: z.enum(DOSSIER_STATES).optional(),
      examCode: z.string().max(20).optional(),
      limit: z.number().int().min(1).max(200).default(50),
    }),
    output: z.array(dossierListItemSchema),
    access: 'session',
  }),
  /** Checked in src-main (type by content, size, PDF readable and not encrypted, image re-encoded); the piece becomes "reçue". */
  'dossier.attach': channel({
    input: z.object({
      registrationId,
      pieceCode,
      fileName: z.string().trim().max(200).default(''),
      base64: base64(PIECE_MAX_BYTES),
    }),
    output: dossierSchema,
    access: 'session',
  }),
  'dossier.setStatus': channel({
    input: z.object({
      registrationId,
      pieceCode,
      status: z.enum(['non_conforme', 'conforme', 'non_applicable', 'recue']),
      comment: z.string().trim().max(500, 'too_long').nullable().default(null),
    }),
    output: dossierSchema,
    access: 'session',
  }),
  /** The exam photo, normalised to the session's spec; `photoNumber` is the studio's number when there is one. */
  'dossier.photo': channel({
    input: z.object({
      registrationId,
      base64: base64(PHOTO_SOURCE_MAX_BYTES),
      photoNumber: z.string().trim().max(30, 'too_long').nullable().default(null),
    }),
    output: dossierSchema,
    access: 'session',
  }),
  /** The bytes of a stored file of this dossier, for the preview. */
  'dossier.file': channel({
    input: z.object({ registrationId, sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
    output: z.object({ mime: z.string(), base64: z.string() }),
    access: 'session',
  }),
  /** One PDF: a cover page listing the pieces and their statuses, then every piece; stored by hash. */
  'dossier.merged': channel({
    input: z.object({ registrationId }),
    output: z.object({ sha256: z.string(), pages: z.number().int(), pdfBase64: z.string() }),
    access: 'session',
  }),
};

/** The tray's choice for "this scan is the exam photo"; no catalogue piece may use the code. */
export const PHOTO = '@PHOTO';

export const inboxItemSchema = z.object({
  id: z.string(),
  name: z.string(),
  size: z.number().int(),
  detectedAt: z.string(),
});
export type InboxItem = z.infer<typeof inboxItemSchema>;
const inboxState = z.object({ folder: z.string().nullable(), items: z.array(inboxItemSchema) });

/** The scanner inbox ("À classer"): finished scans in this workstation's folder, assigned in two clicks. */
export const inboxContract = {
  'inbox.get': channel({ input: z.object({}), output: inboxState, access: 'session' }),
  'inbox.configure': channel({
    input: z.object({ folder: z.string().trim().max(500, 'too_long').nullable() }),
    output: inboxState,
    access: ['administrator'],
  }),
  'inbox.file': channel({
    input: z.object({ itemId: z.string().max(64) }),
    output: z.object({ mime: z.string(), base64: z.string() }),
    access: 'session',
  }),
  'inbox.assign': channel({
    /** `pieceCode` PHOTO files the scan as the exam photo (a studio photo scanned at the counter). */
    input: z.object({ itemId: z.string().max(64), registrationId, pieceCode: z.union([pieceCode, z.literal(PHOTO)]) }),
    output: dossierSchema,
    access: 'session',
  }),
};
