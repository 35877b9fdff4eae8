import type ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeApp, type TestApp } from '../support/app';
import { readPdf } from '../support/pdf';
import { moneyFormat } from '../../src-main/modules/excel/export';
import { BEPC, fillTemplate, pupil, readBack, toBase64 } from '../support/excel';
import { bacSubmission } from '../support/submissions';

let t: TestApp;
let template: string;

beforeEach(async () => {
  t = await makeApp({ now: '2026-03-02T08:00:00Z' });
  await t.login();
  template = (await t.must('excel.template', BEPC)).base64;
});
afterEach(() => t.close());

describe('the template', () => {
  it('has French headers, lists, typed dates, a frozen header and instructions', async () => {
    const wb = await readBack(template);
    const sheet = wb.getWorksheet('Candidats')!;
    const headers = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(headers.slice(0, 4)).toEqual(['Nom *', 'Prénoms *', 'Sexe *', 'Date de naissance *']);
    expect(headers).toContain('Centre d’examen *');
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getColumn(4).numFmt).toBe('dd/mm/yyyy');
    expect(sheet.getColumn(1).width).toBeGreaterThan(15);
    const validations = (
      sheet as unknown as { dataValidations: { model: Record<string, { type: string; formulae: string[] }> } }
    ).dataValidations.model;
    expect(validations['C2']).toMatchObject({ type: 'list' });
    expect(validations['D2']).toMatchObject({ type: 'date' });
    const lists = wb.getWorksheet('Listes')!;
    expect([lists.getCell('C2').value, lists.getCell('C3').value]).toEqual(['M', 'F']);
    // The office's region only: a school registers with the office of its region.
    const centre = headers.indexOf('Centre d’examen *') + 1;
    expect([2, 3, 4].map((r) => lists.getRow(r).getCell(centre).value)).toEqual([
      'Lycée Saïd Mohamed Cheikh — Moroni (MOR-01)',
      'Collège de Mitsamiouli — Mitsamiouli (MOR-02)',
      null,
    ]);
    // Nationality: every country by its French name, a warning (not a refusal) for a code typed by hand.
    const nationality = headers.indexOf('Nationalité *') + 1;
    const countries = lists.getColumn(nationality).values.slice(2);
    expect(countries).toContain('Comores');
    expect(countries.length).toBeGreaterThan(240);
    const letter = String.fromCharCode(64 + nationality);
    expect(validations[`${letter}2`]).toMatchObject({
      type: 'list',
      errorStyle: 'warning',
      formulae: [`Listes!$${letter}$2:$${letter}$${countries.length + 1}`],
    });
    const instructions = wb.getWorksheet('Instructions')!;
    expect(instructions.getCell('B2').value).toBe("Brevet d'études du premier cycle (BEPC)");
  });
});

