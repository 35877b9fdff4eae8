import { v7 } from 'uuid';

/** UUIDv7: made on the workstation, sortable by creation, never renumbered by headquarters. */
export type IdGenerator = () => string;
export const uuidv7: IdGenerator = () => v7();
