/**
 * Incoming `x-request-id` values with what request-id.ts decides for each, for tests only: the
 * edge's tests (in workerd) and the origin's run these same inputs through their real apps, so
 * the two sides are shown to keep and replace exactly the same ids.
 */
export interface RequestIdExample {
  /** The header value a caller sends. */
  sent: string;
  /** Kept as it is, or replaced by a fresh `req_…` id. */
  kept: boolean;
  why: string;
}

export const REQUEST_ID_EXAMPLES: readonly RequestIdExample[] = [
  { sent: 'req_0123456789abcdef0123456789abcdef', kept: true, why: 'the shape the edge and origin mint' },
  { sent: '7f3c1a2e-9b4d-4e6f-8a1b-2c3d4e5f6a7b', kept: true, why: 'a UUID, as most proxies send' },
  { sent: '01JD3X5Y7Z8A9B0C1D2E3F4G5H', kept: true, why: 'a ULID' },
  { sent: 'trace-abc.123:4_x', kept: true, why: 'every allowed punctuation mark' },
  { sent: 'abcd1234', kept: true, why: '8 characters, the shortest kept' },
  { sent: 'a'.repeat(128), kept: true, why: '128 characters, the longest kept' },
  { sent: 'abc1234', kept: false, why: '7 characters: too short to find one request by' },
  { sent: 'a'.repeat(129), kept: false, why: '129 characters: too long' },
  { sent: '', kept: false, why: 'empty' },
  { sent: 'trace id 1234', kept: false, why: 'spaces' },
  { sent: 'bad\tid\twith "quotes"', kept: false, why: 'a tab and quotes' },
  { sent: '{"level":"error"}', kept: false, why: 'log syntax' },
  { sent: 'trace/1234/5678', kept: false, why: 'a slash' },
  { sent: 'trace%0Aforged-line', kept: false, why: 'percent-encoding' },
];
