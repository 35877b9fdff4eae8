import { messages } from '../../../shared/i18n';
import { frenchForm } from '../../../shared/i18n/plural';

type Tree = { [k: string]: string | Tree };
const fr = messages.fr as unknown as Tree;
const SECTIONS = ['rules', 'validation', 'errors'];

/**
 * The French sentence for a code, from the same catalogue the screens use, so the error report
 * a school reads says what the clerk sees.
 */
export function frenchMessage(code: string, params: Record<string, string | number> = {}): string {
  let text: string | undefined;
  for (const s of SECTIONS) {
    const v = (fr[s] as Tree | undefined)?.[code];
    if (typeof v === 'string') {
      text = v;
      break;
    }
  }
  return frenchForm(text ?? code, params.count).replace(/\{(\w+)\}/g, (m, k: string) =>
    k in params ? String(params[k]) : m,
  );
}
