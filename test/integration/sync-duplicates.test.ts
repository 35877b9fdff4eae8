import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SubmitInput } from '../../shared/contract/registrations';
import type { OutboxEntryWire } from '../../shared/contract/hq';
import { runCli } from '../../src-server/cli';
import { hqMigrations } from '../../src-server/db/dataSource';
import { HqWorkstationEntity } from '../../src-server/db/entities';
import { intake } from '../../src-server/modules/intake';
import {
  findDuplicates,
  MAX_PAIRS_PER_RECORD,
  noteRegistration,
  notePerson,
  type DuplicatePair,
} from '../../src-server/modules/duplicates';
import { lettersOf } from '../support/excel';
import { makeApp, type TestApp } from '../support/app';
import { ADMIN_TOKEN, eachHqBackend, startHq } from '../support/hq';
import { bacSubmission, confirmationOf } from '../support/submissions';
import { enrolAndSync } from '../support/syncRun';

let hq: Awaited<ReturnType<typeof startHq>>;
const apps: TestApp[] = [];

const OFFICES = {
  MOR: { officeName: 'Office régional de Moroni', region: 'Ngazidja' },
  MUT: { officeName: 'Office régional de Mutsamudu', region: 'Ndzuani' },
};

/** Workstation G1 of an office, enrolled at HQ. */
async function counter(officeCode: keyof typeof OFFICES) {
  const t = await makeApp({ setupOverride: { officeCode, ...OFFICES[officeCode] } });
  apps.push(t);
  await t.login();
  const { json } = await hq.admin('/admin/enrolment-codes', { officeCode });
  await enrolAndSync(t, hq.url, json.code as string);
  return t;
}

type Identity = Partial<NonNullable<SubmitInput['identity']>>;

/** The same pupil, at an office's own centre, for the BEPC (a school's list, passed at the counter) unless told otherwise. */
const pupil = (office: keyof typeof OFFICES, over: Identity = {}, examCode = 'BEPC'): SubmitInput => {
  const s = bacSubmission(3);
  const identity = { ...s.identity!, ...over };
  return {
    ...s,
    identity,
    confirmation: confirmationOf(identity),
    application: {
      ...s.application,
      examCode,
      seriesCode: examCode === 'BAC' ? 'A1' : null,
      etablissementCode: examCode === 'BAC' ? 'LSMC' : 'CMIT',
      centreCode: `${office}-01`,
    },
    overrides:
      examCode === 'BEPC' ? [{ code: 'collective_only', reason: 'Liste de l’école transmise au guichet' }] : [],
  };
};

