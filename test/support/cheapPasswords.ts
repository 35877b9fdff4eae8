import { setPasswordCostForTests } from '../../src-main/modules/auth/password';

/**
 * Test apps (makeApp calls this) hash at scrypt N=2^10 instead of 2^15: the same code and format,
 * a thirtieth of the work. Apps made otherwise (benchmarks, the e2e web host, spawned processes)
 * hash at the application's real cost.
 */
export const TEST_PASSWORD_COST = 2 ** 10;
export const useTestPasswordCost = () => setPasswordCostForTests(TEST_PASSWORD_COST);
