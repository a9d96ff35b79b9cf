/**
 * The email port: how the services send mail (account verification, password resets). One
 * function, so a real provider plugs in with a few lines: implement `send` with the provider's
 * HTTP API (Resend, Postmark, SES …), return once the provider has accepted the message, throw
 * when it refused it, and pass the sender to `createOrigin({ email })`.
 */
export interface EmailMessage {
  to: string;
  subject: string;
  /** Plain text, always present (links on their own line). */
  text: string;
  html?: string;
}

export interface EmailSender {
  readonly kind: string;
  send(message: EmailMessage): Promise<void>;
}

/** A sent message as the development mailbox keeps it. */
export interface MailboxItem extends EmailMessage {
  from: string;
  sentAt: string;
}
