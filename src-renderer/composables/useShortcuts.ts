import { onBeforeUnmount, onMounted } from 'vue';

/** The counter's function keys: the two things a clerk starts with each candidate who walks in. */
export const SHORTCUT_KEYS = { newRegistration: 'F2', findCandidate: 'F3' } as const;

/** A dialog or a locked screen owns the keyboard: a function key must not act behind it. */
function keyboardTaken(): boolean {
  return [...document.querySelectorAll<HTMLElement>('[aria-modal="true"]')].some((el) => el.getClientRects().length);
}

/**
 * Function keys for the whole time a component is mounted. Only bare keys (no Ctrl, Alt, Shift),
 * so the browser's and the wizard's own combinations stay theirs; a handler returning false
 * leaves the key to the browser.
 */
export function useShortcuts(handlers: Partial<Record<string, () => boolean | void>>) {
  const onKey = (e: KeyboardEvent) => {
    if (e.ctrlKey || e.altKey || e.shiftKey || e.metaKey || e.repeat) return;
    const handler = handlers[e.key];
    if (!handler || keyboardTaken()) return;
    if (handler() === false) return;
    e.preventDefault();
  };
  onMounted(() => window.addEventListener('keydown', onKey));
  onBeforeUnmount(() => window.removeEventListener('keydown', onKey));
}
