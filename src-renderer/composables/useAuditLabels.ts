import { useI18n } from 'vue-i18n';

/** The audit log's stable codes in the clerk's words (every action has a label: the i18n test holds it). */
export function useAuditLabels() {
  const { t, te } = useI18n();
  // An entity or an action of a newer version, read from a restored backup, shows as its code.
  const label = (group: 'actions' | 'entities', code: string) =>
    te(`audit.${group}.${code}`) ? t(`audit.${group}.${code}`) : code;
  // Set-up and installs are written by src-main itself under the name `system`.
  const actorLabel = (name: string | null) => (name === null || name === 'system' ? t('audit.system') : name);
  return { label, actorLabel };
}
