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
    });

    it('says what is missing or unknown instead of guessing', async () => {
      await expect(runCli(hq.ds, 'enrol-code', [])).rejects.toThrow(/Missing --office/);
      await expect(runCli(hq.ds, 'enrol-code', ['--office', 'XYZ'])).rejects.toThrow(/Unknown office/);
      await expect(runCli(hq.ds, 'verdict', ['--registration', 'NOPE', '--kind', 'rejected'])).rejects.toThrow(
        /No registration numbered NOPE/,
      );
      await expect(runCli(hq.ds, 'frobnicate', [])).rejects.toThrow(/Unknown command/);
    });
  });
});
