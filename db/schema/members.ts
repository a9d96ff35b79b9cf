import { sql } from 'drizzle-orm';
import { check, index, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const list = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

/** Staff roles; what each may do is `ROLE_PERMISSIONS` in origin/members/permissions.ts. */
export const STAFF_ROLES = ['owner', 'catalog', 'fulfilment', 'support'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** A merchant's staff account. The email is stored lower-cased, so it is unique whatever its case. */
export const staff = pgTable(
  'staff',
  {
    id: text('id').primaryKey(),
    email: text('email').notNull(),
    name: text('name').notNull().default(''),
    role: text('role', { enum: STAFF_ROLES }).notNull(),
    /** `pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>` (origin/members/password.ts). */
    passwordHash: text('password_hash').notNull(),
    /** Disabled staff cannot log in; their sessions and API keys stop working at once. */
    disabledAt: ts('disabled_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('staff_email_idx').on(t.email),
    check('staff_role_check', sql`${t.role} in (${list(STAFF_ROLES)})`),
  ],
);

/**
 * Staff login sessions, by the SHA-256 of their bearer token (a database dump yields no usable
 * token). In the database rather than the cache so that they survive restarts, work across
 * instances without Redis, and die with their staff account.
 */
export const staffSessions = pgTable(
  'staff_sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    staffId: text('staff_id')
      .notNull()
      .references(() => staff.id, { onDelete: 'cascade' }),
    expiresAt: ts('expires_at').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('staff_sessions_staff_idx').on(t.staffId)],
);

/**
 * API keys for automation (`sk_live_…`), by the SHA-256 of the key, which is shown once. A key
 * holds a subset of its creator's permissions; `createdBy` null means the root ADMIN_TOKEN, and
 * then `rootTokenHash` names which ADMIN_TOKEN (origin/members/api-keys.ts): the key works only
 * while that token is the configured one, so rotating ADMIN_TOKEN ends it. Root keys from
 * before this column were revoked by its migration (nobody can tell which token made them).
 */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    /** The key's first characters, so a merchant can tell keys apart without the secret. */
    prefix: text('prefix').notNull(),
    keyHash: text('key_hash').notNull(),
    permissions: jsonb('permissions').$type<string[]>().notNull(),
    createdBy: text('created_by').references(() => staff.id, { onDelete: 'cascade' }),
    /** For a root key: a SHA-256 fingerprint of the ADMIN_TOKEN that made it; null for staff keys. */
    rootTokenHash: text('root_token_hash'),
    expiresAt: ts('expires_at'),
    revokedAt: ts('revoked_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('api_keys_hash_idx').on(t.keyHash),
    index('api_keys_created_by_idx').on(t.createdBy),
    // A live root key always says which root token made it.
    check(
      'api_keys_root_token_check',
      sql`${t.createdBy} is not null or ${t.rootTokenHash} is not null or ${t.revokedAt} is not null`,
    ),
  ],
);
