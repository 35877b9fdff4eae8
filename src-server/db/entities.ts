import { EntitySchema } from 'typeorm';

/*
 * Headquarters tables. Column types are the ones both SQLite and PostgreSQL accept, and every
 * query goes through TypeORM's repositories, so the same code runs on either.
 */
export interface HqOffice {
  code: string;
  name: string;
  region: string;
  createdAt: string;
}
export const HqOfficeEntity = new EntitySchema<HqOffice>({
  name: 'hq_office',
  columns: {
    code: { type: 'varchar', length: 10, primary: true },
    name: { type: 'varchar', length: 200 },
    region: { type: 'varchar', length: 200 },
    createdAt: { type: 'varchar', length: 30, name: 'created_at' },
  },
});

export interface EnrolmentCode {
  codeHash: string;
  officeCode: string;
  expiresAt: string;
  usedAt: string | null;
}
export const EnrolmentCodeEntity = new EntitySchema<EnrolmentCode>({
  name: 'enrolment_code',
  columns: {
    codeHash: { type: 'varchar', length: 64, primary: true, name: 'code_hash' },
    officeCode: { type: 'varchar', length: 10, name: 'office_code' },
    expiresAt: { type: 'varchar', length: 30, name: 'expires_at' },
    usedAt: { type: 'varchar', length: 30, name: 'used_at', nullable: true },
  },
});

export interface HqWorkstation {
  id: string;
  officeCode: string;
  code: string;
  tokenHash: string;
  revoked: boolean;
  enrolledAt: string;
  /** Ed25519 public key (PEM) the workstation signs its USB bundles with; null if enrolled before USB transfer. */
  signingPublicKey?: string | null;
  /** Its last request over the network, at most a minute late; null before the first. */
  lastSeenAt?: string | null;
}
export const HqWorkstationEntity = new EntitySchema<HqWorkstation>({
  name: 'hq_workstation',
  columns: {
    id: { type: 'varchar', length: 36, primary: true },
    officeCode: { type: 'varchar', length: 10, name: 'office_code' },
    code: { type: 'varchar', length: 10 },
    tokenHash: { type: 'varchar', length: 64, name: 'token_hash', unique: true },
    revoked: { type: 'boolean', default: false },
    enrolledAt: { type: 'varchar', length: 30, name: 'enrolled_at' },
    signingPublicKey: { type: 'text', name: 'signing_public_key', nullable: true },
    lastSeenAt: { type: 'varchar', length: 30, name: 'last_seen_at', nullable: true },
  },
});

export interface HqCatalogue {
  version: number;
  json: string;
  publishedAt: string;
}
export const HqCatalogueEntity = new EntitySchema<HqCatalogue>({
  name: 'hq_catalogue',
  columns: {
    version: { type: 'integer', primary: true },
    json: { type: 'text' },
    publishedAt: { type: 'varchar', length: 30, name: 'published_at' },
  },
});

export interface HqRecord {
  uuid: string;
  version: number;
  entity: string;
  payloadHash: string;
  payloadJson: string;
  officeCode: string;
  workstationId: string;
  receivedAt: string;
}
export const HqRecordEntity = new EntitySchema<HqRecord>({
  name: 'hq_record',
  columns: {
    uuid: { type: 'varchar', length: 36, primary: true },
    version: { type: 'integer', primary: true },
    entity: { type: 'varchar', length: 40 },
    payloadHash: { type: 'varchar', length: 64, name: 'payload_hash' },
    payloadJson: { type: 'text', name: 'payload_json' },
    officeCode: { type: 'varchar', length: 10, name: 'office_code' },
    workstationId: { type: 'varchar', length: 36, name: 'workstation_id' },
    receivedAt: { type: 'varchar', length: 30, name: 'received_at' },
  },
});

export interface HqConflict {
  id: string;
  uuid: string;
  version: number;
  payloadHash: string;
  payloadJson: string;
  workstationId: string;
  receivedAt: string;
}
export const HqConflictEntity = new EntitySchema<HqConflict>({
  name: 'hq_conflict',
  columns: {
    id: { type: 'varchar', length: 36, primary: true },
    uuid: { type: 'varchar', length: 36 },
    version: { type: 'integer' },
    payloadHash: { type: 'varchar', length: 64, name: 'payload_hash' },
    payloadJson: { type: 'text', name: 'payload_json' },
    workstationId: { type: 'varchar', length: 36, name: 'workstation_id' },
    receivedAt: { type: 'varchar', length: 30, name: 'received_at' },
  },
});

