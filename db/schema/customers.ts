import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * A shopper's account. The email is stored lower-cased, so it is unique whatever its case.
 * Sessions live in the cache (origin/customers/sessions.ts), not here; `sessionsValidAfter`
 * is what revokes all of them at once (a password change or reset moves it forward).
 */
export const customers = pgTable(
  'customers',
  {
    id: text('id').primaryKey(),
    email: text('email').notNull(),
    name: text('name').notNull().default(''),
    /** `pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>` (origin/members/password.ts). */
    passwordHash: text('password_hash').notNull(),
    /** Set when the customer proved they read this mailbox (verification or reset link). */
    emailVerifiedAt: ts('email_verified_at'),
    /** Sessions created before this moment are dead. */
    sessionsValidAfter: ts('sessions_valid_after').notNull().defaultNow(),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('customers_email_idx').on(t.email)],
);

export const CUSTOMER_TOKEN_PURPOSES = ['verify_email', 'reset_password'] as const;
export type CustomerTokenPurpose = (typeof CUSTOMER_TOKEN_PURPOSES)[number];

/**
 * One-time tokens mailed to a customer (email verification, password reset), by the SHA-256 of
 * the token: a database dump holds no usable link. Used once (`used_at`), then kept until they
 * expire so a second use is told apart from a typo.
 */
export const customerTokens = pgTable(
  'customer_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    purpose: text('purpose', { enum: CUSTOMER_TOKEN_PURPOSES }).notNull(),
    expiresAt: ts('expires_at').notNull(),
    usedAt: ts('used_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('customer_tokens_customer_idx').on(t.customerId),
    check(
      'customer_tokens_purpose_check',
      sql`${t.purpose} in (${sql.raw(CUSTOMER_TOKEN_PURPOSES.map((p) => `'${p}'`).join(', '))})`,
    ),
  ],
);
