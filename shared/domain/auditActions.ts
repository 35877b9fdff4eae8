/**
 * Every operation the audit log records, by its stable code. `Tx.audit` takes only these, so a new
 * operation is declared here first, and the i18n test then asks for its label in each language.
 */
export const AUDIT_ACTIONS = [
  'auth.login',
  'auth.logout',
  'auth.login_failed',
  'auth.account_locked',
  'auth.unlock',
  'setup.initialize',
  'settings.update',
  'users.create',
  'users.setDisabled',
  'users.resetPassword',
  'reference.install',
  'candidates.create',
  'candidates.declared_different',
  'candidates.correct',
  'registrations.submit',
  'registrations.update',
  'registrations.lock',
  'registrations.unlock',
  'registrations.withdraw',
  'rules.override',
  'prereg.pull',
  'prereg.convert',
  'dossier.attach',
  'dossier.status',
  'dossier.photo',
  'dossier.merged',
  'inbox.configure',
  'payments.take',
  'payments.cancel',
  'cash.close',
  'cash.reopen',
  'printing.keys_generated',
  'printing.fiche',
  'printing.receipt',
  'printing.cancellation',
  'printing.confirmation',
  'printing.recap',
  'printing.centre_list',
  'excel.import',
  'maintenance.backup',
  'maintenance.restore',
  'sync.enrol',
  'sync.verdict',
  'transfer.export',
  'transfer.ack_imported',
  'transfer.keys_generated',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** What an audit entry is about. */
export const AUDIT_ENTITIES = [
  'office',
  'user',
  'setting',
  'catalogue',
  'candidate',
  'registration',
  'dossier',
  'dossier_piece',
  'payment',
  'cash_close',
  'printed_document',
  'excel_import',
  'backup',
  'outbox',
] as const;

export type AuditEntity = (typeof AUDIT_ENTITIES)[number];
