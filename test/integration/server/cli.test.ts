import { createHash, randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../src-server/cli';
import { eachHqBackend, startHq } from '../../support/hq';

let hq: Awaited<ReturnType<typeof startHq>>;

const enrol = (code: string) =>
  fetch(`${hq.url}/enrol`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, officeCode: 'MOR', workstationCode: 'G1' }),
  });

eachHqBackend((backend) => {
  beforeEach(async () => {
    hq = await startHq({ backend });
  });
  afterEach(() => hq.close());

  describe('HQ staff command line', () => {
    it('adds an office, hands out a code a workstation enrols with, and sets a verdict by registration number', async () => {
      expect(
        await runCli(hq.ds, 'add-office', ['--code', 'MOR', '--name', 'Office de Moroni', '--region', 'Ngazidja']),
      ).toBe('Office MOR saved');
      const line = await runCli(hq.ds, 'enrol-code', ['--office', 'MOR']);
      const code = /: (\S+)$/.exec(line)![1]!;
      const res = await enrol(code);
      expect(res.status).toBe(200);
      const { token } = (await res.json()) as { token: string };

      const uuid = randomUUID();
      const payloadJson = JSON.stringify({ id: uuid, number: 'MORG1-BAC26-000001X' });
      const payloadHash = createHash('sha256').update(payloadJson).digest('hex');
      await fetch(`${hq.url}/records`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ entries: [{ uuid, entity: 'registration', version: 1, payloadHash, payloadJson }] }),
      });
      expect(await runCli(hq.ds, 'records', [])).toContain('MORG1-BAC26-000001X');
      await runCli(hq.ds, 'verdict', [
        '--registration',
        'MORG1-BAC26-000001X',
        '--kind',
        'rejected',
        '--reason',
        'Photo floue',
      ]);
      const verdicts = (await (
        await fetch(`${hq.url}/verdicts?after=0`, { headers: { authorization: `Bearer ${token}` } })
      ).json()) as { verdicts: unknown[] };
      expect(verdicts.verdicts).toMatchObject([{ registrationUuid: uuid, kind: 'rejected', reason: 'Photo floue' }]);

      // What the person setting the next verdict reads first.
      const shown = (await runCli(hq.ds, 'show', ['--registration', 'MORG1-BAC26-000001X'])).split('\n');
      expect(shown[0]).toBe(`Registration MORG1-BAC26-000001X (${uuid}), office MOR`);
      expect(shown[2]).toMatch(/^v1 +\S+Z +MOR G1$/);
      expect(shown).toContain('  "number": "MORG1-BAC26-000001X"');
      expect(shown).toContain('No conflict');
      expect(shown.at(-1)).toMatch(/^rejected +\S+Z +Photo floue$/);
    });

    it('lists the workstations with their last contact, and each conflict with what differs', async () => {
      await runCli(hq.ds, 'add-office', ['--code', 'MOR', '--name', 'Office de Moroni']);
      expect(await runCli(hq.ds, 'workstations', [])).toBe('No workstation enrolled');
      expect(await runCli(hq.ds, 'conflicts', [])).toBe('No conflict');
      const code = /: (\S+)$/.exec(await runCli(hq.ds, 'enrol-code', ['--office', 'MOR']))![1]!;
      const { token, workstationId } = (await (await enrol(code)).json()) as { token: string; workstationId: string };
      expect(await runCli(hq.ds, 'workstations', [])).toMatch(
        new RegExp(`^MOR +G1 +\\S+ +never +active +${workstationId}$`, 'm'),
      );

      const uuid = randomUUID();
      const send = (payload: object) => {
        const payloadJson = JSON.stringify(payload);
        const payloadHash = createHash('sha256').update(payloadJson).digest('hex');
        return fetch(`${hq.url}/records`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ entries: [{ uuid, entity: 'registration', version: 1, payloadHash, payloadJson }] }),
        });
      };
      const held = {
        number: 'MORG1-BAC26-000001X',
        candidate: { surname: 'Said', birthDate: '2007-05-14' },
        fee: 7500,
      };
      await send(held);
      await send({ ...held, candidate: { ...held.candidate, surname: 'Saïd' } });
      const lines = (await runCli(hq.ds, 'conflicts', [])).split('\n');
      expect(lines[0]).toMatch(/^received +from +record +number +differs in$/);
      expect(lines[1]).toMatch(
        new RegExp(`MOR G1 +registration ${uuid} v1 +MORG1-BAC26-000001X +candidate\\.surname$`),
      );
      expect(lines).toHaveLength(2);
      expect(await runCli(hq.ds, 'show', ['--registration', uuid])).toMatch(
        /^conflict +received +from +differs in\nv1 +\S+Z +MOR G1 +candidate\.surname\nNo verdict yet$/m,
      );

      // Its requests are its last contact now; revoked, it shows so.
      expect(await runCli(hq.ds, 'workstations', ['--office', 'MOR'])).not.toMatch(/never/);
      await runCli(hq.ds, 'revoke', ['--workstation', workstationId]);
      expect(await runCli(hq.ds, 'workstations', [])).toMatch(/ revoked /);
      expect(await runCli(hq.ds, 'workstations', ['--office', 'XYZ'])).toBe('No workstation enrolled for office XYZ');
    });

    it('refuses a registration number held twice and lists both, instead of setting the verdict on either', async () => {
      await runCli(hq.ds, 'add-office', ['--code', 'MOR', '--name', 'Office de Moroni']);
      const send = async (token: string, candidateName: string) => {
        const uuid = randomUUID();
        const payloadJson = JSON.stringify({ id: uuid, number: 'MORG1-26-000001F/001', candidateName });
        const payloadHash = createHash('sha256').update(payloadJson).digest('hex');
        await fetch(`${hq.url}/records`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ entries: [{ uuid, entity: 'registration', version: 1, payloadHash, payloadJson }] }),
        });
        return uuid;
      };
      const enrolled = async () => {
        const code = /: (\S+)$/.exec(await runCli(hq.ds, 'enrol-code', ['--office', 'MOR']))![1]!;
        return (await (await enrol(code)).json()) as { token: string; workstationId: string };
      };
      // G1 revoked, and another machine set up as G1 afresh: its numbers start again at 000001.
      const old = await enrolled();
      const first = await send(old.token, 'Said Ali');
      await runCli(hq.ds, 'revoke', ['--workstation', old.workstationId]);
      const replacement = await enrolled();
      // Received before HQ kept a list of the numbers it holds (hq_number), which now refuses the second at intake.
      await hq.ds.query(`DELETE FROM hq_number`);
      const second = await send(replacement.token, 'Mohamed Youssouf');
      // A number that only looks like it (LIKE's _ and case) is not one of them.
      await expect(runCli(hq.ds, 'show', ['--registration', 'morg1-26-000001f/001'])).rejects.toThrow(
        /No registration numbered/,
      );

      const verdict = runCli(hq.ds, 'verdict', ['--registration', 'MORG1-26-000001F/001', '--kind', 'accepted']);
      await expect(verdict).rejects.toMatchObject({ status: 409, code: 'ambiguous_number' });
      const lines = (await verdict.catch((e: Error) => e.message)).split('\n');
      expect(lines[0]).toBe(
        '2 registrations are numbered MORG1-26-000001F/001 at headquarters; give the uuid of the one meant:',
      );
      expect(lines[1]).toMatch(
        new RegExp(`^  ${first}  from MOR G1 \\(workstation ${old.workstationId}\\), .*, Said Ali$`),
      );
      expect(lines[2]).toMatch(
        new RegExp(`^  ${second}  from MOR G1 \\(workstation ${replacement.workstationId}\\), .*, Mohamed Youssouf$`),
      );
      await expect(runCli(hq.ds, 'show', ['--registration', 'MORG1-26-000001F/001'])).rejects.toThrow(
        /2 registrations are numbered/,
      );
      expect(await hq.count('hq_verdict')).toBe(0);
      expect(await runCli(hq.ds, 'verdict', ['--registration', second, '--kind', 'accepted'])).toMatch(
        new RegExp(`recorded for ${second}$`),
      );
    });

    it('says what is missing or unknown instead of guessing', async () => {
      await expect(runCli(hq.ds, 'enrol-code', [])).rejects.toThrow(/Missing --office/);
      await expect(runCli(hq.ds, 'enrol-code', ['--office', 'XYZ'])).rejects.toThrow(/Unknown office/);
      // A code's life: 1 to 720 hours, said plainly otherwise, and nothing issued.
      await runCli(hq.ds, 'add-office', ['--code', 'MOR', '--name', 'Office de Moroni']);
      for (const hours of ['abc', '0', '100000000', '721', '1.5', '', '1e2', '-3'])
        await expect(runCli(hq.ds, 'enrol-code', ['--office', 'MOR', `--hours=${hours}`])).rejects.toThrow(
          `--hours must be a whole number of hours from 1 to 720 (30 days), not ${hours}`,
        );
      expect(await hq.count('enrolment_code')).toBe(0);
      const now = new Date('2026-03-02T08:00:00Z');
      expect(await runCli(hq.ds, 'enrol-code', ['--office', 'MOR', '--hours', '720'], now)).toMatch(
        /^Enrolment code for MOR \(one use, valid 720 h\): \S+$/,
      );
      expect(await hq.ds.query(`SELECT expires_at AS "expiresAt" FROM enrolment_code`)).toEqual([
        { expiresAt: '2026-04-01T08:00:00.000Z' },
      ]);
      await expect(runCli(hq.ds, 'verdict', ['--registration', 'NOPE', '--kind', 'rejected'])).rejects.toThrow(
        /No registration numbered NOPE/,
      );
      await expect(runCli(hq.ds, 'show', ['--registration', 'MORG1-NOPE'])).rejects.toThrow(
        /No registration numbered MORG1-NOPE/,
      );
      await expect(runCli(hq.ds, 'frobnicate', [])).rejects.toThrow(/Unknown command/);
      // A verdict HQ staff could not mean: on a payment, or on a piece the catalogue does not ask.
      await runCli(hq.ds, 'add-office', ['--code', 'MOR', '--name', 'Office de Moroni']);
      const code = /: (\S+)$/.exec(await runCli(hq.ds, 'enrol-code', ['--office', 'MOR']))![1]!;
      const { token } = (await (await enrol(code)).json()) as { token: string };
      const send = async (entity: string, payload: object) => {
        const uuid = randomUUID();
        const payloadJson = JSON.stringify(payload);
        const payloadHash = createHash('sha256').update(payloadJson).digest('hex');
        await fetch(`${hq.url}/records`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ entries: [{ uuid, entity, version: 1, payloadHash, payloadJson }] }),
        });
        return uuid;
      };
      const payment = await send('payment', { receiptNumber: 'MORG1-R26-000001' });
      await send('registration', { number: 'MORG1-26-000001F/001', examCode: 'BAC', category: 'scolaire' });
      await expect(
        runCli(hq.ds, 'verdict', ['--registration', payment, '--kind', 'rejected', '--reason', 'Reçu illisible']),
      ).rejects.toThrow(`${payment} is a payment record, not a registration`);
      const pieceVerdict = (piece: string[]) =>
        runCli(hq.ds, 'verdict', ['--registration', 'MORG1-26-000001F/001', '--kind', 'piece_non_conforme', ...piece]);
      await expect(pieceVerdict([])).rejects.toThrow(/names the piece \(--piece CODE/);
      await runCli(hq.ds, 'publish-catalogue', ['--file', 'src-main/modules/reference/catalogues/comores-2026.json']);
      await expect(pieceVerdict(['--piece', 'BOGUS'])).rejects.toThrow(
        /^Piece BOGUS is not one catalogue version 1 asks of this registration \(BAC, scolaire\): NAISSANCE, /,
      );
      expect(await pieceVerdict(['--piece', 'NAISSANCE'])).toMatch(/^Verdict \d+ \(piece_non_conforme\) recorded/);
    });
  });
});
