import { describe, expect, it } from 'vitest';
import { createProgressReporter, renderBar } from './progress-bar';

function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, write: (chunk: string) => writes.push(chunk) } };
}

describe('progress bar', () => {
  it('renders a bar proportional to progress', () => {
    expect(renderBar(0, 10, 10)).toBe('[░░░░░░░░░░]');
    expect(renderBar(5, 10, 10)).toBe('[█████░░░░░]');
    expect(renderBar(10, 10, 10)).toBe('[██████████]');
    expect(renderBar(0, 0, 4)).toBe('[████]');
  });

  it('redraws one line in place on a terminal, at most every 80 ms, and ends it on finish', () => {
    const { writes, stream } = fakeStream(true);
    let t = 0;
    const reporter = createProgressReporter(stream, { label: 'seed', now: () => t, width: 10 });
    reporter.update(100, 1000);
    t = 10;
    reporter.update(200, 1000); // too soon: skipped
    t = 200;
    reporter.update(1000, 1000);
    reporter.finish();
    expect(writes).toHaveLength(3);
    expect(writes[0]?.startsWith('\r\x1b[2Kseed [█░░░░░░░░░] 10% 100/1,000 products')).toBe(true);
    expect(writes[1]).toContain('100% 1,000/1,000 products  0.2 s');
    expect(writes[2]).toBe('\n');
  });

  it('prints a few plain lines when stderr is not a terminal', () => {
    const { writes, stream } = fakeStream(false);
    const reporter = createProgressReporter(stream, { label: 'seed', now: () => 0 });
    for (let done = 500; done <= 10_000; done += 500) reporter.update(done, 10_000);
    reporter.finish();
    expect(writes).toEqual([
      'seed: 2,500/10,000 products (25%) 0.0 s\n',
      'seed: 5,000/10,000 products (50%) 0.0 s\n',
      'seed: 7,500/10,000 products (75%) 0.0 s\n',
      'seed: 10,000/10,000 products (100%) 0.0 s\n',
    ]);
    expect(writes.join('')).not.toContain('\r');
  });
});
