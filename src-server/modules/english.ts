/** « 1 conflict », « 2 conflicts »: the operator's command line and logs are in English. */
export const counted = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
