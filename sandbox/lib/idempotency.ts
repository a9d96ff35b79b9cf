/**
 * `Idempotency-Key` handling for the sandbox APIs, as payment processors do it: the same key
 * with the same body replays the first answer (concurrent repeats wait for it); the same key
 * with another body is refused.
 */
type Answer = { status: number; body: unknown };

export class IdempotencyStore {
  private readonly answers = new Map<string, { body: string; answer: Promise<Answer> }>();

  /** Runs `produce` once per (scope, key); `'mismatch'` when the key was used with another body. */
  async run(
    scope: string,
    key: string | undefined,
    body: string,
    produce: () => Promise<Answer>,
  ): Promise<Answer | 'mismatch'> {
    if (!key) return produce();
    const id = `${scope}\n${key}`;
    const stored = this.answers.get(id);
    if (stored) return stored.body === body ? stored.answer : 'mismatch';
    const answer = produce();
    this.answers.set(id, { body, answer });
    // A server error is not an answer worth replaying: let the next attempt run again.
    answer.then(
      (a) => a.status >= 500 && this.answers.delete(id),
      () => this.answers.delete(id),
    );
    return answer;
  }
}
