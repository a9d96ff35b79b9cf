import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { ASSET_VERSION } from './assets';

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/** The page shell: header with search, cart and help, the content, and the stylesheet. */
export function layout(title: string, content: Html, options: { query?: string; script?: string } = {}): Html {
  return html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${title} · edgeshop</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="/assets/${ASSET_VERSION}/shop.css" />
  </head>
  <body>
    <header class="top">
      <a class="brand" href="/">edgeshop</a>
      <form class="search" action="/" method="get" role="search">
        <input type="search" name="q" value="${options.query ?? ''}" placeholder="Search products" aria-label="Search products" />
        <button type="submit">Search</button>
      </form>
      <nav><a href="/cart">Cart</a><a href="/support">Help</a></nav>
    </header>
    <main>${content}</main>
    <footer>Prices include no tax until checkout. Served from the edge.</footer>
    ${options.script ? html`<script src="/assets/${ASSET_VERSION}/${options.script}" defer></script>` : ''}
  </body>
</html>`;
}

/** The page for a link that leads nowhere (a missing product, an order link that is wrong). */
export function notFoundPage(what: string): Html {
  return layout('Not found', html`<h1>Not found</h1><p>${what}</p><p><a href="/">Back to the shop</a></p>`);
}

/** A notice for `?error=` / `?notice=` texts. */
export function notice(text: string | undefined, kind: 'ok' | 'bad' | '' = 'bad'): Html | string {
  return text ? html`<p class="notice ${kind}" role="status">${text}</p>` : '';
}
