import type { useI18n } from 'vue-i18n';

type Translate = ReturnType<typeof useI18n>['t'];
type Exists = ReturnType<typeof useI18n>['te'];

/**
 * Why a sync step failed, as src-main records it (src-main/modules/sync/failure.ts), in the
 * clerk's language: a known code, an HTTP status, or a code of HQ's own this version does not know.
 */
export function syncReasonText(t: Translate, te: Exists, code: string): string {
  if (te(`sync.errors.${code}`)) return t(`sync.errors.${code}`);
  const status = /^(server|refused)_(\d{3})$/.exec(code);
  if (status) return t(`sync.errors.${status[1]}Status`, { status: status[2] });
  return t('sync.errors.hqCode', { code });
}
