import { describe, expect, it } from 'vitest';
import { ConsoleEmailSender, MAILBOX_SIZE } from './console-sender';

function recorder() {
  const lines: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    lines.push({ level, message, fields });
  };
  return { lines, log: { info: at('info'), warn: at('warn'), error: at('error') } };
}

describe('ConsoleEmailSender', () => {
  it('logs and keeps messages locally, newest last, bounded, by recipient in any case', async () => {
    const { lines, log } = recorder();
    const sender = new ConsoleEmailSender('shop@localhost', log);
    await sender.send({ to: 'Ada@Example.com', subject: 'Hi', text: 'link: /x?token=ev_1' });
    await sender.send({ to: 'bob@example.com', subject: 'Yo', text: 'b' });
    expect(sender.mailbox('ada@example.com')).toMatchObject([{ from: 'shop@localhost', subject: 'Hi' }]);
    expect(lines[0]?.fields?.text).toBe('link: /x?token=ev_1');
    for (let i = 0; i < MAILBOX_SIZE + 5; i++) await sender.send({ to: 'c@example.com', subject: `${i}`, text: '' });
    expect(sender.mailbox()).toHaveLength(MAILBOX_SIZE);
    expect(sender.mailbox().at(-1)?.subject).toBe(`${MAILBOX_SIZE + 4}`);
  });

  it('in production never logs or keeps a body (reset links must not sit in logs), and warns', async () => {
    const { lines, log } = recorder();
    const sender = new ConsoleEmailSender('shop@example.com', log, true);
    await sender.send({ to: 'ada@example.com', subject: 'Reset', text: 'https://shop/account/reset?token=pr_secret' });
    expect(JSON.stringify(lines)).not.toContain('pr_secret');
    expect(lines).toMatchObject([{ level: 'warn', fields: { to: 'ada@example.com', subject: 'Reset' } }]);
    expect(sender.mailbox()).toEqual([]);
  });
});