describe('the template’s lists', () => {
  it('offers ID types in French and centres by name, and reads back the name or the code as the code', async () => {
    const wb = await readBack(template);
    const headers = (wb.getWorksheet('Candidats')!.getRow(1).values as unknown[]).slice(1);
    const lists = wb.getWorksheet('Listes')!;
    const offered = (header: string) =>
      (lists.getColumn(headers.indexOf(header) + 1).values.slice(2) as string[]).filter(Boolean);
    expect(offered('Type de pièce')).toEqual(['CNIE (Maroc)', 'NIN (Comores)', 'CNI (France)', 'Passeport', 'Autre']);
    expect(offered('Centre d’examen *')).toEqual([
      'Lycée Saïd Mohamed Cheikh — Moroni (MOR-01)',
      'Collège de Mitsamiouli — Mitsamiouli (MOR-02)',
    ]);
    expect(offered('Catégorie *')).toEqual(['Scolaire', 'Individuel (candidat libre)', 'Redoublant']);
    // The Instructions sheet says what each name stands for, with the codes a school may type instead.
    const instructions = wb.getWorksheet('Instructions')!;
    const line = (header: string) => {
      let found = '';
      instructions.eachRow((row) => {
        if (row.getCell(1).value === header) found = String(row.getCell(2).value);
      });
      return found;
    };
    expect(line('Type de pièce')).toBe(
      'Si le candidat a une pièce d’identité. Valeurs : CNIE (Maroc), NIN (Comores), CNI (France), Passeport, Autre.' +
        ' Le code est lu aussi : CNIE pour CNIE (Maroc), NIN_KM pour NIN (Comores), CNI_FR pour CNI (France), PASSPORT pour Passeport, OTHER pour Autre.',
    );
    expect(line('Centre d’examen *')).toBe(
      'Le centre où le candidat composera. Valeurs : Lycée Saïd Mohamed Cheikh — Moroni (MOR-01), Collège de Mitsamiouli — Mitsamiouli (MOR-02).',
    );
    expect(line('Type de pièce')).not.toMatch(/PASSPORT,|OTHER\./);

    const file = await toBase64(
      await fillTemplate(template, [
        pupil(0, {
          'Type de pièce': 'Passeport',
          'N° de pièce': 'AB123456',
          'Centre d’examen': 'Collège de Mitsamiouli — Mitsamiouli (MOR-02)',
          Catégorie: 'Scolaire',
        }),
        // A list filled from an older template, or from an export, holds the codes.
        pupil(1, { 'Type de pièce': 'nin_km', 'N° de pièce': 'KM7654321', 'Centre d’examen': 'MOR-01' }),
        pupil(2, { 'Type de pièce': 'Carte', 'N° de pièce': 'X12345', 'Centre d’examen': 'Mitsamiouli' }),
      ]),
    );
    const p = await t.must('excel.preview', { ...BEPC, fileBase64: file });
    expect(p.rows[2]!.errors.map((e) => e.message)).toEqual([
      'Type de pièce : valeur « Carte » absente de la liste (CNIE (Maroc), NIN (Comores), CNI (France), Passeport, Autre).',
      'Centre d’examen : valeur « Mitsamiouli » absente de la liste (Lycée Saïd Mohamed Cheikh — Moroni (MOR-01), Collège de Mitsamiouli — Mitsamiouli (MOR-02)).',
    ]);
    expect(await t.must('excel.commit', { ...BEPC, fileBase64: file, mode: 'valid-only' })).toMatchObject({
      imported: 2,
    });
    expect(
      await t.app.store.em.query(
        `SELECT c.id_type, c.id_number, r.centre_code, r.category FROM registration r
           JOIN candidate c ON c.id = r.candidate_id ORDER BY c.id_number`,
      ),
    ).toEqual([
      { id_type: 'PASSPORT', id_number: 'AB123456', centre_code: 'MOR-02', category: 'scolaire' },
      { id_type: 'NIN_KM', id_number: 'KM7654321', centre_code: 'MOR-01', category: 'scolaire' },
    ]);
  });
});

