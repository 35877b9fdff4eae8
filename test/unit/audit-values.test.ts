import { describe, expect, it } from 'vitest';
import { createI18n } from 'vue-i18n';
import { formatCalendar, formatInstant } from '../../shared/domain/localTime';
import { messages } from '../../shared/i18n';
import { pluralRules } from '../../shared/i18n/plural';
import { auditFieldLabelKey } from '../../src-renderer/composables/useAuditLabels';
import { auditValueLines } from '../../src-renderer/lib/auditValues';

const { t, te } = createI18n({ legacy: false, locale: 'fr', messages, pluralRules, missingWarn: false }).global;
const text = {
  t: (key: string) => t(key),
  te: (key: string) => te(key),
  fieldLabel: (key: string) => (te(auditFieldLabelKey(key)) ? t(auditFieldLabelKey(key)) : key),
  dateTime: (iso: string) => formatInstant(iso, 'fr', { dateStyle: 'short', timeStyle: 'short' }),
  calendar: (ymd: string) => formatCalendar(ymd, 'fr'),
};
const shown = (key: string, value: unknown, entity = 'registration') => auditValueLines(key, value, entity, text);

describe('an audit entry’s detail, as the journal shows it', () => {
  it('gives roles, statuses and modes the labels of the screens, by the entity that holds them', () => {
    expect(shown('role', 'supervisor', 'user')).toEqual(['Superviseur']);
    expect(shown('status', 'registered')).toEqual(['Inscrit']);
    expect(shown('status', 'valid', 'payment')).toEqual(['Valide']);
    expect(shown('mode', 'exempt', 'payment')).toEqual(['Exonéré']);
    expect(shown('mode', 'valid-only', 'excel_import')).toEqual(['Seulement les lignes valides']);
    expect(shown('idType', 'NIN_KM', 'candidate')).toEqual(['NIN (Comores)']);
    // A code a newer version wrote shows as stored rather than not at all.
    expect(shown('status', 'archived')).toEqual(['archived']);
  });

  it('writes instants and dates as the screens do, an empty list as a dash', () => {
    // UTC here (vitest.config.ts): 05:57 UTC is 05:57.
    expect(shown('createdAt', '2026-11-27T05:57:11.009Z')).toEqual(['27/11/2026 05:57']);
    expect(shown('birthDate', '2008-05-14', 'candidate')).toEqual(['14/05/2008']);
    expect(shown('optional', [])).toEqual(['—']);
    expect(shown('optional', ['EPS', 'LV2'])).toEqual(['EPS, LV2']);
  });

  it('shows a record inside the entry as its labelled fields, one a line, never as JSON', () => {
    const office = { code: 'MOR', region: 'Ngazidja', createdAt: '2026-11-27T05:57:11.009Z' };
    expect(shown('office', office, 'office')).toEqual([
      'Code : MOR',
      'Région : Ngazidja',
      'Créé le : 27/11/2026 05:57',
    ]);
    const details = { accommodations: { needed: false }, optional: [], exemptions: [] };
    const lines = shown('details', details);
    expect(lines).toEqual([
      'Aménagements (situation de handicap) : Nécessaires : Non',
      'Épreuves facultatives : —',
      'Acquis et dispenses : —',
    ]);
    expect(lines.join(' ')).not.toMatch(/[{}[\]"]/);
  });
});
