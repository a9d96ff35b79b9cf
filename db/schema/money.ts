import { bigint } from 'drizzle-orm/pg-core';

/**
 * A money column: integer minor units in 64 bits (a 32-bit column overflows at 21 million
 * dollars in cents, and far sooner in currencies with small units), read as a JS number: the
 * origin refuses any amount that is not a safe integer before writing it.
 */
export const money = (name: string) => bigint(name, { mode: 'number' });
