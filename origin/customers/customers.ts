/** Customer rows: lookups, creation, and the public `Customer` view (schema in db/schema/customers.ts). */
import { eq } from 'drizzle-orm';
import type { Customer } from '../../contract/customers';
import { newId } from '../../contract/ids';
import type { Database } from '../../db/client';
import { customers } from '../../db/schema/customers';
import { uniqueViolation } from '../platform/db-errors';
import { normaliseEmail } from '../platform/email-address';
import { err, ok, type Result } from '../platform/result';

export type CustomerRow = typeof customers.$inferSelect;

export { normaliseEmail };

export function toCustomer(row: CustomerRow): Customer {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    emailVerified: row.emailVerifiedAt !== null,
    createdAt: row.createdAt.toISOString(),
  };
}

export async function findCustomerByEmail(db: Database, email: string): Promise<CustomerRow | null> {
  const [row] = await db
    .select()
    .from(customers)
    .where(eq(customers.email, normaliseEmail(email)));
  return row ?? null;
}

export async function findCustomer(db: Database, id: string): Promise<CustomerRow | null> {
  const [row] = await db.select().from(customers).where(eq(customers.id, id));
  return row ?? null;
}

/** A new account; `email_taken` when the (normalised) email has one, also when two race for it. */
export async function insertCustomer(
  db: Database,
  input: { email: string; name?: string; passwordHash: string },
): Promise<Result<CustomerRow>> {
  try {
    const [row] = await db
      .insert(customers)
      .values({
        id: newId('cus'),
        email: normaliseEmail(input.email),
        name: input.name?.trim() ?? '',
        passwordHash: input.passwordHash,
        // The app's clock, like the sessions' `createdAt` (a database clock ahead of it would
        // make the first session look older than the account).
        sessionsValidAfter: new Date(),
      })
      .returning();
    return ok(row as CustomerRow);
  } catch (e) {
    if (uniqueViolation(e) === 'customers_email_idx') {
      return err('email_taken', 'An account with this email exists; log in or reset the password');
    }
    throw e;
  }
}
