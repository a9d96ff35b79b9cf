import { describe, expect, it } from 'vitest';
import { driverFor } from './client';

describe('driverFor (DATABASE_URL → driver)', () => {
  it('uses embedded PGlite when unset, for pglite:// and for memory://', () => {
    expect(driverFor(undefined)).toBe('pglite');
    expect(driverFor('pglite://.data/other')).toBe('pglite');
    expect(driverFor('memory://')).toBe('pglite');
  });

  it('uses the plain driver for a PostgreSQL URL', () => {
    expect(driverFor('postgres://postgres@127.0.0.1:5432/test')).toBe('postgres');
    expect(driverFor('postgresql://u:p@db.internal/shop')).toBe('postgres');
  });

  it('uses the Neon serverless driver for a Neon URL, or when forced', () => {
    expect(driverFor('postgresql://u:p@ep-cool-1234.eu-central-1.aws.neon.tech/shop?sslmode=require')).toBe('neon');
    expect(driverFor('postgres://postgres@127.0.0.1:5432/test', 'neon')).toBe('neon');
  });

  it('refuses anything else without echoing the password', () => {
    expect(() => driverFor('mysql://root:hunter2@db/shop')).toThrow(/DATABASE_URL/);
    expect(() => driverFor('mysql://root:hunter2@db/shop')).not.toThrow(/hunter2/);
  });
});
