import { Hono } from 'hono';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AppEnv } from './context';
import { errorHandler } from './errors';
import { log, logger } from './log';
import { requestId } from './request-id';

afterEach(() => vi.restoreAllMocks());

const lines = (spy: { mock: { calls: unknown[][] } }) => spy.mock.calls.map((call) => JSON.parse(String(call[0])));

describe('log', () => {
  it('writes one JSON object per line with ts, level, service, message, requestId and fields', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    logger.warn('catalog version poll failed', { requestId: 'req_1', error: 'timeout' });
    const [line] = lines(warn);
    expect(line).toEqual({
      ts: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      level: 'warn',
      service: 'edge',
      message: 'catalog version poll failed',
      requestId: 'req_1',
      error: 'timeout',
    });
  });

  it('still logs the message when a field cannot be serialized', () => {
    const info = vi.spyOn(console, 'info').mockImplementation(() => {});
    log('info', 'odd field', { requestId: 'req_2', big: 1n });
    expect(lines(info)[0]).toMatchObject({ message: 'odd field', requestId: 'req_2' });
  });
});

describe('errorHandler logging', () => {
  it('logs an unexpected error with the request id the response carries', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const app = new Hono<AppEnv>()
      .use(requestId)
      .get('/boom', () => {
        throw new Error('kaboom');
      })
      .onError(errorHandler);
    const res = await app.request('/boom');
    expect(res.status).toBe(500);
    const [line] = lines(error);
    expect(line).toMatchObject({
      level: 'error',
      service: 'edge',
      message: 'unhandled error',
      requestId: res.headers.get('x-request-id'),
      error: { name: 'Error', message: 'kaboom' },
    });
    expect(line.requestId).toMatch(/^req_/);
  });
});