const listed = async (query = '') => {
  const res = await fetch(`${hq.url}/admin/duplicates${query}`, {
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { duplicates: DuplicatePair[] }).duplicates;
};

eachHqBackend((backend) => {
  beforeEach(async () => {
    hq = await startHq({ backend });
    for (const [code, o] of Object.entries(OFFICES))
      await hq.admin('/admin/offices', { code, name: o.officeName, region: o.region });
  });
  afterEach(async () => {
    for (const a of apps.splice(0)) await a.close();
    await hq.close();
  });

  describe('one person registered for the same exam at two offices', () => {
    it('is listed once at HQ as a probable duplicate by the same ID number, both kept', async () => {
      const [moroni, mutsamudu] = [await counter('MOR'), await counter('MUT')];
      const first = await moroni.must('registrations.submit', pupil('MOR'));
      // Typed otherwise at the other office: lower case, no accent.
      const second = await mutsamudu.must(
        'registrations.submit',
        pupil('MUT', { surname: 'Abderemane', idNumber: 'km1234570' }),
      );
      await mutsamudu.must('sync.now', {});
      await moroni.must('sync.now', {});
      expect(await hq.count('hq_record', `entity = 'registration'`)).toBe(2);

      const pairs = await listed();
      expect(pairs).toHaveLength(1);
      expect(pairs[0]!.reason).toBe('same_id_number');
      expect(pairs[0]!.registrations.map((r) => [r.number, r.officeCode]).sort()).toEqual(
        [
          [first.registration.number, 'MOR'],
          [second.registration.number, 'MUT'],
        ].sort(),
      );
      const text = await runCli(hq.ds, 'duplicates', []);
      expect(text).toContain('same_id_number');
      expect(text).toContain(`${first.registration.number}  MOR G1`);
      expect(text).toContain(`${second.registration.number}  MUT G1`);
      expect(text).toContain('2007-05-04');

      // Sent again (a workstation resending its history) and changed: still one pair.
      const held = (await hq.ds.query(
        `SELECT uuid, entity, version, payload_hash AS "payloadHash", payload_json AS "payloadJson", workstation_id AS ws
           FROM hq_record ORDER BY received_at`,
      )) as (OutboxEntryWire & { ws: string })[];
      const ws = await hq.ds.getRepository(HqWorkstationEntity).findOneByOrFail({ officeCode: 'MUT' });
      const resent = await intake(
        hq.ds,
        ws,
        held.filter((r) => r.ws === ws.id).map(({ ws: _, ...e }) => e),
        new Date(),
      );
      expect(resent.map((r) => r.status)).toEqual(resent.map(() => 'duplicate'));
      const { application, epreuves } = pupil('MUT');
      await mutsamudu.must('registrations.update', {
        id: second.registration.id,
        application: { ...application, consentPublish: false },
        epreuves,
      });
      await mutsamudu.must('sync.now', {});
      expect(await hq.count('hq_record', `entity = 'registration'`)).toBe(3);
      expect(await listed()).toHaveLength(1);

      // Mutsamudu withdraws its registration: the pair is resolved, no longer in the list staff work
      // from, and still there, with each side's status, when they ask for all.
      await mutsamudu.must('registrations.withdraw', { id: second.registration.id, reason: 'Inscrit à Moroni' });
      await mutsamudu.must('sync.now', {});
      expect(await listed()).toEqual([]);
      expect(await runCli(hq.ds, 'duplicates', [])).toBe('No probable duplicate left open');
      const resolved = await listed('?all=1');
      expect(resolved.flatMap((p) => p.registrations.map((r) => [r.number, r.status])).sort()).toEqual(
        [
          [first.registration.number, 'registered'],
          [second.registration.number, 'withdrawn'],
        ].sort(),
      );
      expect(await runCli(hq.ds, 'duplicates', ['--all'])).toMatch(
        new RegExp(`${second.registration.number}.*withdrawn`),
      );
    });

    it('is listed by the same names and birth date when neither gave an ID', async () => {
      const [moroni, mutsamudu] = [await counter('MOR'), await counter('MUT')];
      const noId: Identity = { idType: null, idNumber: null };
      await moroni.must('registrations.submit', pupil('MOR', noId));
      await mutsamudu.must('registrations.submit', pupil('MUT', { ...noId, givenNames: 'SAID  ALI D' }));
      await moroni.must('sync.now', {});
      await mutsamudu.must('sync.now', {});
      expect((await listed()).map((p) => p.reason)).toEqual(['same_name_and_birth_date']);
    });

    it('is not listed for another exam, nor when the other was withdrawn before it reached HQ', async () => {
      const [moroni, mutsamudu] = [await counter('MOR'), await counter('MUT')];
      const bac = await moroni.must('registrations.submit', pupil('MOR', {}, 'BAC'));
      const own = { ...pupil('MOR'), candidateId: bac.candidate.id, identity: null, confirmation: null };
      await moroni.must('registrations.submit', own);
      await moroni.must('sync.now', {});
      // Versions 1 (registered) and 2 (withdrawn) reach HQ in one batch.
      const bepc = await mutsamudu.must('registrations.submit', pupil('MUT'));
      await mutsamudu.must('registrations.withdraw', { id: bepc.registration.id, reason: 'Inscrit à Moroni' });
      await mutsamudu.must('sync.now', {});
      expect(await hq.count('hq_record', `entity = 'registration'`)).toBe(4);
      expect(await listed()).toEqual([]);
    });
  });

  describe('two people of the same names and birth date', () => {
    it('are not listed when both gave an ID number of one type and the numbers differ', async () => {
      const [moroni, mutsamudu] = [await counter('MOR'), await counter('MUT')];
      await moroni.must('registrations.submit', pupil('MOR'));
      await mutsamudu.must('registrations.submit', pupil('MUT', { idNumber: 'KM7654321' }));
      await moroni.must('sync.now', {});
      await mutsamudu.must('sync.now', {});
      expect(await hq.count('hq_record', `entity = 'registration'`)).toBe(2);
      expect(await hq.count('hq_duplicate')).toBe(0);
      expect(await listed('?all=1')).toEqual([]);
      expect(await runCli(hq.ds, 'duplicates', [])).toBe('No probable duplicate left open');
    });

    it('are listed by names when one gave no ID, the listing showing who has which ID, until that one gives another', async () => {
      const [moroni, mutsamudu] = [await counter('MOR'), await counter('MUT')];
      const noId: Identity = { idType: null, idNumber: null };
      const first = await moroni.must('registrations.submit', pupil('MOR', noId));
      const second = await mutsamudu.must('registrations.submit', pupil('MUT'));
      await moroni.must('sync.now', {});
      await mutsamudu.must('sync.now', {});
      const [pair, ...more] = await listed();
      expect(more).toEqual([]);
      expect(pair!.reason).toBe('same_name_and_birth_date');
      expect(pair!.registrations.map((r) => [r.number, r.idType, r.idNumber]).sort()).toEqual(
        [
          [first.registration.number, null, null],
          [second.registration.number, 'NIN_KM', 'KM1234570'],
        ].sort(),
      );
      const text = await runCli(hq.ds, 'duplicates', []);
      expect(text).toContain('same_name_and_birth_date');
      expect(text).toMatch(new RegExp(`${second.registration.number}.*NIN_KM KM1234570`));
      expect(text).toMatch(new RegExp(`${first.registration.number}.*—`));

      // Moroni's candidate brings an ID card: another number of the same type, so another person.
      const identity = { ...pupil('MOR').identity!, idNumber: 'KM7654321' };
      await moroni.must('candidates.correct', {
        id: first.candidate.id,
        identity,
        confirmation: confirmationOf(identity),
      });
      await moroni.must('sync.now', {});
      expect(await listed('?all=1')).toEqual([]);
    });
  });

  describe('one ID number that many offices typed (a placeholder)', () => {
    it('pairs each registration with a bounded number of others, not with every one before it', async () => {
      const from = { officeCode: 'MOR', workstationId: 'w' };
      const person = { surname: 'Inconnu', givenNames: 'Sans Nom', birthDate: '2010-01-01', idType: 'NIN_KM' };
      const total = MAX_PAIRS_PER_RECORD + 10;
      for (let i = 0; i < total; i++) {
        await notePerson(hq.ds, `c${i}`, 1, {
          ...person,
          givenNames: `Sans Nom ${lettersOf(i)}`,
          idNumber: 'KM0000000',
        });
        await noteRegistration(hq.ds, from, `r${i}`, 1, {
          candidateId: `c${i}`,
          sessionId: 'KM-2026',
          examCode: 'BEPC',
          status: 'registered',
          number: `N-${i}`,
        });
        await findDuplicates(hq.ds, { candidates: [`c${i}`], registrations: [`r${i}`] }, new Date());
      }
      const pairsOf = async (reg: string) =>
        Number(
          (
            (await hq.ds.query(
              `SELECT COUNT(*) AS n FROM hq_duplicate WHERE registration_a = '${reg}' OR registration_b = '${reg}'`,
            )) as { n: number | string }[]
          )[0]!.n,
        );
      expect(await pairsOf(`r${total - 1}`)).toBe(MAX_PAIRS_PER_RECORD);
      expect(await pairsOf('r3')).toBeGreaterThan(0);
    });
  });

  describe('an HQ upgraded from before it listed numbers and duplicates', () => {
    /** What intake noted: each table's rows, the moment a pair was found aside. */
    const noted = async () => ({
      numbers: await hq.ds.query(
        `SELECT number, uuid, prefix, counter, year, sequence, received_at FROM hq_number ORDER BY number`,
      ),
      persons: await hq.ds.query(`SELECT * FROM hq_person ORDER BY candidate_uuid`),
      enrolments: await hq.ds.query(`SELECT * FROM hq_enrolment ORDER BY registration_uuid`),
      pairs: (await hq.ds.query(
        `SELECT registration_a, candidate_a, number_a, office_a, workstation_a, registration_b, candidate_b,
                number_b, office_b, workstation_b, reason FROM hq_duplicate ORDER BY registration_a, registration_b`,
      )) as { reason: string }[],
    });

    it('holds the same numbers and probable duplicates as intake noted, once its migrations fill them', async () => {
      const [moroni, mutsamudu] = [await counter('MOR'), await counter('MUT')];
      const paid = await moroni.must('registrations.submit', pupil('MOR'));
      await moroni.must('payments.take', { registrationId: paid.registration.id, mode: 'cash' });
      const other = await mutsamudu.must(
        'registrations.submit',
        pupil('MUT', { surname: 'Abderemane', idNumber: 'km1234570' }),
      );
      const noId: Identity = { surname: 'Mohamed', givenNames: 'Fatima', idType: null, idNumber: null };
      await moroni.must('registrations.submit', pupil('MOR', noId));
      await mutsamudu.must('registrations.submit', pupil('MUT', { ...noId, givenNames: 'FATIMA' }));
      const withdrawn = await mutsamudu.must('registrations.submit', {
        ...pupil('MUT', {}, 'BAC'),
        candidateId: other.candidate.id,
        identity: null,
        confirmation: null,
      });
      await mutsamudu.must('registrations.withdraw', { id: withdrawn.registration.id, reason: 'Erreur de saisie' });
      await moroni.must('sync.now', {});
      await mutsamudu.must('sync.now', {});
      const live = await noted();
      expect(live.pairs.map((p) => p.reason).sort()).toEqual(['same_id_number', 'same_name_and_birth_date']);
      expect(live.numbers.length).toBeGreaterThanOrEqual(9);

      // Back to before HeldNumbers, records kept, then up again: the migrations fill the lists.
      const since = hqMigrations.length - hqMigrations.findIndex((m) => m.name === 'HeldNumbers1767500000000');
      for (let i = 0; i < since; i++) await hq.ds.undoLastMigration({ transaction: 'each' });
      expect(await hq.count('hq_record')).toBeGreaterThan(0);
      await hq.ds.runMigrations({ transaction: 'each' });
      expect(await noted()).toEqual(live);
    });
  });
});
