import { wallClock } from '../../../shared/domain/localTime';
import { messages } from '../../../shared/i18n';
import type { Table } from '../excel/export';
import type { AuditRowRaw } from './walk';

type Tree = { [k: string]: string | Tree };
const labels = messages.fr.audit as unknown as Tree;

/** The French label the Audit page shows for an operation or an element; the code where none exists. */
function labelOf(section: 'actions' | 'entities', code: string): string {
  let node: string | Tree | undefined = labels[section];
  for (const part of code.split('.')) node = typeof node === 'object' ? node[part] : undefined;
  return typeof node === 'string' ? node : code;
}

/** Past this a spreadsheet cell refuses the text (Excel's limit is 32,767 characters). */
const CELL_MAX = 32_000;
const cell = (json: string | null) => (json && json.length > CELL_MAX ? `${json.slice(0, CELL_MAX)}…` : json);

/**
 * The journal as a table: one row an entry, newest first, in the office's time, with the values
 * before and after as recorded (secrets never reach the journal: see `auditJson` in db/store) and
 * each row's chain hash, so that an inspector can match the file against the workstation.
 */
export function auditTable(rows: AuditRowRaw[]): Table {
  return {
    sheet: 'Journal',
    columns: [
      { header: 'N°', key: 'seq', width: 9 },
      { header: 'Date et heure', key: 'at', width: 18, numFmt: 'dd/mm/yyyy hh:mm:ss' },
      { header: 'Utilisateur', key: 'actor', width: 16 },
      { header: 'Opération', key: 'action', width: 32 },
      { header: 'Élément', key: 'entity', width: 18 },
      { header: 'Identifiant', key: 'entityId', width: 38 },
      { header: 'Avant', key: 'before', width: 60 },
      { header: 'Après', key: 'after', width: 60 },
      { header: 'Empreinte', key: 'hash', width: 66 },
    ],
    rows: rows.map((r) => ({
      seq: r.seq,
      at: wallClock(r.at),
      actor: r.actor_name,
      action: labelOf('actions', r.action),
      entity: labelOf('entities', r.entity),
      entityId: r.entity_id,
      before: cell(r.before_json),
      after: cell(r.after_json),
      hash: r.hash,
    })),
  };
}
