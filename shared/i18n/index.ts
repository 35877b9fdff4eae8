import { dossierEn } from './dossier.en';
import { dossierFr } from './dossier.fr';
import { en } from './en';
import { excelEn } from './excel.en';
import { excelFr } from './excel.fr';
import { fr } from './fr';
import { preregEn } from './prereg.en';
import { preregFr } from './prereg.fr';
import { printingEn } from './printing.en';
import { printingFr } from './printing.fr';
import { registrationEn } from './registration.en';
import { registrationFr } from './registration.fr';
import { syncEn } from './sync.en';
import { syncFr } from './sync.fr';
import { transferEn } from './transfer.en';
import { transferFr } from './transfer.fr';

type Tree = { [key: string]: string | Tree };

/** Each area keeps its own catalogue file; they meet here (a key defined twice is a mistake the i18n test catches). */
function merge<A extends object, B extends object>(a: A, b: B): A & B {
  const out: Tree = { ...(a as Tree) };
  for (const [k, v] of Object.entries(b as Tree)) {
    const prev = out[k];
    out[k] = typeof v === 'object' && typeof prev === 'object' ? merge(prev, v) : v;
  }
  return out as A & B;
}

export const messages = {
  fr: merge(
    merge(merge(merge(merge(merge(merge(fr, registrationFr), syncFr), printingFr), excelFr), dossierFr), transferFr),
    preregFr,
  ),
  en: merge(
    merge(merge(merge(merge(merge(merge(en, registrationEn), syncEn), printingEn), excelEn), dossierEn), transferEn),
    preregEn,
  ),
};
export type Locale = keyof typeof messages;
