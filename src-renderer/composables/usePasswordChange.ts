import { reactive, ref } from 'vue';
import { call } from '../api/client';
import { newPasswordProblems } from '../components/NewPasswordFields.vue';
import { useSessionStore } from '../stores/session';
import { useFieldErrors } from './useFieldErrors';

/**
 * The signed-in user's own password, from the status bar's dialog or at the first sign-in: the
 * current one, then the new one twice, checked here before src-main checks it again.
 */
export function usePasswordChange(
  done: () => void | Promise<void>,
  /** Where no lock screen covers the form: the session locked or ended while the user was typing. */
  sessionGone?: () => void | Promise<void>,
) {
  const session = useSessionStore();
  const form = reactive({ currentPassword: '', newPassword: '', passwordConfirm: '' });
  const busy = ref(false);
  const errors = useFieldErrors(['currentPassword', 'newPassword', 'passwordConfirm']);

  function reset() {
    Object.assign(form, { currentPassword: '', newPassword: '', passwordConfirm: '' });
    errors.clear();
  }

  async function submit() {
    if (busy.value) return;
    errors.clear();
    const problems: Record<string, string | undefined> = newPasswordProblems(
      form.newPassword,
      form.passwordConfirm,
      session.info?.user.username ?? '',
    );
    if (!form.currentPassword) problems.current = 'required';
    if (problems.current) errors.setField('currentPassword', problems.current);
    if (problems.password) errors.setField('newPassword', problems.password);
    if (problems.confirm) errors.setField('passwordConfirm', problems.confirm);
    if (Object.keys(problems).length) return;
    busy.value = true;
    const r = await call('auth.changePassword', {
      currentPassword: form.currentPassword,
      newPassword: form.newPassword,
    });
    busy.value = false;
    if (!r.ok && sessionGone && (r.error.code === 'session_locked' || r.error.code === 'unauthenticated'))
      return sessionGone();
    if (!r.ok) return errors.show(r.error);
    await done();
  }

  return { form, busy, fields: errors.fields, general: errors.general, reset, submit };
}
