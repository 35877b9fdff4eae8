import { ref, watch } from 'vue';
import { call } from '../api/client';

/** Milliseconds after the last change: one save per pause in the typing, not one per key. */
const DEBOUNCE_MS = 400;

export interface DraftSource {
  /** What is kept: watched deeply, so any change schedules a save. */
  data(): Record<string, unknown>;
  /** How the list of drafts names it; null while there is nothing worth keeping (no name typed yet). */
  label(): string | null;
  step(): string;
  /** True while nothing may be written: a registration is being saved or has been. */
  held(): boolean;
}

/**
 * A wizard's draft, so a crash, a reload or a closed window loses nothing: written after each
 * pause in the typing, one save after the other (the second needs the id the first got), and at
 * once as the page goes. A draft taken up is written again once, which counts as touching it.
 */
export function useDraftAutosave(source: DraftSource) {
  const id = ref<string | undefined>();
  const savedAt = ref<string | null>(null);
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** A change not written yet. */
  let pending = false;
  let chain: Promise<void> = Promise.resolve();

  async function write(keepalive: boolean) {
    pending = false;
    const label = source.label();
    if (source.held() || label === null) return;
    const r = await call(
      'drafts.save',
      { id: id.value, label, step: source.step(), data: source.data() },
      { keepalive },
    );
    if (r.ok) {
      id.value = r.value.id;
      savedAt.value = r.value.updatedAt;
    }
  }

  const save = (keepalive = false) => (chain = chain.then(() => write(keepalive)));

  watch(
    source.data,
    () => {
      pending = true;
      clearTimeout(timer);
      timer = setTimeout(() => void save(), DEBOUNCE_MS);
    },
    { deep: true },
  );

  /**
   * The page is going: with the id known the change is sent at once, even beside a save still in
   * flight whose answer this page will never see; without it, after that first save (which names
   * the draft), rather than as a second draft.
   */
  function flush() {
    if (!pending) return;
    clearTimeout(timer);
    if (id.value) void write(true);
    else void save(true);
  }
  if (typeof window !== 'undefined') window.addEventListener('pagehide', flush);

  return {
    id,
    savedAt,
    /** No save scheduled any more, and the one in flight done: what a registration's save waits for. */
    async settle() {
      clearTimeout(timer);
      await chain;
    },
    /** The draft is gone (its registration saved it, or the wizard starts afresh). */
    forget() {
      clearTimeout(timer);
      id.value = undefined;
      savedAt.value = null;
    },
  };
}
