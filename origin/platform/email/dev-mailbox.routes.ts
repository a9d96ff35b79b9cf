/**
 * `GET /dev/mailbox?to=<email>`: the messages the console sender kept, newest last. Mounted
 * only outside production and only with the console sender (see app.ts): a development aid.
 */
import { Hono } from 'hono';
import type { ConsoleEmailSender } from './console-sender';

export function devMailboxRoutes(sender: ConsoleEmailSender) {
  return new Hono().get('/mailbox', (c) => {
    const to = c.req.query('to');
    return c.json({ items: sender.mailbox(to) });
  });
}
