import type { PieceStatus } from '../../../shared/contract/dossier';

/** What a printed document shows; built from the database by the printing service, rendered by pure functions. */
export interface OfficeHeader {
  code: string;
  name: string;
  region: string;
  sessionLabel: string;
}

export interface FicheData {
  office: OfficeHeader;
  candidate: {
    number: string;
    surname: string;
    givenNames: string;
    /** Printed only when the candidate has one, under the birth name it never replaces. */
    usageName?: string | null;
    sex: 'M' | 'F';
    birthDate: string;
    birthPlace: string;
    birthCountry?: string | null;
    /** Its « 014 - Calvados » line only for a candidate born in France who gave it. */
    birthDepartment?: string | null;
    nationality: string;
    idType: string | null;
    idNumber: string | null;
    /** The récapitulatif's « Situation du candidat » (INSEE PCS group); the fiche does not print it. */
    socioCategory?: string | null;
  };
  registration: {
    number: string;
    version: number;
    exam: string;
    series: string | null;
    category: string;
    centre: string;
    etablissement: string | null;
    epreuves: { label: string; status: 'obligatoire' | 'facultative' | 'acquis' | 'dispense' }[];
    accommodations: string | null;
    /** The online pre-registration it converts (PRE-26-000123), when there is one. */
    preregistrationNumber?: string | null;
  };
  printedAt: string;
  clerk: string;
  /** JPEG bytes of the exam photo, or null: the box then says where to glue one. */
  photo: Buffer | null;
  /** The photo's hash in the dossier store: what the fiche's content hash counts instead of the bytes. */
  photoSha256: string | null;
  missingPieces: { label: string; deadline: string | null }[];
}

export interface ReceiptData {
  office: OfficeHeader;
  receiptNumber: string;
  date: string;
  clerk: string;
  candidateName: string;
  candidateNumber: string;
  registrationNumber: string;
  exam: string;
  amount: string;
  mode: 'cash' | 'mobile_money' | 'exempt';
  operator: string | null;
  reference: string | null;
  exemptionReason: string | null;
  /** The collective receipt the school took away, when this fee was paid under one. */
  groupNumber: string | null;
  /** `at`: when the receipt was cancelled (not when it was paid). */
  cancellation: { reason: string; by: string; at: string | null } | null;
}

export interface SchoolReceiptData {
  office: OfficeHeader;
  groupNumber: string;
  date: string;
  clerk: string;
  etablissement: string;
  exam: string;
  mode: 'cash' | 'mobile_money';
  operator: string | null;
  reference: string | null;
  rows: { name: string; registration: string; receipt: string; amount: string; cancelled: boolean }[];
  total: string;
  paidCount: number;
  cancelledCount: number;
}

/** Amounts per payment mode, already formatted for print (the service sums integers, the document only lays out). */
export interface RecapRow {
  label: string;
  receipts: number;
  cancelled: number;
  cash: string;
  mobileMoney: string;
  exempt: string;
  collected: string;
}

export interface RecapData {
  office: OfficeHeader;
  day: string;
  printedAt: string;
  clerk: string;
  byClerk: RecapRow[];
  byExam: (RecapRow & { registrations: number })[];
  total: RecapRow;
  closes: { clerk: string; state: string }[];
}

export interface CentreListData {
  office: OfficeHeader;
  printedAt: string;
  examLabel: string | null;
  centres: {
    code: string;
    name: string;
    town: string;
    candidates: { number: string; name: string; birthDate: string; exam: string; registration: string }[];
  }[];
}

/** A registration whose dossier still lacks something the candidate has to bring. */
export interface ReminderRow {
  registration: string;
  name: string;
  phone: string | null;
  exam: string;
  missing: { label: string; deadline: string | null; status: PieceStatus }[];
  photoMissing: boolean;
}

export interface ReminderData {
  office: OfficeHeader;
  printedAt: string;
  examLabel: string | null;
  rows: ReminderRow[];
}

export interface ConfirmationData {
  office: OfficeHeader;
  printedAt: string;
  clerk: string;
  candidate: FicheData['candidate'];
  registration: FicheData['registration'] & { registrationVersion: number; versionDate: string };
  fee: { amount: string; paid: { receiptNumber: string; date: string } | null };
  /** When the exam's registration window closes: the last day a change can be asked for. */
  changesUntil: string | null;
  /** A withdrawn registration's reason: the confirmation then attests the désinscription. */
  withdrawnReason: string | null;
  pieces: { label: string; mandatory: boolean; deadline: string | null; status: PieceStatus }[];
  /** JPEG bytes of the exam photo from the dossier, or null. */
  photo: Buffer | null;
}
