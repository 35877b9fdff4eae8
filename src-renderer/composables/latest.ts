/**
 * For a list reloaded as its filters change: each call takes a ticket, and only the newest call's
 * answer may be shown. A slow answer to an older filter, arriving last, would otherwise replace
 * the list the clerk asked for since.
 */
export function latest(): () => () => boolean {
  let issued = 0;
  return () => {
    const ticket = ++issued;
    return () => ticket === issued;
  };
}
