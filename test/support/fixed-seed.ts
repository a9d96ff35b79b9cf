/**
 * Mutation runs only (vitest.mutation.config.ts): every property runs the same cases for every
 * mutant, so a mutant is killed or survives for good and the scores repeat from run to run.
 * Plain test runs keep a fresh seed each time, to explore new cases.
 */
import fc from 'fast-check';

fc.configureGlobal({ seed: 20_261_207 });
