/**
 * Waits for the work to end, succeeded or failed, but at most `waitMs`: closing never hangs on
 * what it waits for. True when everything ended in time.
 */
export async function settledWithin(work: readonly Promise<unknown>[], waitMs: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), waitMs)));
  try {
    return await Promise.race([Promise.allSettled(work).then(() => true as const), late]);
  } finally {
    clearTimeout(timer);
  }
}