export interface HqFile {
  sha256: string;
  size: number;
  storedAt: string;
}
export const HqFileEntity = new EntitySchema<HqFile>({
  name: 'hq_file',
  columns: {
    sha256: { type: 'varchar', length: 64, primary: true },
    size: { type: 'integer' },
    storedAt: { type: 'varchar', length: 30, name: 'stored_at' },
  },
});

export interface HqVerdict {
  seq: number;
  registrationUuid: string;
  officeCode: string;
  kind: 'accepted' | 'rejected' | 'piece_non_conforme';
  reason: string | null;
  pieceCode: string | null;
  createdAt: string;
}
export const HqVerdictEntity = new EntitySchema<HqVerdict>({
  name: 'hq_verdict',
  columns: {
    seq: { type: 'integer', primary: true, generated: 'increment' },
    registrationUuid: { type: 'varchar', length: 36, name: 'registration_uuid' },
    officeCode: { type: 'varchar', length: 10, name: 'office_code' },
    kind: { type: 'varchar', length: 30 },
    reason: { type: 'varchar', length: 500, nullable: true },
    pieceCode: { type: 'varchar', length: 40, name: 'piece_code', nullable: true },
    createdAt: { type: 'varchar', length: 30, name: 'created_at' },
  },
});

/** HQ's own key pairs (USB transfer): 'encryption' (X25519) and 'signing' (Ed25519). */
export interface HqKey {
  name: string;
  privatePem: string;
  publicPem: string;
  createdAt: string;
}
export const HqKeyEntity = new EntitySchema<HqKey>({
  name: 'hq_key',
  columns: {
    name: { type: 'varchar', length: 40, primary: true },
    privatePem: { type: 'text', name: 'private_pem' },
    publicPem: { type: 'text', name: 'public_pem' },
    createdAt: { type: 'varchar', length: 30, name: 'created_at' },
  },
});

/**
 * A pre-registration made online. `seq` orders them for the offices' cursor; the converted_*
 * columns say which workstation turned it into which registration, so a second conversion is caught.
 */
export interface HqPrereg {
  seq: number;
  number: string;
  region: string;
  officeCode: string | null;
  json: string;
  createdAt: string;
  importedAt: string;
  convertedBy: string | null;
  convertedRegistrationUuid: string | null;
  convertedRegistrationNumber: string | null;
  convertedAt: string | null;
}
export const HqPreregEntity = new EntitySchema<HqPrereg>({
  name: 'hq_prereg',
  columns: {
    seq: { type: 'integer', primary: true, generated: 'increment' },
    number: { type: 'varchar', length: 20, unique: true },
    region: { type: 'varchar', length: 200 },
    officeCode: { type: 'varchar', length: 10, name: 'office_code', nullable: true },
    json: { type: 'text' },
    createdAt: { type: 'varchar', length: 30, name: 'created_at' },
    importedAt: { type: 'varchar', length: 30, name: 'imported_at' },
    convertedBy: { type: 'varchar', length: 36, name: 'converted_by', nullable: true },
    convertedRegistrationUuid: { type: 'varchar', length: 36, name: 'converted_registration_uuid', nullable: true },
    convertedRegistrationNumber: { type: 'varchar', length: 40, name: 'converted_registration_number', nullable: true },
    convertedAt: { type: 'varchar', length: 30, name: 'converted_at', nullable: true },
  },
});

/**
 * Every workstation-made number HQ holds (candidate, registration, receipt), with the counter it
 * came from: a number names one record (intake refuses it for another), and a machine enrolled under
 * a workstation code continues that code's counters from here.
 */
export interface HqNumber {
  number: string;
  /** The record it names; for a collective receipt's number, the first payment received with it. */
  uuid: string;
  /** Office and workstation codes, as the number starts: `MORG1`. */
  prefix: string;
  counter: 'candidate' | 'receipt' | 'group';
  year: number;
  sequence: number;
  receivedAt: string;
}
export const HqNumberEntity = new EntitySchema<HqNumber>({
  name: 'hq_number',
  columns: {
    number: { type: 'varchar', length: 40, primary: true },
    uuid: { type: 'varchar', length: 36 },
    prefix: { type: 'varchar', length: 20 },
    counter: { type: 'varchar', length: 20 },
    year: { type: 'integer' },
    sequence: { type: 'integer' },
    receivedAt: { type: 'varchar', length: 30, name: 'received_at' },
  },
});

export const hqEntities = [
  HqKeyEntity,
  HqOfficeEntity,
  EnrolmentCodeEntity,
  HqWorkstationEntity,
  HqCatalogueEntity,
  HqRecordEntity,
  HqConflictEntity,
  HqFileEntity,
  HqVerdictEntity,
  HqPreregEntity,
  HqNumberEntity,
];