describe('the error report', () => {
  it('is the school’s workbook with an "Erreurs" column and the faulty cells in red', async () => {
    const file = await toBase64(await fillTemplate(template, [pupil(0), pupil(1, { Sexe: 'X' })]));
    const report = await readBack((await t.must('excel.errorReport', { ...BEPC, fileBase64: file })).base64);
    const sheet = report.getWorksheet('Candidats')!;
    const col = (sheet.getRow(1).values as unknown[]).indexOf('Erreurs');
    expect(col).toBeGreaterThan(0);
    expect(sheet.getRow(2).getCell(col).value).toBeNull();
    expect(sheet.getRow(3).getCell(col).value).toBe('Sexe : valeur « X » absente de la liste (M, F).');
    expect(sheet.getCell('C3').fill).toMatchObject({ pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } });
    expect(sheet.getCell('A3').value).toBe('Ahamada');
    // The school's drop-down lists are still there to correct the row with.
    const validations = (sheet as unknown as { dataValidations: { model: Record<string, { type: string }> } })
      .dataValidations.model;
    expect(validations['C3']).toMatchObject({ type: 'list' });
  });

  it('fills only the faulty cells, and keeps the template’s own formats and drop-down lists', async () => {
    // Cells read from a file share one style object per format: a fill set on one used to paint them all.
    const rows = Array.from({ length: 8 }, (_, i) => pupil(i));
    rows[7] = pupil(7, { Nom: '' });
    rows[3] = pupil(3, { 'Date de naissance': new Date(Date.UTC(2020, 0, 1)) });
    const file = await toBase64(await fillTemplate(template, rows));
    const report = await readBack((await t.must('excel.errorReport', { ...BEPC, fileBase64: file })).base64);
    const sheet = report.getWorksheet('Candidats')!;
    const red = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } };
    const isRed = (address: string) => JSON.stringify(sheet.getCell(address).fill ?? null).includes('FFFFC7CE');
    expect(sheet.getCell('A9').fill).toMatchObject(red);
    expect(sheet.getCell('D5').fill).toMatchObject(red);
    const painted = [];
    for (let r = 2; r <= 9; r++)
      for (let c = 1; c <= 20; c++) {
        const address = sheet.getRow(r).getCell(c).address;
        if (isRed(address)) painted.push(address);
      }
    expect(painted).toEqual(['D5', 'A9']);
    // The school's date cells keep their format, its text cells theirs, and the drop-down lists stay.
    expect(sheet.getCell('D2').numFmt).toBe('dd/mm/yyyy');
    expect(sheet.getCell('D5').numFmt).toBe('dd/mm/yyyy');
    expect(sheet.getCell('A9').numFmt).toBe('@');
    expect(sheet.getCell('A3').numFmt).toBe('@');
    expect(sheet.getCell('A1').fill).toMatchObject({ fgColor: { argb: 'FFDCE6F1' } });
    const validations = (sheet as unknown as { dataValidations: { model: Record<string, { type: string }> } })
      .dataValidations.model;
    expect(validations['C9']).toMatchObject({ type: 'list' });
    expect(validations['D5']).toMatchObject({ type: 'date' });
    const errorsCol = (sheet.getRow(1).values as unknown[]).indexOf('Erreurs');
    expect(sheet.getRow(9).getCell(errorsCol).value).toBe('Nom : Ce champ est obligatoire.');
    expect(sheet.getRow(5).getCell(errorsCol).value).toMatch(/^Date de naissance : Le candidat a 6 ans/);
  });
});

