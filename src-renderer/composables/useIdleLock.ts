import { onBeforeUnmount, onMounted, watch, type Ref } from 'vue';

const ACTIVITY = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart'] as const;

/**
 * Calls `onIdle` after `minutes` without keyboard, mouse or touch. The clerk walks away from
 * the counter; the next person must not find the session open. Paused while `paused` is true
 * (the lock screen is already up) and restarted when it turns false.
 */
export function useIdleLock(minutes: Ref<number>, paused: Ref<boolean>, onIdle: () => void) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastReset = 0;

  const restart = () => {
    clearTimeout(timer);
    lastReset = Date.now();
    if (!paused.value && minutes.value > 0) timer = setTimeout(onIdle, minutes.value * 60_000);
  };
  // Pointer moves come by the hundred: one restart a second is plenty.
  const activity = () => {
    if (!paused.value && Date.now() - lastReset > 1000) restart();
  };

  onMounted(() => {
    for (const type of ACTIVITY) window.addEventListener(type, activity, { passive: true, capture: true });
    restart();
  });
  onBeforeUnmount(() => {
    clearTimeout(timer);
    for (const type of ACTIVITY) window.removeEventListener(type, activity, { capture: true });
  });
  watch([minutes, paused], restart);
}
