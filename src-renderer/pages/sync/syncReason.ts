import type { useI18n } from 'vue-i18n';
import { readStatusFailure } from '../../../shared/contract/sync';

type Translate = ReturnType<typeof useI18n>['t'];
type Exists = ReturnType<typeof useI18n>['te'];

/**
 * Why a sync step failed, as the sync status gives it, in the clerk's language: a known code, an
 * HTTP status (shared/contract/sync.ts), or a code of HQ's own this version does not know.
 */
export function syncReasonText(t: Translate, te: Exists, code: string): string {
  if (te(`sync.errors.${code}`)) return t(`sync.errors.${code}`);
  const status = readStatusFailure(code);
  if (status) return t(`sync.errors.${status.kind}Status`, { status: status.status });
  return t('sync.errors.hqCode', { code });
}