describe('exports', () => {
  beforeEach(async () => {
    const rows = [
      pupil(0, { Téléphone: '+269 333 10 25' }),
      pupil(1, { 'Lieu de naissance': '=HYPERLINK("http://x.example","clic")' }),
      pupil(2),
    ];
    await t.must('excel.commit', {
      ...BEPC,
      fileBase64: await toBase64(await fillTemplate(template, rows)),
      mode: 'valid-only',
    });
  });

  it('writes registrations to .xlsx that reads back with the same values, filters and a frozen header', async () => {
    const out = await t.must('excel.export', { kind: 'registrations', format: 'xlsx', examCode: 'BEPC' });
    expect(out.rows).toBe(3);
    const sheet = (await readBack(out.base64)).getWorksheet('Inscriptions')!;
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.autoFilter).toBeTruthy();
    const list = await t.must('registrations.list', { examCode: 'BEPC', limit: 10 });
    const byNumber = new Map(list.items.map((r) => [r.number, r]));
    const headers = sheet.getRow(1).values as unknown[];
    const at = (row: ExcelJS.Row, header: string) => row.getCell(headers.indexOf(header)).value;
    for (let r = 2; r <= 4; r++) {
      const row = sheet.getRow(r);
      const reg = byNumber.get(at(row, 'N° inscription') as string)!;
      expect(reg).toBeTruthy();
      expect(`${at(row, 'Nom')} ${at(row, 'Prénoms')}`).toBe(reg.candidateName);
      // No pupil of a school list has a name in use, nor (here) a birth country.
      expect(at(row, 'Nom d’usage')).toBeNull();
      expect(at(row, 'Pays de naissance')).toBeNull();
      expect(at(row, 'Nationalité')).toBe('Comores');
      expect(at(row, 'Examen')).toBe('BEPC');
      expect(at(row, 'Statut')).toBe('Inscrit');
      expect(at(row, 'Date de naissance')).toBeInstanceOf(Date);
    }
    // A workbook's text cell is never evaluated: values come back exactly as stored, without an apostrophe,
    // and the formula-like ones are in the Text format (@), so Excel keeps them text when someone edits them.
    const cellOf = (header: string, value: string) => {
      for (let r = 2; r <= 4; r++) {
        const cell = sheet.getRow(r).getCell(headers.indexOf(header));
        if (cell.value === value) return cell;
      }
      throw new Error(`no ${header} ${value}: ${[2, 3, 4].map((r) => at(sheet.getRow(r), header)).join(', ')}`);
    };
    const phone = cellOf('Téléphone', '+2693331025');
    const place = cellOf('Lieu de naissance', '=HYPERLINK("http://x.example","clic")');
    const plain = cellOf('Lieu de naissance', 'Moroni');
    for (const cell of [phone, place, plain]) {
      expect(cell.type).toBe(3); // ExcelJS.ValueType.String: text, not a formula
      expect(cell.formula).toBeUndefined();
    }
    expect([phone.numFmt, place.numFmt]).toEqual(['@', '@']);
    expect(plain.numFmt).not.toBe('@');
  });

  it('puts the names the screens show beside the codes, in registrations, dossiers and payments', async () => {
    const [reg] = (await t.must('registrations.list', { limit: 1 })).items;
    await t.must('payments.take', { registrationId: reg!.id, mode: 'cash' });
    const sheetOf = async (kind: 'registrations' | 'dossiers' | 'payments', name: string) => {
      const sheet = (await readBack((await t.must('excel.export', { kind, format: 'xlsx' })).base64)).getWorksheet(
        name,
      )!;
      const headers = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
      const row = sheet.getRow(2).values as unknown[];
      return { headers, at: (h: string) => row[headers.indexOf(h) + 1] ?? null };
    };
    const exam = { Examen: 'BEPC', 'Intitulé de l’examen': "Brevet d'études du premier cycle" };
    const place = {
      Établissement: 'CMIT',
      'Nom de l’établissement': 'Collège de Mitsamiouli',
      Centre: 'MOR-01',
      'Nom du centre': 'Lycée Saïd Mohamed Cheikh',
    };
    const registrations = await sheetOf('registrations', 'Inscriptions');
    for (const [h, v] of Object.entries({
      ...exam,
      ...place,
      Catégorie: 'scolaire',
      'Libellé de la catégorie': 'Scolaire',
      Série: null,
      'Intitulé de la série': null,
    }))
      expect([h, registrations.at(h)]).toEqual([h, v]);
    // Each name sits right after its code, which keeps its header for the filters and imports that use it.
    for (const code of ['Examen', 'Série', 'Catégorie', 'Établissement', 'Centre'])
      expect(registrations.headers[registrations.headers.indexOf(code) + 1]).toMatch(/^(Intitulé|Libellé|Nom)/);
    const dossiers = await sheetOf('dossiers', 'Dossiers');
    for (const [h, v] of Object.entries({ ...exam, ...place })) expect([h, dossiers.at(h)]).toEqual([h, v]);
    const payments = await sheetOf('payments', 'Paiements');
    for (const [h, v] of Object.entries(exam)) expect([h, payments.at(h)]).toEqual([h, v]);
  });

  it('gives CYCLADES’s birth department and socio-professional category by name, in .xlsx and CSV', async () => {
    const input = bacSubmission(0);
    input.identity = { ...input.identity!, birthPlace: 'Caen', birthCountry: 'fr', birthDepartment: '014' };
    input.identity.socioCategory = '5';
    const { registration } = await t.must('registrations.submit', input);
    const DEPARTMENT = 'Département de naissance';
    const CATEGORY = 'Catégorie socio-professionnelle';

    const sheet = (
      await readBack((await t.must('excel.export', { kind: 'registrations', format: 'xlsx' })).base64)
    ).getWorksheet('Inscriptions')!;
    const headers = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
    // Beside the birth country and after the phone, the other columns keeping their headers.
    expect(headers.slice(headers.indexOf('Pays de naissance'), headers.indexOf('Pays de naissance') + 2)).toEqual([
      'Pays de naissance',
      DEPARTMENT,
    ]);
    expect(headers[headers.indexOf(CATEGORY) - 1]).toBe('Téléphone');
    const byNumber = new Map<string, unknown[]>();
    for (let r = 2; r <= 5; r++) {
      const row = (sheet.getRow(r).values as unknown[]).slice(1);
      byNumber.set(row[headers.indexOf('N° inscription')] as string, row);
    }
    const at = (number: string, header: string) => byNumber.get(number)![headers.indexOf(header)] ?? null;
    expect([at(registration.number, DEPARTMENT), at(registration.number, CATEGORY)]).toEqual([
      '014 - Calvados',
      'Employés',
    ]);
    // The school's pupils gave neither: the cells are empty, not a code or a dash.
    const pupils = [...byNumber.keys()].filter((n) => n !== registration.number);
    expect(pupils.map((n) => [at(n, DEPARTMENT), at(n, CATEGORY)])).toEqual(pupils.map(() => [null, null]));

    const csv = await t.must('excel.export', { kind: 'registrations', format: 'csv' });
    const lines = Buffer.from(csv.base64, 'base64').toString('utf8').slice(1).trim().split('\r\n');
    const csvHeaders = lines[0]!.split(';');
    const line = lines.find((l) => l.startsWith(`${registration.number};`))!.split(';');
    expect([line[csvHeaders.indexOf(DEPARTMENT)], line[csvHeaders.indexOf(CATEGORY)]]).toEqual([
      '014 - Calvados',
      'Employés',
    ]);
  });

  it('writes CSV in UTF-8 with a BOM, semicolons, and formulas neutralised', async () => {
    const out = await t.must('excel.export', { kind: 'registrations', format: 'csv', etablissementCode: 'CMIT' });
    const bytes = Buffer.from(out.base64, 'base64');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).trim().split('\r\n');
    expect(lines[0]!.startsWith('N° inscription;N° candidat;Nom;Prénoms;Nom d’usage;Sexe;Date de naissance')).toBe(
      true,
    );
    expect(lines).toHaveLength(4);
    expect(lines.join('\n')).toContain(';"\'=HYPERLINK(""http://x.example"",""clic"")";');
    expect(lines.join('\n')).toContain(";'+2693331025;");
    expect(lines.every((l) => !l.split(';').some((c) => /^[=+\-@]/.test(c)))).toBe(true);
  });

  it('filters by status and exports payments', async () => {
    expect((await t.must('excel.export', { kind: 'registrations', format: 'xlsx', status: 'withdrawn' })).rows).toBe(0);
    const [reg] = (await t.must('registrations.list', { limit: 1 })).items;
    await t.must('payments.take', { registrationId: reg!.id, mode: 'cash' });
    const out = await t.must('excel.export', { kind: 'payments', format: 'xlsx' });
    const sheet = (await readBack(out.base64)).getWorksheet('Paiements')!;
    const headers = sheet.getRow(1).values as unknown[];
    const at = (header: string) => sheet.getRow(2).getCell(headers.indexOf(header)).value;
    expect(at('N° inscription')).toBe(reg!.number);
    expect(at('Montant encaissé')).toBe(5000);
    expect(at('Mode')).toBe('Espèces');
  });

  it('exports payments whose amounts sum to the day’s takings, exemptions with their reason and supervisor', async () => {
    await t.addUser({ username: 'clerk1', displayName: 'Guichetier', role: 'clerk', password: 'Clerk#2026' });
    await t.addUser({ username: 'chef', displayName: 'Superviseur', role: 'supervisor', password: 'Visa#2026' });
    const SUP = { username: 'chef', password: 'Visa#2026' };
    const regs = (await t.must('registrations.list', { limit: 3 })).items;
    await t.login('clerk1', 'Clerk#2026');
    const wrong = await t.must('payments.take', { registrationId: regs[0]!.id, mode: 'cash' });
    await t.must('payments.cancel', { paymentId: wrong.id, reason: 'Erreur de saisie', supervisor: SUP });
    await t.must('payments.take', { registrationId: regs[0]!.id, mode: 'cash' });
    await t.must('payments.take', {
      registrationId: regs[1]!.id,
      mode: 'mobile_money',
      operator: 'HOLO',
      reference: 'T1',
    });
    await t.must('payments.take', {
      registrationId: regs[2]!.id,
      mode: 'exempt',
      exemptionReason: 'Pupille de la nation',
      supervisor: SUP,
    });
    const { expected } = await t.must('cash.summary', { day: '2026-03-02' });
    expect(expected.cash + expected.mobile_money).toBe(10_000);

    await t.login();
    const recap = readPdf((await t.must('printing.recap', { day: '2026-03-02' })).pdfBase64).text();
    expect(recap).toMatch(/Total\s+3\s+1\s+5\s000\s+KMF\s+5\s000\s+KMF\s+5\s000\s+KMF\s+10\s000\s+KMF/);

    const out = await t.must('excel.export', { kind: 'payments', format: 'xlsx' });
    const sheet = (await readBack(out.base64)).getWorksheet('Paiements')!;
    const headers = sheet.getRow(1).values as unknown[];
    const rows = [2, 3, 4, 5].map((r) => {
      const at = (header: string) => sheet.getRow(r).getCell(headers.indexOf(header)).value;
      return {
        mode: at('Mode'),
        status: at('Statut'),
        collected: at('Montant encaissé'),
        fee: at('Droits'),
        reason: at('Motif d’exonération'),
        grantedBy: at('Exonération accordée par'),
        agent: at('Agent'),
        login: at('Identifiant de l’agent'),
      };
    });
    // What the Caisse page and the recap call "Total encaissé": the column sums to it.
    expect(rows.reduce((sum, r) => sum + Number(r.collected), 0)).toBe(10_000);
    // Amounts in the currency's digits: KMF has none, so Excel shows « 5 000 », never « 5 000, ».
    const amounts = ['Montant encaissé', 'Droits'].map((h) => sheet.getRow(2).getCell(headers.indexOf(h)));
    expect(amounts.map((c) => c.numFmt)).toEqual(['#,##0', '#,##0']);
    expect([moneyFormat(0), moneyFormat(2)]).toEqual(['#,##0', '#,##0.00']);
    // The total after a blank row, outside the filter's range, summing what a filter in Excel shows.
    const collectedAt = headers.indexOf('Montant encaissé');
    const letter = sheet.getRow(1).getCell(collectedAt).address.replace(/\d+$/, '');
    expect(sheet.getRow(6).values).toEqual([]);
    expect(sheet.getRow(7).getCell(1).value).toBe('Total encaissé');
    const total = sheet.getRow(7).getCell(collectedAt);
    expect(total.value).toEqual({ formula: `SUBTOTAL(9,${letter}2:${letter}5)`, result: 10_000 });
    expect(total.numFmt).toBe('#,##0');
    expect(total.font).toMatchObject({ bold: true });
    expect(sheet.autoFilter).toMatch(/^A1:[A-Z]+5$/);
    // A CSV holds records only: no total line a tool would read as one more payment.
    const csv = await t.must('excel.export', { kind: 'payments', format: 'csv' });
    expect(Buffer.from(csv.base64, 'base64').toString('utf8').trim().split('\r\n')).toHaveLength(5);
    // People by the names the receipts print; the login beside, which no two accounts share.
    const none = { reason: null, grantedBy: null, agent: 'Guichetier', login: 'clerk1' };
    expect(rows).toEqual([
      { mode: 'Espèces', status: 'Annulé', collected: 0, fee: 5000, ...none },
      { mode: 'Espèces', status: 'Valide', collected: 5000, fee: 5000, ...none },
      { mode: 'Mobile money', status: 'Valide', collected: 5000, fee: 5000, ...none },
      {
        mode: 'Exonération',
        status: 'Valide',
        collected: 0,
        fee: 5000,
        reason: 'Pupille de la nation',
        grantedBy: 'Superviseur',
        agent: 'Guichetier',
        login: 'clerk1',
      },
    ]);
  });

  it('writes a mobile-money reference to .xlsx as typed, and neutralised in CSV', async () => {
    const [reg] = (await t.must('registrations.list', { limit: 1 })).items;
    const reference = '+33612345678';
    await t.must('payments.take', { registrationId: reg!.id, mode: 'mobile_money', operator: 'HOLO', reference });
    const xlsx = await t.must('excel.export', { kind: 'payments', format: 'xlsx' });
    const sheet = (await readBack(xlsx.base64)).getWorksheet('Paiements')!;
    const cell = sheet.getRow(2).getCell((sheet.getRow(1).values as unknown[]).indexOf('Référence'));
    expect([cell.value, cell.type]).toEqual([reference, 3]);
    expect(cell.numFmt).toBe('@');
    const csv = await t.must('excel.export', { kind: 'payments', format: 'csv' });
    expect(Buffer.from(csv.base64, 'base64').toString('utf8')).toContain(`;'${reference};`);
  });

  it('exports the list on screen: its days, its dossier state, and payments by cash day', async () => {
    const range = { from: '2026-03-02', to: '2026-03-02' };
    const list = async (f: object) => (await t.must('registrations.list', { limit: 100, ...f })).total;
    const rows = async (kind: 'registrations' | 'dossiers' | 'payments', f: object) =>
      (await t.must('excel.export', { kind, format: 'xlsx', ...f })).rows;
    for (const f of [
      range,
      { from: '2026-03-03' },
      { dossierState: 'complet' },
      { dossierState: 'incomplet' },
      { etablissementCode: 'LSMC' },
      { centreCode: 'MOR-02' },
    ] as const) {
      expect(await rows('registrations', f)).toBe(await list(f));
      expect(await rows('dossiers', f)).toBe(await list(f));
    }
    expect(await rows('registrations', range)).toBe(3);
    expect(await rows('registrations', { dossierState: 'complet' })).toBe(0);
    expect(await list({ etablissementCode: 'CMIT' })).toBe(3);
    expect(await list({ etablissementCode: 'LSMC' })).toBe(0);
    expect(await list({ centreCode: 'MOR-02' })).toBe(0);

    const [reg] = (await t.must('registrations.list', { limit: 1 })).items;
    await t.must('payments.take', { registrationId: reg!.id, mode: 'cash' });
    expect(await rows('payments', range)).toBe(1);
    expect(await rows('payments', { from: '2026-03-03' })).toBe(0);

    // The fees still due: the list and its export narrowed to registrations with or without a valid payment.
    const unpaid = await t.must('registrations.list', { paymentState: 'unpaid' });
    expect([unpaid.total, unpaid.items.map((r) => r.id)]).toEqual([2, expect.not.arrayContaining([reg!.id])]);
    expect((await t.must('registrations.list', { paymentState: 'paid' })).items.map((r) => r.id)).toEqual([reg!.id]);
    expect(await rows('registrations', { paymentState: 'unpaid' })).toBe(2);
    const [payment] = await t.must('payments.list', { registrationId: reg!.id });
    await t.must('payments.cancel', { paymentId: payment!.id, reason: 'Erreur de saisie' });
    expect(await list({ paymentState: 'unpaid' })).toBe(3);
  });
});
