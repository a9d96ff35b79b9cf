import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAcceptedRequestId, newRequestId, resolveRequestId } from './request-id';
import { REQUEST_ID_EXAMPLES } from './request-id.examples';

const ALLOWED = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:-'];
const allowedChar = fc.constantFrom(...ALLOWED);
/** Any UTF-16 code unit outside the allowed set (controls, spaces, quotes, non-ASCII…). */
const foreignChar = fc
  .integer({ min: 0, max: 0xffff })
  .map((code) => String.fromCharCode(code))
  .filter((ch) => !ALLOWED.includes(ch));

describe('resolveRequestId', () => {
  it.each(REQUEST_ID_EXAMPLES)('keeps or replaces $sent as the examples say ($why)', ({ sent, kept }) => {
    expect(isAcceptedRequestId(sent)).toBe(kept);
    const id = resolveRequestId(sent);
    if (kept) expect(id).toBe(sent);
    else expect(id).toMatch(/^req_[0-9a-f]{32}$/);
  });

  it('mints a fresh id when there is none', () => {
    expect(resolveRequestId(undefined)).toMatch(/^req_[0-9a-f]{32}$/);
    expect(resolveRequestId(null)).toMatch(/^req_[0-9a-f]{32}$/);
    expect(isAcceptedRequestId(undefined)).toBe(false);
  });

  it('mints ids that are themselves accepted, and never the same twice', () => {
    const ids = Array.from({ length: 1000 }, newRequestId);
    expect(ids.every((id) => isAcceptedRequestId(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('resolveRequestId (properties)', () => {
  it('keeps every id of 8 to 128 allowed characters as it is', () => {
    fc.assert(
      fc.property(fc.string({ unit: allowedChar, minLength: 8, maxLength: 128 }), (sent) => {
        expect(resolveRequestId(sent)).toBe(sent);
      }),
    );
  });

  it('replaces an id of allowed characters that is shorter than 8 or longer than 128', () => {
    const short = fc.string({ unit: allowedChar, maxLength: 7 });
    const long = fc.string({ unit: allowedChar, minLength: 129, maxLength: 400 });
    fc.assert(
      fc.property(fc.oneof(short, long), (sent) => {
        expect(isAcceptedRequestId(sent)).toBe(false);
        expect(resolveRequestId(sent)).not.toBe(sent);
      }),
    );
  });

  it('replaces an id with any one character outside the set, wherever it is', () => {
    const head = fc.string({ unit: allowedChar, maxLength: 60 });
    const tail = fc.string({ unit: allowedChar, maxLength: 60 });
    fc.assert(
      fc.property(head, foreignChar, tail, (before, odd, after) => {
        const sent = `${before.padEnd(8, 'x')}${odd}${after}`;
        expect(isAcceptedRequestId(sent)).toBe(false);
        expect(resolveRequestId(sent)).toMatch(/^req_[0-9a-f]{32}$/);
      }),
    );
  });
});
