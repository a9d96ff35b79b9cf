/**
 * The local email sender: every message is written to the log (so `npm start` shows the link)
 * and kept in a small in-memory mailbox, which the origin serves at `GET /dev/mailbox` outside
 * production, for a developer and for the end-to-end tests. Nothing leaves the machine.
 */
import type { Logger } from '../logger';
import type { EmailMessage, EmailSender, MailboxItem } from './email-sender';

/** The newest messages kept; older ones are dropped. */
export const MAILBOX_SIZE = 200;

export class ConsoleEmailSender implements EmailSender {
  readonly kind = 'console';
  readonly #items: MailboxItem[] = [];

  /**
   * `production`: the bodies hold one-time links (password resets), and logs are read by more
   * people than mailboxes are, so in production only the address and subject are logged, as a
   * warning that no real sender is configured, and nothing is kept.
   */
  constructor(
    private readonly from: string,
    private readonly log: Logger,
    private readonly production = false,
  ) {}

  async send(message: EmailMessage): Promise<void> {
    if (this.production) {
      this.log.warn('email NOT delivered: no email sender is configured (see README, Customer accounts)', {
        to: message.to,
        subject: message.subject,
      });
      return;
    }
    const item = { ...message, from: this.from, sentAt: new Date().toISOString() };
    this.#items.push(item);
    if (this.#items.length > MAILBOX_SIZE) this.#items.splice(0, this.#items.length - MAILBOX_SIZE);
    this.log.info('email (console sender: not delivered)', {
      to: message.to,
      subject: message.subject,
      text: message.text,
    });
  }

  /** Messages sent to `to` (case-insensitive), or all of them, oldest first. */
  mailbox(to?: string): MailboxItem[] {
    const address = to?.trim().toLowerCase();
    return this.#items.filter((m) => !address || m.to.toLowerCase() === address);
  }
}
