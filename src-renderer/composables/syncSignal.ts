import { onBeforeUnmount, onMounted, ref, watch } from 'vue';
import { useRoute } from 'vue-router';

/** Bumped when a sync run or an enrolment ends, so the status bar badge reads the new state at once. */
export const syncRuns = ref(0);

/**
 * A status-bar reading kept fresh: loaded at mount, after each page change and each sync run
 * (a sync just run, a verdict just read), and every `everyMs` meanwhile.
 */
export function useStatusRefresh(load: () => Promise<void>, everyMs: number): void {
  const route = useRoute();
  watch([() => route.fullPath, syncRuns], load);
  let timer: ReturnType<typeof setInterval> | undefined;
  onMounted(() => {
    void load();
    timer = setInterval(() => void load(), everyMs);
  });
  onBeforeUnmount(() => clearInterval(timer));
}
