import { nextTick, onMounted, type Ref } from 'vue';

const FIELD =
  'input:not([type=hidden]):not([disabled]):not([readonly]), textarea:not([disabled]), select:not([disabled])';

/** Puts the cursor in the first field of `root`, so the clerk can type straight away. */
export async function focusFirstField(root: HTMLElement | null | undefined) {
  await nextTick();
  root?.querySelector<HTMLElement>(FIELD)?.focus();
}

/**
 * For Element Plus dialogs (`@open-auto-focus`): their focus trap puts focus on the dialog box
 * itself on the next tick, so wait for it to have done so, then move into the first field.
 */
export function focusFirstFieldSoon(root: HTMLElement | null | undefined) {
  setTimeout(() => void focusFirstField(root), 0);
}

export function useFocusFirst(root: Ref<HTMLElement | null | undefined>) {
  onMounted(() => focusFirstField(root.value));
}
