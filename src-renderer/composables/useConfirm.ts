import { ElMessageBox } from 'element-plus';
import { useI18n } from 'vue-i18n';

/**
 * Asks before an action that cannot be taken back (restore, disable an account, a long batch, a
 * resend): true when the clerk confirms, false when they cancel or close the box.
 */
export function useConfirm() {
  const { t } = useI18n();
  return (message: string, title: string, confirmLabel: string): Promise<boolean> =>
    ElMessageBox.confirm(message, title, {
      confirmButtonText: confirmLabel,
      cancelButtonText: t('common.cancel'),
      type: 'warning',
    }).then(
      () => true,
      () => false,
    );
}
