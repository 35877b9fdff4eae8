import { describe, expect, it } from 'vitest';
import { createI18n } from 'vue-i18n';
import { authContract } from '../../shared/contract/auth';
import { ERROR_CODES } from '../../shared/contract/result';
import { issueCode } from '../../shared/contract/validation';
import { setupInputSchema } from '../../shared/contract/setup';
import { createUserInputSchema } from '../../shared/contract/users';
import { AUDIT_ACTIONS, AUDIT_ENTITIES } from '../../shared/domain/auditActions';
import { messages } from '../../shared/i18n';
import { counting, frenchCount, pluralRules } from '../../shared/i18n/plural';
import { frenchMessage } from '../../src-main/modules/excel/messages';
import { AUDIT_FIELD_LABELS } from '../../src-renderer/composables/useAuditLabels';
import { codeText, errorText, signInErrorText } from '../../src-renderer/composables/useFieldErrors';

type Tree = { [key: string]: string | Tree };

const leaves = (tree: Tree, prefix = ''): [string, string][] =>
  Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string' ? [[`${prefix}${key}`, value] as [string, string]] : leaves(value, `${prefix}${key}.`),
  );

const i18n = createI18n({
  legacy: false,
  locale: 'fr',
  fallbackLocale: 'fr',
  messages,
  pluralRules,
  missingWarn: false,
});
const { t, te } = i18n.global;

