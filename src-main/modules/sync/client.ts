import type { AxiosInstance, AxiosResponse, CreateAxiosDefaults } from 'axios';
import { type z } from 'zod';
import {
  catalogueResponse,
  enrolResponse,
  fileResponse,
  pushResponse,
  verdictsResponse,
  type OutboxEntryWire,
} from '../../../shared/contract/hq';
import { preregsResponse } from '../../../shared/contract/prereg';
import { loadAxios } from '../../core/lazyDeps';

/**
 * Why a call to headquarters failed, in terms the outbox can act on. 'network' is no answer at all
 * (cannot connect, connection lost, or code 'timeout'); the others are answers.
 */
export class HqUnavailable extends Error {
  constructor(
    message: string,
    readonly kind: 'network' | 'server' | 'auth' | 'refused',
    readonly code: string | null = null,
    /** HQ's HTTP status when it answered. */
    readonly status: number | null = null,
    /** How long HQ asked to wait before trying again (Retry-After), when it said. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
  }
}

/** The app is closing: the run was asked to stop, its request to HQ cut. Nobody's failure, HQ's least of all. */
export class SyncStopped extends Error {
  constructor() {
    super('sync stopped: the app is closing');
    this.name = 'SyncStopped';
  }
}

/** Retry-After in whole seconds, given as seconds or as an HTTP date; null when absent or unreadable. */
function retryAfter(header: unknown, now: number): number | null {
  if (typeof header !== 'string' || !header.trim()) return null;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

/**
 * The HTTP client for headquarters. Every response is parsed with the shared schema, so a
 * server that answers something unexpected is treated as unavailable, never trusted.
 */
export class HqClient {
  private readonly defaults: CreateAxiosDefaults;
  private http: AxiosInstance | null = null;

  /** `signal` cuts the request in flight when the app closes; the call then throws SyncStopped. */
  constructor(
    baseURL: string,
    token: string | null,
    timeoutMs = 20_000,
    private readonly signal?: AbortSignal,
  ) {
    this.defaults = {
      baseURL,
      timeout: timeoutMs,
      headers: token ? { authorization: `Bearer ${token}` } : {},
      validateStatus: () => true,
      maxContentLength: 50 * 1024 * 1024,
    };
  }

  /** Throws SyncStopped once the run was asked to stop: between batches, before the next one. */
  throwIfStopped(): void {
    if (this.signal?.aborted) throw new SyncStopped();
  }

  private async send(config: Parameters<AxiosInstance['request']>[0]): Promise<AxiosResponse> {
    this.throwIfStopped();
    this.http ??= (await loadAxios()).create(this.defaults);
    try {
      return await this.http.request(this.signal ? { ...config, signal: this.signal } : config);
    } catch (e) {
      this.throwIfStopped();
      // No answer at all: the connection failed, or HQ said nothing within the timeout ('timeout').
      const code = (e as { code?: unknown } | null)?.code;
      const timedOut = code === 'ECONNABORTED' || code === 'ETIMEDOUT';
      throw new HqUnavailable(e instanceof Error ? e.message : 'network error', 'network', timedOut ? 'timeout' : null);
    }
  }

  /** Throws for any answer that is not a success, in terms the outbox acts on. */
  private check(res: AxiosResponse): void {
    const body = res.data as { code?: string; message?: string } | undefined;
    if (res.status === 401)
      throw new HqUnavailable(body?.message ?? 'unauthorised', 'auth', body?.code ?? 'token_invalid', 401);
    // Too many requests is the server asking to wait, like a 5xx: retried later, never a refusal.
    if (res.status >= 500 || res.status === 429)
      throw new HqUnavailable(
        `server answered ${res.status}`,
        'server',
        res.status === 429 ? 'rate_limited' : null,
        res.status,
        retryAfter(res.headers['retry-after'], Date.now()),
      );
    if (res.status >= 400)
      throw new HqUnavailable(body?.message ?? `refused (${res.status})`, 'refused', body?.code ?? null, res.status);
  }

  private async request<S extends z.ZodType>(
    schema: S,
    config: Parameters<AxiosInstance['request']>[0],
  ): Promise<z.output<S>> {
    const res = await this.send(config);
    this.check(res);
    const parsed = schema.safeParse(res.data);
    if (!parsed.success) throw new HqUnavailable('unexpected answer from headquarters', 'server', null, res.status);
    return parsed.data;
  }

  enrol(code: string, officeCode: string, workstationCode: string, signingPublicKey?: string) {
    return this.request(enrolResponse, {
      method: 'POST',
      url: '/enrol',
      data: { code, officeCode, workstationCode, signingPublicKey },
    });
  }

  push(entries: OutboxEntryWire[]) {
    return this.request(pushResponse, { method: 'POST', url: '/records', data: { entries } });
  }

  catalogue(since: number) {
    return this.request(catalogueResponse, { method: 'GET', url: '/catalogue', params: { since } });
  }

  /** Whether headquarters already holds this file (a resumed upload skips it). */
  async hasFile(sha: string): Promise<boolean> {
    const res = await this.send({ method: 'HEAD', url: `/files/${sha}` });
    if (res.status === 404) return false;
    this.check(res);
    return true;
  }

  putFile(sha: string, bytes: Buffer) {
    return this.request(fileResponse, {
      method: 'PUT',
      url: `/files/${sha}`,
      data: bytes,
      headers: { 'content-type': 'application/octet-stream' },
    });
  }

  preregistrations(after: number) {
    return this.request(preregsResponse, { method: 'GET', url: '/preregistrations', params: { after } });
  }

  verdicts(after: number) {
    return this.request(verdictsResponse, { method: 'GET', url: '/verdicts', params: { after } });
  }
}
