import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { contract } from '../../shared/contract';
import { channel } from '../../shared/contract/channel';
import { assertComplete, combineHandlers } from '../../src-main/core/registry';
import {
  hashPassword,
  PASSWORD_COST,
  setPasswordCostForTests,
  verifyPassword,
} from '../../src-main/modules/auth/password';
import { TEST_PASSWORD_COST } from '../support/cheapPasswords';

describe('handler registry', () => {
  const ping = () => 'pong';

  it('refuses a channel served by two areas at start-up', () => {
    expect(() => combineHandlers({ 'a.ping': ping }, { 'a.ping': ping })).toThrow(/"a\.ping" has two handlers/);
  });

  it('refuses a contract channel without a handler, and a handler without a channel', () => {
    const small = { 'a.ping': channel({ input: z.object({}), output: z.string(), access: 'public' }) };
    expect(() => assertComplete(small, {})).toThrow(/No handler for channel\(s\): a\.ping/);
    expect(() => assertComplete(small, { 'a.ping': ping, 'a.pong': ping })).toThrow(/undeclared channel\(s\): a\.pong/);
    expect(() => assertComplete(small, { 'a.ping': ping })).not.toThrow();
  });

  it('declares every channel with an access rule', () => {
    for (const [name, c] of Object.entries(contract)) expect(c.access, name).toBeDefined();
  });
});

describe('password hashing', () => {
  it('stores scrypt with its cost and a fresh salt, never the password', async () => {
    // The application's own cost, not the cheaper one the other tests hash at.
    setPasswordCostForTests(PASSWORD_COST);
    const [a, b] = await Promise.all([hashPassword('Secret#2026'), hashPassword('Secret#2026')]).finally(() =>
      setPasswordCostForTests(TEST_PASSWORD_COST),
    );
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(a).not.toContain('Secret');
    expect(a).not.toBe(b);
    expect(await verifyPassword('Secret#2026', a)).toBe(true);
    expect(await verifyPassword('secret#2026', a)).toBe(false);
    expect(await verifyPassword('Secret#2026', 'md5$abc')).toBe(false);
  });

  it('accepts the same password typed with composed or decomposed accents', async () => {
    const hash = await hashPassword('Sécurité#1');
    expect(await verifyPassword('Se\u0301curite\u0301#1', hash)).toBe(true);
  });
});
