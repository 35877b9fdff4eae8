import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/** E.164 for storage and sync; the national digits too, because that is what a clerk types in the search box. */
export function phoneForms(raw: string | null | undefined, region: string): { e164: string; national: string } | null {
  if (!raw?.trim()) return null;
  const parsed = parsePhoneNumberFromString(raw, region as CountryCode);
  if (!parsed) return { e164: raw.replace(/[^\d+]/g, ''), national: raw.replace(/\D/g, '') };
  return { e164: parsed.number, national: String(parsed.nationalNumber) };
}
