import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../src-main/app/createApp';
import { ficheDocument } from '../../src-main/modules/printing/documents/fiche';
import { photoLike } from '../support/files';
import { renderPdf } from '../../src-main/modules/printing/render';
import { findRegistration } from '../../src-main/modules/registrations/repository';
import { setupInput } from '../support/app';
import { bacSubmission } from '../support/submissions';

const N = 1000;
const RUNS = 30;
const WARMUP = 10;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function benchPrinting(): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'guichet-bench-'));
  const app = await createApp({ dataDir: dir });
  try {
    await app.dispatch('setup.initialize', setupInput, null);
    const login = await app.dispatch(
      'auth.login',
      { username: setupInput.adminUsername, password: setupInput.adminPassword },
      null,
    );
    const token = login.ok ? (login.value as { token: string }).token : null;
    const ids: string[] = [];
    for (let i = 0; i < N; i++) {
      const r = await app.dispatch('registrations.submit', bacSubmission(i + 1), token);
      if (!r.ok) throw new Error(`save failed: ${JSON.stringify(r.error)}`);
      ids.push((r.value as { registration: { id: string } }).registration.id);
    }

    // The exam photo as the dossier stores it (a phone picture normalised to the photo spec), on
    // the fiches measured below: printing reads it from the file store like at the counter.
    const source = (await photoLike(1200, 1600)).toString('base64');
    for (const id of ids.slice(0, 10 + WARMUP)) {
      const r = await app.dispatch('dossier.photo', { registrationId: id, base64: source, photoNumber: null }, token);
      if (!r.ok) throw new Error(`photo failed: ${JSON.stringify(r.error)}`);
    }

    // The whole call as the counter makes it (read, render, lock, log), with a photo.
    const calls: number[] = [];
    for (const [i, id] of ids.slice(0, 10 + WARMUP).entries()) {
      const t0 = performance.now();
      const r = await app.dispatch('printing.fiche', { registrationId: id }, token);
      if (i >= WARMUP) calls.push(performance.now() - t0);
      if (!r.ok) throw new Error(`fiche failed: ${JSON.stringify(r.error)}`);
    }

    // One fiche with photo and QR: gather (photo included), sign, lay out and render (what a print costs before the lock).
    const printing = app.services.printing;
    const reg = (await findRegistration(app.store.em, ids[0]!))!;
    const single: number[] = [];
    const singleCpu: number[] = [];
    for (let i = 0; i < RUNS + WARMUP; i++) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const { data, qr } = await printing.prepareFiche(reg, new Date().toISOString(), 'Bench');
      if (!data.photo) throw new Error('the bench fiche has no photo');
      await renderPdf(ficheDocument(data, qr));
      const c = process.cpuUsage(c0);
      if (i >= WARMUP) singleCpu.push((c.user + c.system) / 1000);
      if (i >= WARMUP) single.push(performance.now() - t0);
    }
    let peak = process.memoryUsage().rss;
    const base = peak;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const batch = await app.dispatch('printing.batch', { examCode: 'BAC' }, token);
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    clearInterval(sampler);
    if (!batch.ok) throw new Error(`batch failed: ${JSON.stringify(batch.error)}`);
    const out = batch.value as { count: number; pdfBase64: string };
    if (out.count !== N) throw new Error(`batch printed ${out.count} fiches`);
    return {
      fiche_pdf_ms: median(single),
      // CPU time of the same: what the fiche costs when other work shares the cores.
      fiche_pdf_cpu_ms: median(singleCpu),
      fiche_print_call_ms: median(calls),
      batch_1000_fiches_s: seconds,
      // CPU time of this process: on a machine shared with other work, wall time alone overstates the cost.
      batch_1000_cpu_s: (cpu.user + cpu.system) / 1e6,
      batch_1000_pdf_mb: (out.pdfBase64.length * 0.75) / 1e6,
      batch_1000_rss_growth_mb: (peak - base) / 1e6,
    };
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
