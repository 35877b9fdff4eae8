import type { EntityManager } from 'typeorm';
import { readStatusFailure, type SyncStatus } from '../../../shared/contract/sync';
import type { HqPublicKeys, PushResult, Verdict } from '../../../shared/contract/hq';
import type { Clock } from '../../core/clock';
import { AppError } from '../../core/errors';
import { silentLogger, type Logger } from '../../core/logger';
import { SYSTEM_ACTOR, type Actor, type Store, type Tx } from '../../db/store';
import type { PreregService } from '../prereg/service';
import type { ReferenceService } from '../reference/service';
import type { SetupService } from '../setup/service';
import { HqClient, HqUnavailable, SyncStopped } from './client';
import { enrolFailure } from './enrolFailure';
import { failureCode, failureDetail } from './failure';
import { FilePusher, type FileReader } from './files';
import { workstationKeys } from '../transfer/keys';
import { logRun, type Refusal } from './runLog';
import { hqTag, isAnotherHq, requeueHistory, resetPullCursors, type Requeued } from './resend';
import { readState, writeState, type SyncState } from './state';
import { settledWithin } from '../../core/settled';

const BATCH = 200;
/** Closing waits this long for a run to end once asked to stop: never a hang, whatever HQ does. */
export const STOP_WAIT_MS = 5_000;

/**
 * The first automatic run comes this soon after start-up, not a whole interval later: the office
 * opening in the morning gets the night's verdicts and catalogue, and sends yesterday's late records.
 */
export const FIRST_AUTO_RUN_MS = 30_000;

/**
 * Enrolment is one small call an administrator waits on at the form: an HQ that takes longer than
 * this is not going to answer, and is said so at the address field. A sync run keeps the client's
 * 20 s, which a batch of records or a scan on a small line may need.
 */
export const ENROL_TIMEOUT_MS = 8_000;

/** HQ's public keys, kept for USB transfer: the one bundles are encrypted to, the one acknowledgements are signed with. */
const hqKeys = (k: HqPublicKeys | undefined) =>
  k ? { hqEncryptionKey: k.encryptionPublicKey, hqSigningKey: k.signingPublicKey } : {};

export interface OutboxRow {
  id: string;
  entity: string;
  entity_id: string;
  version: number;
  payload_json: string;
  payload_hash: string;
  attempts: number;
}

/**
 * The phases a successful sync needs, the one the offline limit counts from: HQ has what this
 * workstation recorded (records, then their files) and the workstation has HQ's catalogue. The
 * pre-registrations and the verdicts are HQ's lists for the office; one failing is reported, but
 * does not make the counter look out of touch while its records reach HQ.
 */
const HQ_HOLDS_IT = ['records', 'files', 'catalogue'];

/** Exponential backoff with jitter, capped at an hour: a server down all day is not hammered. */
export const backoffMs = (attempts: number, random = Math.random) =>
  Math.min(3_600_000, 30_000 * 2 ** Math.min(attempts, 7)) * (0.5 + random() / 2);

/**
 * Pushes the outbox to headquarters record by record (in batches, answered per entry), then
 * pulls the catalogue and the verdicts. Each phase fails on its own: a catalogue that cannot
 * be fetched never stops records from going out, and a rejected record never blocks the others.
 * Only no answer at all (a timeout, no connection) ends the run there: the phases left are
 * reported as not attempted instead of each waiting out the same timeout.
 */
