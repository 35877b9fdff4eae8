import { setPasswordCostForTests } from '../../src-main/modules/auth/password';

/**
 * Test apps (makeApp, which imports this) hash at scrypt N=2^10 instead of 2^15: the same code and
 * format, a thirtieth of the work. Imported by the helper rather than as a Vitest set-up file, so
 * that a test file's vi.mock('node:crypto') still reaches the password module. The end-to-end,
 * fault and package tests and the benchmarks run the application at its real cost.
 */
export const TEST_PASSWORD_COST = 2 ** 10;
setPasswordCostForTests(TEST_PASSWORD_COST);
