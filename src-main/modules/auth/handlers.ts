import type { authContract } from '../../../shared/contract/auth';
import type { Handlers } from '../../core/registry';
import type { AuthService } from './service';

export const authHandlers = (auth: AuthService): Handlers<typeof authContract> => ({
  'auth.login': ({ username, password }) => auth.login(username, password),
  'auth.session': (_input, ctx) => auth.current(ctx.sessionToken),
  'auth.logout': async (_input, ctx) => (await auth.logout(ctx.sessionToken), {}),
  'auth.lock': (_input, ctx) => (auth.lock(ctx.session!.token), {}),
  'auth.changePassword': async ({ currentPassword, newPassword }, ctx) => (
    await auth.changePassword(ctx.session!.token, currentPassword, newPassword),
    {}
  ),
  'auth.unlock': ({ password }, ctx) => auth.unlock(ctx.sessionToken, password),
});
