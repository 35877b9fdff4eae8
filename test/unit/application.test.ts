import { describe, expect, it } from 'vitest';
import demo from '../../src-main/modules/reference/catalogues/comores-2026.json';
import { describeApplication, type ApplicationCodes } from '../../shared/domain/application';
import { parseCatalogue } from '../../shared/domain/catalogue';

const parsed = parseCatalogue(demo);
if (!parsed.ok) throw new Error(parsed.errors.join('; '));
const catalogue = parsed.catalogue;

const bac = (over: Partial<ApplicationCodes> = {}): ApplicationCodes => ({
  examCode: 'BAC',
  seriesCode: 'A1',
  category: 'individuel',
  centreCode: 'MOR-02',
  etablissementCode: 'LSMC',
  details: {
    accommodations: { needed: false, details: '' },
    epreuves: { optional: ['LV3'], exemptions: [{ epreuveCode: 'EPS', kind: 'dispense' }] },
  },
  ...over,
});

describe('a registration in words', () => {
  it('names every choice from the catalogue and lists the épreuves sat, with what is exempted', () => {
    const words = describeApplication(catalogue, bac());
    expect(words).toMatchObject({
      exam: expect.stringMatching(/^Baccalauréat/),
      series: expect.stringMatching(/^Série A1/),
      category: 'Individuel (candidat libre)',
      centre: 'Collège de Mitsamiouli',
      etablissement: 'Lycée Saïd Mohamed Cheikh',
      accommodations: null,
    });
    const status = Object.fromEntries(words.epreuves.map((e) => [e.code, e.status]));
    expect(status).toMatchObject({ FR: 'obligatoire', EPS: 'dispense', PHILO: 'obligatoire', LV3: 'facultative' });
  });

  it('leaves out the options not chosen, and says yes to accommodations asked for without details', () => {
    const words = describeApplication(
      catalogue,
      bac({
        details: { accommodations: { needed: true, details: '' }, epreuves: { optional: [], exemptions: [] } },
      }),
    );
    expect(words.epreuves.map((e) => e.code)).not.toContain('LV3');
    expect(words.accommodations).toBe('Oui');
  });

  it('keeps a code the catalogue no longer knows rather than dropping it', () => {
    const words = describeApplication(
      catalogue,
      bac({ centreCode: 'OLD-9', seriesCode: 'Z', etablissementCode: null }),
    );
    expect([words.centre, words.series, words.etablissement]).toEqual(['OLD-9', 'Z', null]);
  });
});
