import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appendMessage, newConversation, SHOPPER_BURST, SHOPPER_WINDOW_MS } from './conversation-rules';

const T0 = Date.UTC(2030, 0, 1, 12);
const writes = fc.array(
  fc.record({
    gap: fc.integer({ min: 0, max: 15_000 }),
    author: fc.constantFrom('shopper' as const, 'shopper' as const, 'agent' as const),
  }),
  { minLength: 10, maxLength: 60 },
);

describe('conversation rules (properties)', () => {
  it('never let a shopper put more than a burst into any window, and let a retry through after the advised wait', () => {
    fc.assert(
      fc.property(writes, (ws) => {
        let state = newConversation('conv_p', {}, null, T0);
        let now = T0;
        for (const w of ws) {
          now += w.gap;
          const result = appendMessage(state, w.author, '', 'hi', now);
          if (result.ok) {
            state = result.state;
            continue;
          }
          expect(result.error.code).toBe('rate_limited');
          const wait = result.error.code === 'rate_limited' ? result.error.retryAfterMs : Number.NaN;
          expect(appendMessage(state, w.author, '', 'hi', now + wait).ok).toBe(true);
          if (wait > 1) expect(appendMessage(state, w.author, '', 'hi', now + wait - 1).ok).toBe(false);
        }
        expect(state.messages.map((m) => m.seq)).toEqual(state.messages.map((_, i) => i + 1));
        const sent = state.messages.filter((m) => m.author === 'shopper').map((m) => Date.parse(m.at));
        for (const t of sent) {
          expect(sent.filter((u) => u >= t && u < t + SHOPPER_WINDOW_MS).length).toBeLessThanOrEqual(SHOPPER_BURST);
        }
      }),
    );
  });
});
