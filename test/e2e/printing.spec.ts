import { readFileSync } from 'node:fs';
import { bacSubmission } from '../support/submissions';
import { apiAs, expect, expectNoSeriousA11yViolations, login, openOffice, pdfText, test } from './fixtures';
import { downloadFromPreview } from './preview';

test.describe.configure({ mode: 'serial' });

test('take the fee, print the fiche, edit is blocked until a supervisor unlocks, then version 2 of the fiche prints', async ({
  app,
  guichet,
}) => {
  const admin = await openOffice(app, guichet, { supervisor: true });
  const saved = (await admin('registrations.submit', bacSubmission(3))) as {
    ok: boolean;
    value: { candidate: { id: string }; registration: { number: string } };
  };
  expect(saved.ok).toBe(true);
  await app.getByRole('button', { name: 'Se déconnecter' }).click();

  await login(app, 'zaina', 'Guichet#26');
  await app.getByRole('navigation').getByRole('link', { name: 'Candidats' }).click();
  await app.getByLabel('Nom, N° candidat, pièce d’identité ou téléphone').fill('KM1234570');
  await app.getByRole('button', { name: /Abdérémane Saïd Ali/ }).click();
  await expect(app).toHaveURL(new RegExp(`#/candidats/${saved.value.candidate.id}$`));
  // The candidate's page speaks the clerk's words, not stored codes.
  await expect(app.getByText('KM1234570 — NIN (Comores)')).toBeVisible();
  await expect(app.getByText(/Montant dû : 7\s500\sKMF/)).toBeVisible();
  await app.getByRole('button', { name: 'Encaisser' }).click();
  await app.getByLabel('Mode de paiement').selectOption('cash');
  await app.getByRole('button', { name: 'Valider le paiement' }).click();
  await expect(app.getByText('Payé — reçu MORG1-R26-000001').first()).toBeVisible();

  // The preview locks nothing: the registration is still editable until the fiche is printed.
  await app.getByRole('button', { name: 'Imprimer la fiche' }).click();
  const ficheDialog = app.getByRole('dialog', { name: 'Aperçu de la fiche' });
  await expect(ficheDialog.locator('iframe')).toBeVisible();
  await ficheDialog.getByRole('button', { name: 'Fermer' }).click();
  await expect(app.getByRole('heading', { name: /\(Inscrit\)/ })).toBeVisible();
  const first = await downloadFromPreview(
    app,
    () => app.getByRole('button', { name: 'Imprimer la fiche' }).click(),
    'Aperçu de la fiche',
  );
  await expect(app.getByRole('heading', { name: /\(Fiche imprimée\)/ })).toBeVisible();
  const recap = app.getByRole('region', { name: 'Récapitulatif' });
  await expect(recap).toContainText('imprimée (version 1)');
  await expect(recap).toContainText('Lycée Saïd Mohamed Cheikh');
  const firstPath = await first.path();
  const text = pdfText(firstPath);
  expect(text).toContain('Abdérémane');
  expect(text).toMatch(/Version 1 du/);
  expect(readFileSync(firstPath).subarray(0, 5).toString()).toBe('%PDF-');

  // Printed, the registration says at once that a supervisor must unlock it before any change.
  const edit = app.getByRole('button', { name: 'Modifier l’inscription' });
  await expect(edit).toBeDisabled();
  await expect(edit).toHaveAccessibleDescription(/un superviseur doit débloquer/);

  await app.getByRole('button', { name: 'Débloquer (superviseur)' }).click();
  await app.getByLabel('Motif du déblocage').fill('Changement de centre demandé');
  await app.getByLabel('Identifiant du superviseur').fill('chef');
  await app.getByLabel('Mot de passe du superviseur').fill('Visa#2026');
  await app.getByRole('button', { name: 'Débloquer (superviseur)' }).last().click();
  await expect(app.getByText(/Inscription débloquée/)).toBeVisible();

  await edit.click();
  await app.getByLabel('Centre d’examen').selectOption('MOR-02');
  await app.getByRole('button', { name: 'Enregistrer la modification' }).click();
  // The number the candidate's confirmation and next fiche carry: the print and the unlock are not
  // changes of what they read (the record itself is at version 4).
  await expect(app.getByText('Modification enregistrée (version 2).')).toBeVisible();
  const row = app.getByRole('row', { name: new RegExp(saved.value.registration.number) });
  await expect(row.getByRole('cell').nth(3)).toHaveText('2');
  const second = await downloadFromPreview(
    app,
    () => app.getByRole('button', { name: 'Imprimer la fiche' }).click(),
    'Aperçu de la fiche',
  );
  const secondText = pdfText(await second.path());
  expect(secondText).toMatch(/Version 2 du/);
  expect(secondText).toContain('Collège de Mitsamiouli');
  // The page reads back what the new fiche printed, and who changed it when.
  await expect(recap).toContainText('imprimée (version 2)');
  await expect(recap).toContainText('Collège de Mitsamiouli');
  await expect(recap).toContainText(
    /v1 le \d\d\/\d\d\/2026 \d\d:\d\d par Awa Mohamed\s*fiche imprimée le .+ par Zaïna Ali\s*débloquée le .+ par Zaïna Ali\s*v2 le .+ par Zaïna Ali\s*fiche imprimée le .+ par Zaïna Ali/,
  );

  // From the registration to its dossier in one click, and the Inscriptions list by dossier state.
  await app.getByRole('link', { name: 'Dossier', exact: true }).click();
  await expect(app).toHaveURL(/#\/dossiers\?registration=/);
  await expect(app.getByRole('heading', { name: /^Dossier MORG1-26-/ })).toBeVisible();
  await app.getByRole('navigation').getByRole('link', { name: 'Inscriptions' }).click();
  await app.getByLabel('État du dossier').selectOption('complet');
  await expect(app.getByText('0 inscription', { exact: true })).toBeVisible();
  await app.getByLabel('État du dossier').selectOption('incomplet');
  await expect(app.getByText('1 inscription', { exact: true })).toBeVisible();
});

test('accommodations, then another series and category asked for after the save, then a désinscription and the confirmation that attests it', async ({
  app,
  guichet,
}) => {
  const clerk = await apiAs(app, guichet, 'zaina', 'Guichet#26');
  const saved = (await clerk('registrations.submit', bacSubmission(4))) as {
    ok: boolean;
    value: { candidate: { id: string }; registration: { number: string } };
  };
  expect(saved.ok).toBe(true);
  await login(app, 'zaina', 'Guichet#26');
  await expect(app.getByRole('contentinfo')).toContainText('Zaïna Ali');
  await app.goto(app.url().replace(/#.*$/, `#/candidats/${saved.value.candidate.id}`));
  // The candidate comes back with a medical certificate: the clerk adds the accommodations.
  await app.getByRole('button', { name: 'Modifier l’inscription' }).click();
  await expect(app.getByLabel('Centre d’examen')).toHaveValue('MOR-01');
  await app.getByLabel('Aménagements (situation de handicap)').check();
  await app.getByLabel('Aménagements demandés').fill('Tiers temps');
  await app.getByRole('button', { name: 'Enregistrer la modification' }).click();
  await expect(app.getByText(/Modification enregistrée/)).toBeVisible();
  const id = (saved.value as unknown as { registration: { id: string } }).registration.id;
  const detail = (await clerk('registrations.get', { id })) as {
    value: { version: number; details: { accommodations: { needed: boolean; details: string } } };
  };
  expect(detail.value.version).toBe(2);
  expect(detail.value.details.accommodations).toEqual({ needed: true, details: 'Tiers temps' });

  // The candidate meant série C, as a candidat libre: the option of série A1 goes with it, the one of
  // série C is offered, and the fee is the category's.
  await app.getByRole('button', { name: 'Modifier l’inscription' }).click();
  await app.getByLabel('Langue vivante 3 (facultative)').check();
  await app.getByLabel('Série / spécialité').selectOption('C');
  await expect(app.getByLabel('Langue vivante 3 (facultative)')).toHaveCount(0);
  await expectNoSeriousA11yViolations(app, 'registration edit');
  await app.getByLabel('Informatique (facultative)').check();
  await app.getByLabel('Catégorie').selectOption('individuel');
  await app.getByRole('button', { name: 'Enregistrer la modification' }).click();
  await expect(app.getByText('Modification enregistrée (version 3).')).toBeVisible();
  await expect(app.getByText(/Montant dû : 15\s000\sKMF/)).toBeVisible();
  const recap = app.getByRole('region', { name: 'Récapitulatif' });
  await expect(recap).toContainText(/Série C/);
  await expect(recap).toContainText('Informatique (facultative)');
  await expect(recap).toContainText('Individuel');
  await expect(recap).toContainText('Tiers temps');
  await expect(recap).toContainText(/v1 le .* par Zaïna Ali\s*v2 le .* par Zaïna Ali\s*v3 le .* par Zaïna Ali/);
  const changed = (await clerk('registrations.get', { id })) as {
    value: { seriesCode: string; category: string; details: { epreuves: { optional: string[] } } };
  };
  expect([changed.value.seriesCode, changed.value.category]).toEqual(['C', 'individuel']);
  expect(changed.value.details.epreuves.optional).toEqual(['INFO']);

  await app.getByRole('button', { name: 'Désinscrire' }).click();
  // The reason is asked in the panel of that registration, in view, the cursor in it.
  const withdrawal = app.getByRole('form', {
    name: `Désinscription de l’inscription ${saved.value.registration.number}`,
  });
  await expect(withdrawal.getByLabel('Motif de la désinscription')).toBeFocused();
  await expect(withdrawal.getByLabel('Motif de la désinscription')).toBeInViewport();
  await app.getByLabel('Motif de la désinscription').fill('Le candidat part à l’étranger');
  await app.getByRole('button', { name: 'Désinscrire' }).last().click();
  await expect(app.getByRole('heading', { name: /\(Désinscrit\)/ })).toBeVisible();
  await expect(app.getByText(/Montant dû/)).toHaveCount(0);
  const slip = await downloadFromPreview(
    app,
    () => app.getByRole('button', { name: 'Imprimer la confirmation de désinscription' }).click(),
    'Confirmation de désinscription',
  );
  const text = pdfText(await slip.path());
  expect(text).toContain('Confirmation de désinscription');
  expect(text).toContain(saved.value.registration.number);
  expect(text).toContain('Le candidat part à l’étranger');
});

test('a batch of more than 50 fiches asks first how many it will print and lock; cancelled, it locks none', async ({
  app,
  guichet,
}) => {
  const clerk = await apiAs(app, guichet, 'zaina', 'Guichet#26');
  const ids: string[] = [];
  for (let n = 100; n < 151; n++) {
    const saved = (await clerk('registrations.submit', bacSubmission(n))) as {
      ok: boolean;
      value: { registration: { id: string } };
    };
    expect(saved.ok).toBe(true);
    ids.push(saved.value.registration.id);
  }
  const counted = (await clerk('printing.batchCount', { centreCode: 'MOR-01' })) as { value: { count: number } };
  const count = counted.value.count;
  expect(count).toBeGreaterThan(50);

  await login(app, 'zaina', 'Guichet#26');
  await app.getByRole('navigation').getByRole('link', { name: 'Impressions' }).click();
  await app.getByLabel('Centre d’examen').first().selectOption('MOR-01');
  await expect(app.getByText(`Fiches concernées : ${count}`)).toBeVisible();
  await app.getByRole('button', { name: 'Imprimer les fiches' }).click();
  const ask = app.getByRole('dialog', { name: 'Fiches par lot' });
  await expect(ask).toContainText(`${count} fiches vont être imprimées, et leurs ${count} inscriptions verrouillées`);
  await ask.getByRole('button', { name: 'Annuler' }).click();
  await expect(ask).toBeHidden();
  await expect(app.getByText(/Impression en cours/)).toHaveCount(0);
  const untouched = (await clerk('registrations.get', { id: ids[0] })) as { value: { status: string } };
  expect(untouched.value.status).toBe('registered');

  await app.getByRole('button', { name: 'Imprimer les fiches' }).click();
  const [batch] = await Promise.all([
    app.waitForEvent('download'),
    ask.getByRole('button', { name: `Imprimer et verrouiller ${count} fiches` }).click(),
  ]);
  expect(pdfText(await batch.path()).match(/Fiche d’inscription/g)?.length).toBe(count);
  await expect(app.getByText(`Lot de ${count} fiches téléchargé.`)).toBeVisible();
  const locked = (await clerk('registrations.get', { id: ids[0] })) as { value: { status: string } };
  expect(locked.value.status).toBe('locked');
});
