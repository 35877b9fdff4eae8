import type { auditContract } from '../../../shared/contract/audit';
import type { Handlers } from '../../core/registry';
import type { AuditService } from './service';

export const auditHandlers = (audit: AuditService): Handlers<typeof auditContract> => ({
  'audit.list': (input) => audit.list(input),
  'audit.export': ({ format, ...filter }) => audit.export(filter, format),
  'audit.verify': () => audit.verify(),
});
