import type { Database } from 'better-sqlite3';
import { chainHash, GENESIS_HASH } from '../../src-main/modules/audit/chain';

/** What a counter save writes into after_json (~1 KB): the registration snapshot with its candidate. */
export function saveSnapshot(i: number): string {
  return JSON.stringify({
    id: `r-${i}`,
    number: `MORG1-26-${String(i).padStart(6, '0')}K/001`,
    candidate: {
      id: `c-${i}`,
      number: `MORG1-26-${String(i).padStart(6, '0')}K`,
      surname: 'Abdérémane',
      givenNames: `Saïd Ali ${i}`,
      sex: i % 2 ? 'M' : 'F',
      birthDate: '2007-05-01',
      birthPlace: 'Moroni',
      nationality: 'KM',
      idType: 'NIN_KM',
      idNumber: `KM${1_000_000 + i}`,
      phone: '+2693331234',
      email: 'said.abderemane@example.km',
      address: 'Mitsamiouli, Ngazidja',
      guardian: { name: 'Ahamada Mzé', phone: '+2693209876', relation: 'père' },
    },
    sessionId: 'KM-2026',
    examCode: 'BAC',
    seriesCode: 'A1',
    category: 'scolaire',
    etablissementCode: 'LSMC',
    centreCode: 'MOR-01',
    accommodations: { needed: false, details: '' },
    consentPublish: true,
    epreuves: { optional: ['LV2-AR'], exemptions: [] },
    pieces: ['acte_naissance', 'photo', 'bulletin_terminale', 'certificat_scolarite'],
    status: 'registered',
    version: 1,
    createdAt: '2026-06-15T09:00:00.000Z',
    updatedAt: '2026-06-15T09:00:00.000Z',
  });
}

/**
 * Appends `count` audit rows after the current head with a valid hash chain, through SQL in one
 * transaction: volume for benches and tests without `count` real saves, yet every row verifies.
 */
export function appendAuditRows(db: Database, count: number, from = 0): void {
  const head = db.prepare(`SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1`).get() as { hash: string } | undefined;
  const insert = db.prepare(
    `INSERT INTO audit_log (at, actor_id, actor_name, action, entity, entity_id, before_json, after_json, prev_hash, hash)
     VALUES (?,?,?,?,?,?,?,?,?,?)`,
  );
  let prev = head?.hash ?? GENESIS_HASH;
  db.transaction(() => {
    for (let i = from; i < from + count; i++) {
      const candidate = i % 2 === 0;
      const fields = {
        at: '2026-06-15T09:00:00.000Z',
        actorId: 'u-clerk',
        actorName: 'Zaïna',
        action: candidate ? 'candidate.create' : 'registration.submit',
        entity: candidate ? 'candidate' : 'registration',
        entityId: `${candidate ? 'c' : 'r'}-${i >> 1}`,
        beforeJson: null,
        afterJson: saveSnapshot(i >> 1),
      };
      const hash = chainHash(prev, fields);
      insert.run(...Object.values(fields), prev, hash);
      prev = hash;
    }
  })();
}