export class SyncService {
  private running: Promise<SyncStatus> | null = null;
  /** Background runs waiting for the one in progress to end. */
  private queued = 0;
  /** Cuts the run in progress: its request to HQ, and the batches after it. */
  private abort: AbortController | null = null;
  /** The app is closing: no run starts any more. */
  private stopping = false;
  private readonly autoTimers = new Set<ReturnType<typeof setInterval>>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly setup: SetupService,
    private readonly reference: ReferenceService,
    readFile: FileReader = () => null,
    private readonly makeClient: (
      url: string,
      token: string | null,
      timeoutMs?: number,
      signal?: AbortSignal,
    ) => HqClient = (u, t, ms, signal) => new HqClient(u, t, ms, signal),
    private readonly prereg: PreregService | null = null,
    private readonly logger: Logger = silentLogger,
  ) {
    this.files = new FilePusher(store, clock, readFile, (a) => backoffMs(a));
  }

  private readonly files: FilePusher;

  async enrol(actor: Actor, serverUrl: string, code: string): Promise<SyncStatus> {
    const { office, workstation } = this.setup.requireIdentity();
    let answer;
    try {
      const { publicPem } = await workstationKeys(this.store);
      answer = await this.makeClient(serverUrl, null, ENROL_TIMEOUT_MS).enrol(
        code,
        office.code,
        workstation.code,
        publicPem,
      );
    } catch (e) {
      throw enrolFailure(e, { office: office.code, workstation: workstation.code }, ENROL_TIMEOUT_MS / 1000);
    }
    await this.store.change(actor, async (tx) => {
      // Never backwards: the same machine enrolling again holds these numbers already, and moves nothing.
      const continued = tx.continueSequences(answer.sequences ?? {});
      // A new or rebuilt HQ holds nothing of what the old one acknowledged: this workstation is the only other copy.
      const before = await readState(tx.em);
      const another = isAnotherHq(before, serverUrl, answer.hqKeys);
      const requeued = another ? await requeueHistory(tx) : null;
      const cursorsReset = another ? await resetPullCursors(tx, before) : null;
      await writeState(
        tx.em,
        {
          serverUrl,
          token: answer.token,
          workstationId: answer.workstationId,
          lastError: null,
          ...hqKeys(answer.hqKeys),
        },
        tx.now,
      );
      await tx.audit({
        action: 'sync.enrol',
        entity: 'setting',
        entityId: 'sync',
        after: {
          serverUrl,
          workstationId: answer.workstationId,
          ...(Object.keys(continued).length ? { sequencesContinued: continued } : {}),
          ...(requeued ? { historyRequeued: requeued } : {}),
          ...(cursorsReset ? { pullCursorsReset: cursorsReset } : {}),
        },
      });
    });
    this.logger.info('sync enrolled', { workstationId: answer.workstationId });
    // What waits out its backoff mostly failed for want of this token: it goes now, forced. In the
    // background, as a resend's: with a new HQ it is the whole history, which the administrator
    // should not wait on at the form; the status says the run is in progress.
    this.syncInBackground();
    return this.status();
  }

  /**
   * « Renvoyer tout l'historique au siège »: an HQ restored from an old backup keeps its keys, so
   * enrolling again cannot tell it lost what it had acknowledged since. Answers once the history is
   * queued, with how much was: the sync that sends it may take long on a small line, or wait out
   * HQ's timeout, so it goes on as a forced run in the background, which the status shows running.
   */
  async resendHistory(actor: Actor): Promise<{ requeued: Requeued; status: SyncStatus }> {
    const { serverUrl, token } = await readState(this.store.em);
    if (!token) throw new AppError('conflict', 'This workstation is not enrolled with headquarters');
    const requeued = await this.store.change(actor, async (tx) => {
      const n = await requeueHistory(tx);
      await tx.audit({
        action: 'sync.resend',
        entity: 'outbox',
        entityId: null,
        after: { serverUrl, historyRequeued: n },
      });
      return n;
    });
    this.logger.info('sync history requeued', { ...requeued });
    this.syncInBackground();
    return { requeued, status: await this.status() };
  }

  /**
   * A forced run nobody waits for, after the one in progress if any (it may be past the records
   * already). What fails in it is reported as in any run, in the sync state and the log.
   */
  private syncInBackground(): void {
    if (this.stopping) return;
    const current = this.running?.catch(() => undefined);
    // Counted as running while it waits its turn: between the two runs the status still says one is in progress.
    this.queued++;
    const start = () => {
      this.queued--;
      // The app closed while this run waited its turn: the next start's runs send what it would have.
      return this.stopping ? Promise.resolve(null) : this.syncNow({ force: true });
    };
    const next = current ? current.then(start) : start();
    next.catch((e: unknown) =>
      this.logger.error('sync background run error', { error: e instanceof Error ? e.name : typeof e }),
    );
  }

  /**
   * Runs on its own `firstAfterMs` after start-up, then every `everyMs` while the app is open. When
   * HQ is unreachable a run only moves rows to 'retry' (backoff keeps it light), so no separate
   * online check is needed.
   */
  startAuto(everyMs: number, firstAfterMs = Math.min(everyMs, FIRST_AUTO_RUN_MS)): () => void {
    const run = () => void this.syncNow().catch(() => undefined);
    const timers = [setTimeout(run, firstAfterMs), setInterval(run, everyMs)];
    for (const timer of timers) this.autoTimers.add(timer.unref());
    return () => {
      for (const timer of timers) {
        clearTimeout(timer);
        this.autoTimers.delete(timer);
      }
    };
  }

  /**
   * Before the database closes: no run starts any more, and the one in progress stops at its next
   * request or batch, its request to HQ cut. What it was sending stays to send, at the next start.
   * Waits at most `waitMs` for it to end, so closing never hangs on it.
   */
  async stop(waitMs = STOP_WAIT_MS): Promise<void> {
    this.stopping = true;
    for (const timer of this.autoTimers) clearTimeout(timer);
    this.autoTimers.clear();
    this.abort?.abort();
    const run = this.running;
    if (run && !(await settledWithin([run], waitMs)))
      this.logger.warn('sync run still in progress at close', { waitedMs: waitMs });
  }

  /**
   * One run at a time; a second caller waits for the run in progress. `force` (the clerk's
   * "Synchroniser maintenant") also sends what is waiting out its backoff: the clerk knows the network is back.
   */
  syncNow(opts: { force?: boolean } = {}): Promise<SyncStatus> {
    if (this.stopping) return Promise.reject(new AppError('internal', 'Guichet is closing'));
    this.running ??= this.run(opts.force ?? false).finally(() => {
      this.running = null;
      this.abort = null;
    });
    return this.running;
  }

  private async run(force: boolean): Promise<SyncStatus> {
    const abort = new AbortController();
    this.abort = abort;
    const state = await readState(this.store.em);
    if (!state.serverUrl || !state.token) return this.status(false);
    const client = this.makeClient(state.serverUrl, state.token, undefined, abort.signal);
    const startedAt = this.clock.now().toISOString();
    const failed = new Set<string>();
    const errors: string[] = [];
    const details: string[] = [];
    const refused: Refusal[] = [];
    const filesSetAside: string[] = [];
    let serverTime: string | null = null;
    let unreachable = false;
    let serverError = false;
    let stopped = false;
    const phase = async (name: string, work: () => Promise<string | null>) => {
      // The app is closing: the phases left are for the next start, and nothing is reported as failed.
      if (stopped || abort.signal.aborted) return void (stopped = true);
      failed.add(name);
      // HQ timed out or could not be reached: each later phase would wait as long for nothing.
      if (unreachable) return void errors.push(`${name}: not_attempted`);
      try {
        serverTime = (await work()) ?? serverTime;
        failed.delete(name);
      } catch (e) {
        if (e instanceof SyncStopped) return void (stopped = true);
        // A code, not a sentence: the page says it in the clerk's language (sync.errors.<code>).
        const code = failureCode(e);
        errors.push(`${name}: ${code}`);
        if (readStatusFailure(code)?.kind === 'server') serverError = true;
        if (e instanceof HqUnavailable) details.push(`${name}: ${failureDetail(e)}`);
        if (e instanceof HqUnavailable && e.kind === 'network') unreachable = true;
        // A fault of this workstation: its kind for support, never its message (it may quote data).
        else if (!(e instanceof HqUnavailable))
          this.logger.error('sync phase error', {
            phase: name,
            error: e instanceof Error ? e.name : typeof e,
            code: (e as { code?: unknown } | null)?.code ?? null,
          });
      }
    };
    await phase('records', () => this.pushOutbox(client, force, refused));
    await phase('files', async () => {
      await this.files.push(client, force, filesSetAside);
      return null;
    });
    await phase('catalogue', () => this.pullCatalogue(client));
    // Pulled under this run's enrolment: one made meanwhile (maybe with another HQ) owns the cursors.
    const sameEnrolment = async (em: EntityManager) => (await readState(em)).token === state.token;
    if (this.prereg)
      await phase('preregistrations', () =>
        this.prereg!.pull((after) => client.preregistrations(after), sameEnrolment),
      );
    await phase('verdicts', () => this.pullVerdicts(client, state));
    if (stopped) {
      // Not an attempt HQ failed: the state and the log's failure count stay as the last full run left them.
      this.logger.info('sync run stopped: the app is closing');
      return this.status(false);
    }
    const now = this.clock.now();
    const waiting = await this.store.change(SYSTEM_ACTOR, async (tx) => {
      const left = await this.leftToSend(tx, startedAt);
      const succeeded = !HQ_HOLDS_IT.some((p) => failed.has(p)) && !left;
      await writeState(
        tx.em,
        {
          lastError: errors.length ? errors.join(' · ') : null,
          // For the status bar: whether HQ answers, from the last time it was asked, not the browser's network flag.
          lastAttemptAt: now.toISOString(),
          unreachableSince: unreachable ? (state.unreachableSince ?? now.toISOString()) : null,
          hqErrorSince: serverError ? (state.hqErrorSince ?? now.toISOString()) : null,
          ...(succeeded ? { lastSuccessAt: now.toISOString() } : {}),
          ...(serverTime ? { clockSkewSeconds: Math.round((now.getTime() - Date.parse(serverTime)) / 1000) } : {}),
          // Kept for the log's « recovered » line, which says since when and after how many runs.
          failingSince: errors.length ? (state.failingSince ?? now.toISOString()) : null,
          failedRuns: errors.length ? state.failedRuns + 1 : 0,
        },
        tx.now,
      );
      return left;
    });
    logRun(this.logger, state, now.toISOString(), { errors, details, waiting, refused, filesSetAside });
    return this.status(this.queued > 0);
  }

  /**
   * Records written before `before` and files that are still to go (waiting, being sent, or
   * waiting out their backoff). Refused ones are not counted: sending them again changes nothing
   * until the clerk acts, and the page lists them.
   */
  private async leftToSend(tx: Tx, before: string): Promise<number> {
    const [row] = (await tx.em.query(
      `SELECT (SELECT COUNT(*) FROM outbox WHERE state IN ('pending','sending','retry') AND created_at <= ?)
            + (SELECT COUNT(*) FROM outbox_file WHERE state IN ('pending','retry')) AS n`,
      [before],
    )) as { n: number }[];
    return row?.n ?? 0;
  }

  /** `refused` collects what HQ refused in this run. */
  private async pushOutbox(client: HqClient, force: boolean, refused: Refusal[]): Promise<string | null> {
    let serverTime: string | null = null;
    const done = new Set<string>();
    // Forced: every retry is due now. The rows tried in this run are in `done`, so a failure is not retried in a loop.
    const dueBy = force ? '9999' : this.clock.now().toISOString();
    for (;;) {
      client.throwIfStopped();
      // 'sending' rows are leftovers of a run that was killed: the server's idempotency makes resending safe.
      const rows = (
        (await this.store.em.query(
          `SELECT id, entity, entity_id, version, payload_json, payload_hash, attempts FROM outbox
          WHERE state IN ('pending','sending') OR (state = 'retry' AND next_attempt_at <= ?)
          ORDER BY created_at, rowid LIMIT ?`,
          [dueBy, BATCH + done.size],
        )) as OutboxRow[]
      )
        .filter((r) => !done.has(r.id))
        .slice(0, BATCH);
      if (!rows.length) return serverTime;
      await this.mark(rows, `state = 'sending'`);
      let answer;
      try {
        answer = await client.push(
          rows.map((r) => ({
            uuid: r.entity_id,
            entity: r.entity,
            version: r.version,
            payloadHash: r.payload_hash,
            payloadJson: r.payload_json,
          })),
        );
      } catch (e) {
        // Cut by the app closing: no attempt counted, no backoff; the next start sends them first.
        if (e instanceof SyncStopped) await this.mark(rows, `state = 'pending'`);
        else await this.retryLater(rows, failureCode(e));
        throw e;
      }
      refused.push(...(await this.apply(rows, answer.results)));
      rows.forEach((r) => done.add(r.id));
      serverTime = answer.serverTime;
    }
  }

  private apply(rows: OutboxRow[], results: PushResult[]) {
    return this.store.change(SYSTEM_ACTOR, (tx) => this.applyIn(tx, rows, results));
  }

  /** HQ's answers for some outbox rows, from the network or from a USB acknowledgement; returns those it refused. */
  async applyIn(tx: Tx, rows: OutboxRow[], results: PushResult[]): Promise<Refusal[]> {
    const byKey = new Map(results.map((r) => [`${r.uuid}/${r.version}`, r]));
    const refused: Refusal[] = [];
    {
      const accepted = rows.filter((row) => {
        const status = byKey.get(`${row.entity_id}/${row.version}`)?.status;
        return status === 'accepted' || status === 'duplicate';
      });
      // Same transaction as the record's 'synced': a kill in between cannot forget its files.
      await this.files.enqueue(
        tx,
        accepted.map((r) => r.payload_json),
      );
      for (const row of rows) {
        const r = byKey.get(`${row.entity_id}/${row.version}`);
        const [state, error] = !r
          ? ['retry', 'no_answer']
          : r.status === 'accepted' || r.status === 'duplicate'
            ? ['synced', null]
            : ['rejected', r.reason ?? r.status];
        await tx.em.query(
          `UPDATE outbox SET state = ?, last_error = ?, attempts = attempts + 1, next_attempt_at = ?, updated_at = ? WHERE id = ?`,
          [
            state,
            error,
            state === 'retry' ? new Date(this.clock.now().getTime() + backoffMs(row.attempts)).toISOString() : null,
            tx.now,
            row.id,
          ],
        );
        if (state === 'rejected')
          refused.push({ entity: row.entity, entityId: row.entity_id, version: row.version, reason: error ?? '' });
      }
    }
    return refused;
  }

  private async retryLater(rows: OutboxRow[], error: string) {
    await this.store.change(SYSTEM_ACTOR, async (tx) => {
      for (const row of rows)
        await tx.em.query(
          `UPDATE outbox SET state = 'retry', attempts = attempts + 1, next_attempt_at = ?, last_error = ?, updated_at = ? WHERE id = ?`,
          [new Date(this.clock.now().getTime() + backoffMs(row.attempts)).toISOString(), error, tx.now, row.id],
        );
    });
  }

  private async mark(rows: OutboxRow[], set: string) {
    await this.store.change(SYSTEM_ACTOR, (tx) =>
      tx.em.query(`UPDATE outbox SET ${set}, updated_at = ? WHERE id IN (${rows.map(() => '?').join(',')})`, [
        tx.now,
        ...rows.map((r) => r.id),
      ]),
    );
  }

  /**
   * Asks for anything newer than the catalogue in force; while that is the built-in demo one, for
   * anything at all (since = 0): HQ's first catalogue may carry the demo's number, 1.
   */
  private async pullCatalogue(client: HqClient): Promise<string> {
    const builtIn = this.reference.builtIn;
    const answer = await client.catalogue(builtIn ? 0 : this.reference.version);
    if (answer.hqKeys) {
      const keys = answer.hqKeys;
      await this.store.change(SYSTEM_ACTOR, (tx) => writeState(tx.em, hqKeys(keys), tx.now));
    }
    if (!answer.upToDate && (builtIn || answer.version > this.reference.version))
      await this.reference.install(SYSTEM_ACTOR, answer.catalogue, 'hq');
    return answer.serverTime;
  }

  private async pullVerdicts(client: HqClient, state: SyncState): Promise<string> {
    const answer = await client.verdicts(state.verdictCursor);
    if (!answer.verdicts.length) return answer.serverTime;
    await this.store.change(SYSTEM_ACTOR, (tx) => this.saveVerdicts(tx, answer.verdicts, state.token));
    return answer.serverTime;
  }

  /**
   * Verdicts from the network or a USB acknowledgement, got under the enrolment whose token is
   * `enrolment`. They are numbered by the HQ enrolled with: kept as its own, after its cursor, which
   * only moves forward. Got under an enrolment replaced since, none is kept: the cursor is another
   * HQ's now, and the next run or acknowledgement brings them. Returns how many were new here: one
   * already held (same HQ, same number) is neither stored nor audited again.
   */
  async saveVerdicts(tx: Tx, verdicts: Verdict[], enrolment: string | null): Promise<number> {
    const state = await readState(tx.em);
    if (state.token !== enrolment) return 0;
    const hq = hqTag(state);
    const cursor = state.verdictCursor;
    let saved = 0;
    for (const v of verdicts) {
      if (v.seq <= cursor) continue;
      const [held] = (await tx.em.query(`SELECT 1 AS held FROM verdict WHERE hq = ? AND seq = ?`, [
        hq,
        v.seq,
      ])) as unknown[];
      if (held) continue;
      await tx.em.query(
        `INSERT INTO verdict (hq, seq, registration_id, kind, reason, piece_code, decided_at, received_at) VALUES (?,?,?,?,?,?,?,?)`,
        [hq, v.seq, v.registrationUuid, v.kind, v.reason, v.pieceCode, v.createdAt, tx.now],
      );
      await tx.audit({ action: 'sync.verdict', entity: 'registration', entityId: v.registrationUuid, after: v });
      saved++;
    }
    const last = Math.max(cursor, ...verdicts.map((v) => v.seq));
    if (last > cursor) await writeState(tx.em, { verdictCursor: last }, tx.now);
    return saved;
  }

  /**
   * Verdicts received on this workstation's registrations, newest first; for some registrations only
   * when `registrationIds` is given. One on a registration unknown here is left out (it stays in the
   * audit log): HQ used to send every workstation the whole office's, which showed here as bare uuids,
   * counted in the status bar's refusals, though the clerk here could do nothing with them.
   */
  async verdicts(registrationIds?: string[]): Promise<SyncStatus['verdicts']> {
    const only = registrationIds
      ? `WHERE v.registration_id IN (${registrationIds.map(() => '?').join(',') || 'NULL'})`
      : '';
    return (await this.store.em.query(
      `SELECT v.id, v.seq, v.registration_id AS registrationId, r.number AS registrationNumber, r.candidate_id AS candidateId,
              CASE WHEN c.id IS NULL THEN NULL ELSE c.surname || ' ' || c.given_names END AS candidateName,
              v.kind, v.reason, v.piece_code AS pieceCode, v.decided_at AS decidedAt
         FROM verdict v
         JOIN registration r ON r.id = v.registration_id
         LEFT JOIN candidate c ON c.id = r.candidate_id
         ${only} ORDER BY v.id DESC LIMIT 100`,
      registrationIds ?? [],
    )) as SyncStatus['verdicts'];
  }

  /** `running`: whether a run is in progress; a run's own closing status says it has ended, unless another waits behind it. */
  async status(running = this.running !== null || this.queued > 0): Promise<SyncStatus> {
    const em = this.store.em;
    const state = await readState(em);
    const counts = Object.fromEntries(
      (
        (await em.query(`SELECT state, COUNT(*) AS n FROM outbox GROUP BY state`)) as { state: string; n: number }[]
      ).map((r) => [r.state, r.n]),
    );
    const [next] = (await em.query(`SELECT MIN(next_attempt_at) AS at FROM outbox WHERE state = 'retry'`)) as {
      at: string | null;
    }[];
    // The candidate each row concerns, so the page can link to where the clerk fixes it.
    const rejections = (await em.query(
      `SELECT o.entity, o.entity_id AS entityId, o.version, o.last_error AS reason,
              COALESCE(c.id, r.candidate_id, pr.candidate_id) AS candidateId,
              COALESCE(c.number, r.number, p.receipt_number) AS label
         FROM outbox o
         LEFT JOIN candidate c ON o.entity = 'candidate' AND c.id = o.entity_id
         LEFT JOIN registration r ON o.entity = 'registration' AND r.id = o.entity_id
         LEFT JOIN payment p ON o.entity = 'payment' AND p.id = o.entity_id
         LEFT JOIN registration pr ON pr.id = p.registration_id
        WHERE o.state = 'rejected' ORDER BY o.updated_at DESC LIMIT 100`,
    )) as SyncStatus['rejections'];
    const verdicts = await this.verdicts();
    return {
      enrolled: Boolean(state.token),
      running,
      fileCounts: await this.files.counts(),
      filesAwaitingRecord: await this.files.awaitingRecord(),
      serverUrl: state.serverUrl,
      counts,
      lastSuccessAt: state.lastSuccessAt,
      lastAttemptAt: state.lastAttemptAt,
      unreachableSince: state.unreachableSince,
      hqErrorSince: state.hqErrorSince,
      lastError: state.lastError,
      nextAttemptAt: next?.at ?? null,
      clockSkewSeconds: state.clockSkewSeconds,
      catalogueVersion: this.reference.version,
      rejections,
      verdicts,
    };
  }
}
