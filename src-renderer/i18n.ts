import { createI18n } from 'vue-i18n';
import { messages } from '../shared/i18n';
import { pluralRules } from '../shared/i18n/plural';

/** French at the counter; English is there for support staff, French fills any gap. */
export const i18n = createI18n({
  legacy: false,
  locale: 'fr',
  fallbackLocale: 'fr',
  messages,
  pluralRules,
  missingWarn: import.meta.env.DEV,
  fallbackWarn: import.meta.env.DEV,
});
