import { html } from 'hono/html';
import { type Html, layout } from './layout';

/** The help page: the live chat (assets.ts CHAT_SCRIPT) with a form that opens a conversation. */
export function supportPage(): Html {
  return layout(
    'Help',
    html`<h1>Talk to us</h1>
      <p class="muted" id="chat-status" aria-live="polite">Write to us and we answer here, live.</p>
      <div class="chat" id="chat">
        <div class="log" aria-live="polite"></div>
        <form id="chat-start" class="stack" hidden>
          <label>Your name <input name="name" maxlength="80" /></label>
          <label>Email (for a reply if you leave) <input type="email" name="email" /></label>
          <label>Message <input name="message" required maxlength="2000" /></label>
          <button type="submit">Start chat</button>
        </form>
        <form id="chat-send" hidden>
          <input name="body" maxlength="2000" aria-label="Your message" autocomplete="off" />
          <button type="submit">Send</button>
        </form>
      </div>
      <noscript><p>The chat needs JavaScript.</p></noscript>`,
    { script: 'chat.js' },
  );
}
