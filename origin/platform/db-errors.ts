/**
 * Recognises PostgreSQL errors by SQLSTATE across drivers: drizzle wraps driver errors
 * (`DrizzleQueryError.cause`), PGlite and pg expose `code` and `constraint` directly.
 */
interface PgErrorLike {
  code?: string;
  constraint?: string;
  cause?: unknown;
}

function pgError(e: unknown): PgErrorLike | null {
  let cur: unknown = e;
  for (let depth = 0; cur && typeof cur === 'object' && depth < 4; depth++) {
    const candidate = cur as PgErrorLike;
    if (typeof candidate.code === 'string' && /^[0-9A-Z]{5}$/.test(candidate.code)) return candidate;
    cur = candidate.cause;
  }
  return null;
}

/** The violated unique constraint's name, or null when `e` is not a unique violation. */
export function uniqueViolation(e: unknown): string | null {
  const pg = pgError(e);
  return pg?.code === '23505' ? (pg.constraint ?? '') : null;
}

/** True for a check-constraint violation (e.g. stock would go negative). */
export function checkViolation(e: unknown): string | null {
  const pg = pgError(e);
  return pg?.code === '23514' ? (pg.constraint ?? '') : null;
}

/** The violated foreign key's name, or null when `e` is not a foreign-key violation. */
export function foreignKeyViolation(e: unknown): string | null {
  const pg = pgError(e);
  return pg?.code === '23503' ? (pg.constraint ?? '') : null;
}
