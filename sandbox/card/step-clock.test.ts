import { expect, it } from 'vitest';
import { StepClock } from './step-clock';

it('waits in idle() for steps that schedule further steps', async () => {
  const clock = new StepClock(1);
  const ran: string[] = [];
  clock.schedule('pi_1', () => {
    ran.push('authorize');
    clock.schedule('pi_1', () => ran.push('capture'));
  });
  await clock.idle();
  expect(ran).toEqual(['authorize', 'capture']);
  expect(clock.pending).toBe(0);
});

it('drops only the cleared group and releases idle() waiters', async () => {
  const clock = new StepClock(1);
  const ran: string[] = [];
  clock.schedule('pi_1', () => ran.push('pi_1'));
  clock.schedule('pi_2', () => ran.push('pi_2'));
  clock.clear('pi_1');
  await clock.idle();
  expect(ran).toEqual(['pi_2']);
});

it('leaves no timer pending after close()', async () => {
  const clock = new StepClock(10_000);
  clock.schedule('pi_1', () => {
    throw new Error('must not run');
  });
  const idle = clock.idle();
  clock.close();
  await idle;
  expect(clock.pending).toBe(0);
});
