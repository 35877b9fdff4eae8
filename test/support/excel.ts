import ExcelJS from 'exceljs';

export type Pupil = Record<string, string | Date | number | ExcelJS.CellValue>;

/** Letters only (names refuse digits): 0 → "Aa", 1 → "Ab"… */
export const lettersOf = (n: number) => {
  let s = '';
  for (let i = n + 26; i > 0; i = Math.floor(i / 26)) s = String.fromCharCode(97 + (i % 26)) + s;
  return s[0]!.toUpperCase() + s.slice(1);
};

/** A pupil of a collège for the BEPC of the Comoros demo catalogue; `n` makes the person unique. */
export const pupil = (n: number, over: Pupil = {}): Pupil => ({
  Nom: 'Ahamada',
  Prénoms: `Fatima ${lettersOf(n)}`,
  Sexe: n % 2 ? 'M' : 'F',
  'Date de naissance': new Date(Date.UTC(2011, n % 12, (n % 28) + 1)),
  'Lieu de naissance': 'Moroni',
  Nationalité: 'KM',
  'Nom du tuteur': 'Ahamada Ali',
  'Téléphone du tuteur': '+269 333 12 34',
  Catégorie: 'scolaire',
  'Centre d’examen': 'MOR-01',
  ...over,
});

export const BEPC = { sessionId: 'KM-2026', examCode: 'BEPC', etablissementCode: 'CMIT' };

/** Fills the office's template as a school would: values under the headers of the "Candidats" sheet. */
export async function fillTemplate(templateBase64: string, rows: (Pupil | null)[]): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(templateBase64, 'base64') as unknown as ArrayBuffer);
  const sheet = wb.getWorksheet('Candidats')!;
  const cols = new Map<string, number>();
  sheet.getRow(1).eachCell((c, i) => cols.set(String(c.value).replace(/ \*$/, ''), i));
  rows.forEach((p, i) => {
    if (!p) return;
    const row = sheet.getRow(i + 2);
    for (const [h, v] of Object.entries(p)) {
      const col = cols.get(h);
      if (!col) throw new Error(`no column ${h}`);
      row.getCell(col).value = v as ExcelJS.CellValue;
    }
  });
  return wb;
}

export const toBase64 = async (wb: ExcelJS.Workbook) => Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');

export async function readBack(base64: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(base64, 'base64') as unknown as ArrayBuffer);
  return wb;
}
