import type { usersContract } from '../../../shared/contract/users';
import type { Handlers } from '../../core/registry';
import { actorOf } from '../auth/actor';
import type { UsersService } from './service';

export const usersHandlers = (users: UsersService): Handlers<typeof usersContract> => ({
  'users.list': () => users.list(),
  'users.create': (input, ctx) => users.create(actorOf(ctx), input),
  'users.update': ({ userId, displayName, role }, ctx) => users.update(actorOf(ctx), userId, { displayName, role }),
  'users.setDisabled': ({ userId, disabled }, ctx) => users.setDisabled(actorOf(ctx), userId, disabled),
  'users.resetPassword': ({ userId, password }, ctx) => users.resetPassword(actorOf(ctx), userId, password),
});
