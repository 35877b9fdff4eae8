import type { CallContext } from '../../core/registry';
import { SYSTEM_ACTOR, type Actor } from '../../db/store';

export const actorOf = (ctx: CallContext): Actor =>
  ctx.session ? { id: ctx.session.userId, name: ctx.session.username } : SYSTEM_ACTOR;
