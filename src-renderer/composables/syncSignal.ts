import { onBeforeUnmount, onMounted, ref, watch } from 'vue';
import { useRoute } from 'vue-router';

/** Bumped when a sync run or an enrolment ends, so the status bar badge reads the new state at once. */
export const syncRuns = ref(0);

/**
 * A reading on screen kept fresh (the status bar, the home page's day): loaded at mount, after
 * each page change and each sync run (a sync just run, a verdict just read), when the window is
 * shown again from the background, and every `everyMs` while it is shown; every `hurry.everyMs`
 * instead while `hurry.while()` holds (a background run whose end nothing else announces).
 */
export function useFreshReading(
  load: () => Promise<void>,
  everyMs: number,
  hurry?: { while: () => boolean; everyMs: number },
): void {
  const route = useRoute();
  watch([() => route.fullPath, syncRuns], load);
  const shown = () => document.visibilityState === 'visible';
  const onShow = () => {
    if (shown()) void load();
  };
  let timer: ReturnType<typeof setInterval> | undefined;
  let mounted = false;
  const restart = () => {
    clearInterval(timer);
    if (mounted) timer = setInterval(onShow, hurry?.while() ? hurry.everyMs : everyMs);
  };
  if (hurry) watch(hurry.while, restart);
  onMounted(() => {
    mounted = true;
    void load();
    restart();
    document.addEventListener('visibilitychange', onShow);
  });
  onBeforeUnmount(() => {
    mounted = false;
    clearInterval(timer);
    document.removeEventListener('visibilitychange', onShow);
  });
}
