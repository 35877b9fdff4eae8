import { ref } from 'vue';

/** Bumped when a sync run or an enrolment ends, so the status bar badge reads the new state at once. */
export const syncRuns = ref(0);
