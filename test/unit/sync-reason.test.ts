import { describe, expect, it } from 'vitest';
import { createI18n } from 'vue-i18n';
import { messages } from '../../shared/i18n';
import { pluralRules } from '../../shared/i18n/plural';
import { syncReasonText } from '../../src-renderer/pages/sync/syncReason';

const { t, te } = createI18n({ legacy: false, locale: 'fr', messages, pluralRules, missingWarn: false }).global;
// The page's useI18n() is typed for its own schema; these are the same functions.
const [tr, ex] = [t, te] as unknown as Parameters<typeof syncReasonText>;
const said = (code: string) => syncReasonText(tr, ex, code);

describe('why a sync failed, as the sync page says it', () => {
  it('names the kind of failure in French, with HQ’s status or code, never a library message', () => {
    expect(said('network')).toBe(
      'siège injoignable (réseau coupé ou serveur arrêté) ; rien n’est perdu, un nouvel essai aura lieu.',
    );
    expect(said('timeout')).toBe('le siège n’a pas répondu à temps ; rien n’est perdu, un nouvel essai aura lieu.');
    expect(said('server_502')).toBe('le serveur du siège a répondu par une erreur 502 ; un nouvel essai aura lieu.');
    expect(said('refused_413')).toBe('demande refusée par le siège (erreur 413).');
    expect(said('token_revoked')).toMatch(/^ce poste a été révoqué par le siège/);
    expect(said('office_closed')).toBe('refusé par le siège (code « office_closed »).');
  });
});
