/**
 * Human numbers made offline. Two counters of one office never collide because the workstation
 * code is part of every number, and headquarters never renumbers.
 *
 *   N° candidat    MORG1-26-000123K    office MOR + workstation G1, year 26, local sequence 000123,
 *                                      check character K (ISO 7064 MOD 37-36 over "MORG126000123")
 *   N° inscription MORG1-26-000123K/002  the candidate's second registration (CYCLADES style)
 *   N° reçu        MORG1-R26-000045     receipts: own sequence per workstation and year, no gaps
 */

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** ISO 7064 MOD 37-36 (hybrid system): catches every single substitution and adjacent transposition. */
export function checkCharacter(body: string): string {
  let p = 36;
  for (const ch of body.toUpperCase()) {
    const v = ALPHABET.indexOf(ch);
    if (v < 0) throw new Error(`Not alphanumeric: ${ch}`);
    let s = (p + v) % 36;
    if (s === 0) s = 36;
    p = (s * 2) % 37;
  }
  return ALPHABET[(37 - p) % 36]!;
}

export interface NumberParts {
  officeCode: string;
  workstationCode: string;
  year: number;
  sequence: number;
}

const yy = (year: number) => String(year % 100).padStart(2, '0');

export function makeCandidateNumber(p: NumberParts): string {
  const seq = String(p.sequence).padStart(6, '0');
  if (seq.length > 6) throw new Error('Candidate sequence exhausted for this year');
  const body = `${p.officeCode}${p.workstationCode}${yy(p.year)}${seq}`;
  return `${p.officeCode}${p.workstationCode}-${yy(p.year)}-${seq}${checkCharacter(body)}`;
}

const CANDIDATE = /^([A-Z0-9]{3,9})-(\d{2})-(\d{6})([0-9A-Z])$/;

export function parseCandidateNumber(
  raw: string,
):
  { ok: true; prefix: string; year: number; sequence: number } | { ok: false; code: 'number_format' | 'number_check' } {
  const m = CANDIDATE.exec(raw.trim().toUpperCase());
  if (!m) return { ok: false, code: 'number_format' };
  const [, prefix, year, seq, check] = m as unknown as [string, string, string, string, string];
  if (checkCharacter(`${prefix}${year}${seq}`) !== check) return { ok: false, code: 'number_check' };
  return { ok: true, prefix, year: 2000 + Number(year), sequence: Number(seq) };
}

export const registrationNumber = (candidateNumber: string, index: number) =>
  `${candidateNumber}/${String(index).padStart(3, '0')}`;

export const receiptNumber = (p: NumberParts) =>
  `${p.officeCode}${p.workstationCode}-R${yy(p.year)}-${String(p.sequence).padStart(6, '0')}`;

/** The collective receipt of a school's list: L for "liste", from a sequence of its own. */
export const groupReceiptNumber = (p: NumberParts) =>
  `${p.officeCode}${p.workstationCode}-L${yy(p.year)}-${String(p.sequence).padStart(6, '0')}`;

/** The workstation counters numbers are drawn from: each runs per year, in the `sequence` table. */
export type Counter = 'candidate' | 'receipt' | 'group';

/** The name of a counter's row in the workstation's `sequence` table: `candidate:2026`. */
export const sequenceName = (counter: Counter, year: number) => `${counter}:${year}`;

/** A number HQ receives, traced back to the counter that gave it: whose (prefix `MORG1`), which, which year, which value. */
export interface NumberOrigin {
  prefix: string;
  counter: Counter;
  year: number;
  sequence: number;
}

const RECEIPT = /^([A-Z0-9]{3,9})-([RL])(\d{2})-(\d{6,})$/;

/**
 * The counter behind a candidate, registration or receipt number, or null for anything else. A
 * registration number comes from its candidate's: the `/002` part counts that candidate's registrations only.
 */
export function originOf(number: string): NumberOrigin | null {
  const receipt = RECEIPT.exec(number);
  if (receipt) {
    const [, prefix, kind, year, seq] = receipt as unknown as [string, string, string, string, string];
    return { prefix, counter: kind === 'R' ? 'receipt' : 'group', year: 2000 + Number(year), sequence: Number(seq) };
  }
  const [candidate = '', index, ...more] = number.split('/');
  // Exactly as printed: the parser also takes what a clerk types (lower case, spaces).
  if (more.length || (index !== undefined && !/^\d{3}$/.test(index)) || candidate !== candidate.trim().toUpperCase())
    return null;
  const parsed = parseCandidateNumber(candidate);
  return parsed.ok
    ? { prefix: parsed.prefix, counter: 'candidate', year: parsed.year, sequence: parsed.sequence }
    : null;
}
