import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApp, type TestApp } from '../support/app';
import { BEPC, fillTemplate, pupil, toBase64 } from '../support/excel';

/**
 * The school's template, its XML mutated at random (a fixed seed, so a failure replays): whatever
 * the damage, the clerk gets a preview or a message about the file, never an internal error, and
 * soon. Mutations of this kind found a column range and cells merged over a whole column that
 * took gigabytes, and a drop-down list stretched to a hundred million rows that never finished.
 */
const MUTATIONS = 150;
const SEED = 20261126;

let t: TestApp;
let original: Buffer;
beforeAll(async () => {
  t = await makeApp({ now: '2026-03-02T08:00:00Z' });
  await t.login();
  const template = (await t.must('excel.template', BEPC)).base64;
  original = Buffer.from(await toBase64(await fillTemplate(template, [pupil(0), pupil(1), pupil(2)])), 'base64');
});
afterAll(() => t.close());

function random(seed: number) {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  return { next, pick: <T>(items: T[]) => items[Math.floor(next() * items.length)]! };
}

type Mutation = (xml: string, r: ReturnType<typeof random>) => string;
const at = (xml: string, r: ReturnType<typeof random>) => Math.floor(r.next() * xml.length);
const mutations: Mutation[] = [
  (xml, r) => {
    const from = at(xml, r);
    return xml.slice(0, from) + xml.slice(from + Math.floor(r.next() * 200));
  },
  (xml, r) => {
    const from = at(xml, r);
    return xml.slice(0, from) + xml.slice(from, from + Math.floor(r.next() * 300)) + xml.slice(from);
  },
  (xml, r) => {
    const numbers = [...xml.matchAll(/\d+/g)];
    if (!numbers.length) return xml;
    const m = r.pick(numbers);
    const value = r.pick(['0', '-1', '3.5', '', '16385', '1048577', '99999999']);
    return xml.slice(0, m.index) + value + xml.slice(m.index + m[0].length);
  },
  (xml, r) => {
    const values = [...xml.matchAll(/="([^"]*)"/g)];
    if (!values.length) return xml;
    const m = r.pick(values);
    const value = r.pick(['', 'A0', 'ZZZZ9', '<', '&amp;', 'A1:XFD1048576', 'x'.repeat(5000)]);
    return `${xml.slice(0, m.index)}="${value}"${xml.slice(m.index + m[0].length)}`;
  },
  (xml, r) => xml.replace(/t="\w+"/, `t="${r.pick(['s', 'd', 'e', 'b', 'str', 'inlineStr', 'n', 'x'])}"`),
];

describe('a school list damaged at random', () => {
  it(`gets a preview or a message about the file, ${MUTATIONS} times out of ${MUTATIONS}`, async () => {
    const r = random(SEED);
    const zip0 = await JSZip.loadAsync(original);
    const parts = Object.keys(zip0.files).filter((n) => /\.(xml|rels)$/.test(n));
    const hot = ['xl/worksheets/sheet1.xml', 'xl/sharedStrings.xml', 'xl/workbook.xml'];
    const outcomes = new Map<string, number>();
    for (let i = 0; i < MUTATIONS; i++) {
      const zip = await JSZip.loadAsync(original);
      const part = r.next() < 0.6 ? r.pick(hot) : r.pick(parts);
      if (r.next() < 0.05) zip.remove(part);
      else zip.file(part, r.pick(mutations)(await zip.file(part)!.async('string'), r));
      const fileBase64 = (await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' })).toString('base64');
      const result = await t.call('excel.preview', { ...BEPC, fileBase64 });
      const outcome = result.ok ? 'preview' : `${result.error.code}:${result.error.fields?.file?.code ?? '?'}`;
      expect(outcome, `mutation ${i} of ${part}`).toMatch(/^(preview|invalid_input:xlsx_\w+)$/);
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    }
    // The damage reached both sides: files still read, and files refused for what they are.
    expect(outcomes.get('preview')).toBeGreaterThan(MUTATIONS / 10);
    expect(outcomes.get('invalid_input:xlsx_corrupt')).toBeGreaterThan(MUTATIONS / 10);
  }, 120_000);
});