describe('message catalogues', () => {
  it('French and English have exactly the same keys', () => {
    const fr = leaves(messages.fr as Tree).map(([k]) => k);
    const en = leaves(messages.en as Tree).map(([k]) => k);
    expect(en.filter((k) => !fr.includes(k))).toEqual([]);
    expect(fr.filter((k) => !en.includes(k))).toEqual([]);
  });

  it('every operation and entity the audit log records has a label in French and in English', () => {
    for (const locale of ['fr', 'en'] as const)
      expect([
        ...AUDIT_ACTIONS.filter((a) => !te(`audit.actions.${a}`, locale)),
        ...AUDIT_ENTITIES.filter((e) => !te(`audit.entities.${e}`, locale)),
      ]).toEqual([]);
  });

  it('every field an audit entry names under a screen label has that label in both languages', () => {
    for (const locale of ['fr', 'en'] as const)
      expect(Object.values(AUDIT_FIELD_LABELS).filter((key) => !te(key, locale))).toEqual([]);
  });

  it('every error code has a French and an English message', () => {
    for (const code of ERROR_CODES) {
      expect(te(`errors.${code}`, 'fr'), `errors.${code} (fr)`).toBe(true);
      expect(te(`errors.${code}`, 'en'), `errors.${code} (en)`).toBe(true);
    }
  });

  it('every field code the account forms can get back is translated', () => {
    const bad = [
      { username: '', password: '' },
      { username: 'x'.repeat(70), password: 'x'.repeat(200) },
      {
        officeCode: 'é',
        officeName: '',
        region: '<b>',
        workstationCode: 'ABCD',
        adminUsername: 'ab',
        adminDisplayName: 'x'.repeat(90),
        adminPassword: 'short',
      },
      { adminUsername: 'Saïd Ali', adminPassword: 'alllowercase1', officeName: 1 },
      { adminUsername: 'abcdefghijklmnop', adminPassword: 'NoDigitsHere' },
      { username: 'a b', displayName: 'x', role: 'boss', password: 'x'.repeat(130) },
    ];
    const schemas = [setupInputSchema, createUserInputSchema, authContract['auth.login'].input];
    const codes = new Set<string>();
    for (const schema of schemas)
      for (const input of bad)
        for (const issue of schema.safeParse(input).error?.issues ?? []) codes.add(issueCode(issue));
    // Codes from services rather than schemas, plus the form's own password check.
    for (const code of ['username_taken', 'invalid_credentials', 'password_mismatch']) codes.add(code);

    expect(codes.size).toBeGreaterThan(10);
    expect([...codes].filter((code) => !te(`validation.${code}`, 'fr'))).toEqual([]);
  });

  it('every message compiles and fills in its parameters', () => {
    for (const locale of ['fr', 'en'] as const) {
      i18n.global.locale.value = locale;
      for (const [key, text] of leaves(messages[locale] as Tree)) {
        // 1 and 7 reach both forms of a plural message.
        for (const value of [1, 7]) {
          const params = Object.fromEntries([...text.matchAll(/\{(\w+)\}/g)].map((m) => [m[1], value]));
          const shown = t(key, params);
          expect(shown, key).not.toMatch(/[{}|]/);
          expect(shown.trim(), key).not.toBe('');
        }
      }
    }
    i18n.global.locale.value = 'fr';
  });

  it('writes counts in words that agree with them, never « (s) »', () => {
    const fr = leaves(messages.fr as Tree);
    for (const locale of ['fr', 'en'] as const)
      expect(leaves(messages[locale] as Tree).filter(([, text]) => /\((s|es|ies)\)/.test(text))).toEqual([]);
    // A plural message has its forms in both languages, chosen by the same `count`.
    const en = new Map(leaves(messages.en as Tree));
    for (const [key, text] of fr.filter(([, text]) => text.includes('|'))) {
      expect(en.get(key), key).toContain('|');
      expect(text, key).toContain('{count}');
    }
    expect(t('home.todayRegistrations', { count: 0 })).toBe('0 inscription enregistrée à l’office');
    expect(t('home.todayRegistrations', { count: 1 })).toBe('1 inscription enregistrée à l’office');
    expect(t('home.todayRegistrations', { count: 2 })).toBe('2 inscriptions enregistrées à l’office');
    expect(t('home.todayRegistrations', { count: 0 }, { locale: 'en' })).toBe('0 registrations recorded at the office');
    expect(t('home.todayRegistrations', { count: 1 }, { locale: 'en' })).toBe('1 registration recorded at the office');
    // A season's counts have their digits grouped, the words still chosen by the number.
    expect(t('registrations.total', ...counting('fr', 12_345))).toBe('12\u202f345 inscriptions');
    expect(t('registrations.total', ...counting('fr', 1))).toBe('1 inscription');
    const [named, plural] = counting('en', 12_345);
    expect(t('registrations.total', named, { plural, locale: 'en' })).toBe('12,345 registrations');
    // src-main writes a few French sentences itself: the same forms, by the same rule.
    expect(frenchMessage('import_has_errors', { count: 1 })).toMatch(/^1 ligne en erreur : corrigez-la /);
    expect(frenchMessage('import_has_errors', { count: 3 })).toMatch(/^3 lignes en erreur : corrigez-les /);
    expect([0, 1, 2].map((n) => frenchCount(n, 'candidat inscrit', 'candidats inscrits'))).toEqual([
      '0 candidat inscrit',
      '1 candidat inscrit',
      '2 candidats inscrits',
    ]);
  });

  it('says what a clerk needs to read in French', () => {
    expect(t('errors.invalid_credentials')).toBe('Mot de passe incorrect ou nom d’utilisateur inconnu.');
    expect(t('errors.account_locked', { attempts: 5, minutes: 5 })).toBe(
      'Compte verrouillé après 5 tentatives : réessayez dans 5 minutes.',
    );
    expect(t('fields.username')).toBe('Nom d’utilisateur');
    expect(t('login.submit')).toBe('Se connecter');
  });

  it('tells a clerk whose sign-in a full disk refused that no session can open, and what to do', () => {
    const [tr, ex] = [t, te] as unknown as Parameters<typeof codeText>;
    const full = signInErrorText(tr, ex, { code: 'storage_full', message: 'Disk or database full' });
    expect(full).toMatch(/^Le disque de ce poste est plein : aucune session ne peut s’ouvrir/);
    expect(full).toContain('Libérez de la place sur le disque ou appelez l’administrateur');
    // Elsewhere a full disk means a save was refused; at sign-in that sentence would mislead.
    expect(full).not.toBe(t('errors.storage_full'));
    const wrong = { code: 'invalid_credentials' as const, message: 'Wrong user name or password' };
    expect(signInErrorText(tr, ex, wrong)).toBe(t('errors.invalid_credentials'));
  });

  it('finds a code in the field, rule or error sentences, and never shows the clerk a bare code', () => {
    // The renderer's helpers take the composer of any message shape; this one is typed with ours.
    const [tr, ex] = [t, te] as unknown as Parameters<typeof codeText>;
    expect(codeText(tr, ex, 'required')).toBe(t('validation.required'));
    expect(codeText(tr, ex, 'age_below_min', { age: 9, min: 11 })).toBe(t('rules.age_below_min', { age: 9, min: 11 }));
    expect(codeText(tr, ex, 'storage_full')).toBe(t('errors.storage_full'));
    expect(codeText(tr, ex, 'no_such_code_anywhere')).toBe(t('validation.invalid'));
    expect(errorText(tr, ex, { code: 'no_such_code' as never, message: 'Some English detail' })).toBe(
      t('errors.internal'),
    );
  });

  it('groups the quantities src-main sends as the locale writes them, and agrees with the count', () => {
    const [tr, ex] = [t, te] as unknown as Parameters<typeof codeText>;
    const nbsp = (s: string) => s.replace(/[\u202f\u00a0]/g, ' ');
    expect(nbsp(codeText(tr, ex, 'xlsx_too_many_rows', { rows: 20_001, max: 20_000 }))).toBe(
      'Le fichier compte 20 001 lignes : 20 000 au maximum par import. Découpez la liste.',
    );
    expect(nbsp(codeText(tr, ex, 'import_has_errors', { count: 1_234 }))).toMatch(
      /^1 234 lignes en erreur : corrigez-les/,
    );
    expect(codeText(tr, ex, 'import_has_errors', { count: 1 })).toMatch(/^1 ligne en erreur : corrigez-la/);
    expect(codeText(tr, ex, 'batch_too_large', { count: 12_000, max: 10_000 }, 'en')).toMatch(/^12,000 .*10,000/);
    // An age or a year is not a quantity: never grouped.
    expect(codeText(tr, ex, 'age_below_min', { age: 9, min: 11 })).toBe(t('rules.age_below_min', { age: 9, min: 11 }));
  });
});
