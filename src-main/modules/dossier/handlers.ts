import type { dossierContract, inboxContract } from '../../../shared/contract/dossier';
import type { Handlers } from '../../core/registry';
import type { InboxService } from './inbox';
import type { DossierService } from './service';

export const dossierHandlers = (dossier: DossierService): Handlers<typeof dossierContract> => ({
  'dossier.get': ({ registrationId }) => dossier.get(registrationId),
  'dossier.list': (filter) => dossier.list(filter),
  'dossier.attach': (input, ctx) => dossier.attach(ctx.session!, input),
  'dossier.setStatus': (input, ctx) => dossier.setStatus(ctx.session!, input),
  'dossier.photo': (input, ctx) => dossier.photo(ctx.session!, input),
  'dossier.file': ({ registrationId, sha256 }) => dossier.file(registrationId, sha256),
  'dossier.merged': ({ registrationId }, ctx) => dossier.merged(ctx.session!, registrationId),
});

export const inboxHandlers = (inbox: InboxService): Handlers<typeof inboxContract> => ({
  'inbox.get': () => inbox.get(),
  'inbox.configure': ({ folder }, ctx) =>
    inbox.configure({ id: ctx.session!.userId, name: ctx.session!.username }, folder || null),
  'inbox.file': ({ itemId }) => inbox.file(itemId),
  'inbox.assign': (input, ctx) => inbox.assign(ctx.session!, input),
});
