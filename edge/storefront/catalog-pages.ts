/** The catalog's pages: the product grid (home, category, search) and one product with its reviews. */
import { html } from 'hono/html';
import type { Category, ProductPage, ProductSummary, RatingSummary } from '../../contract/catalog';
import type { ProductReviewsPage } from '../../contract/rating';
import type { PublicProduct } from '../catalog/public-views';
import { formatDate, formatMoney, formatRating } from './format';
import { type Html, layout, notice } from './layout';

export type { PublicProduct };

function card(p: ProductSummary): Html {
  return html`<article class="card">
    <a href="/products/${p.slug}">${p.image ? html`<img src="${p.image}" alt="" loading="lazy" />` : html`<img alt="" />`}</a>
    <div class="body">
      <a class="title" href="/products/${p.slug}">${p.title}</a>
      <span class="price">from ${formatMoney(p.price)}</span>
      <span class="muted">${formatRating(p.rating)}</span>
    </div>
  </article>`;
}

export function listPage(args: {
  page: ProductPage;
  categories: Category[];
  category?: string;
  q?: string;
  nextHref: string | null;
}): Html {
  const { page, categories, category, q } = args;
  const current = categories.find((c) => c.slug === category);
  const title = q ? `Results for “${q}”` : (current?.name ?? 'All products');
  const roots = categories.filter((c) => c.parentId === null);
  return layout(
    title,
    html`<nav class="categories" aria-label="Categories">
        <a href="/" class="${category ? '' : 'current'}">All</a>
        ${roots.map((c) => html`<a href="/?category=${c.slug}" class="${c.slug === category ? 'current' : ''}">${c.name}</a>`)}
      </nav>
      <h1>${title}</h1>
      ${page.items.length === 0 ? html`<p class="muted">Nothing here yet.</p>` : ''}
      <section class="grid">${page.items.map(card)}</section>
      ${args.nextHref ? html`<p><a href="${args.nextHref}">More products →</a></p>` : ''}`,
    { query: q },
  );
}

function ratingLine(rating: RatingSummary): Html {
  return html`<p class="muted">${formatRating(rating)}</p>`;
}

function reviewList(reviews: ProductReviewsPage | null): Html {
  if (!reviews || reviews.items.length === 0) {
    return html`<section class="reviews"><h2>Reviews</h2><p class="muted">No reviews yet. Reviews come from customers whose order arrived.</p></section>`;
  }
  const { summary } = reviews;
  return html`<section class="reviews">
    <h2>Reviews</h2>
    <p>${formatRating(summary)} · ${[5, 4, 3, 2, 1].map((n) => `${n}★ ${summary.distribution[String(n) as '1']}`).join(' · ')}</p>
    ${reviews.items.map(
      (r) => html`<article class="review">
        <strong>${'★'.repeat(r.rating)}${'☆'.repeat(5 - r.rating)} ${r.title ?? ''}</strong>
        <p>${r.body ?? ''}</p>
        <span class="muted">${r.authorName} · verified purchase · ${formatDate(r.createdAt)}</span>
        ${r.reply ? html`<div class="reply"><strong>The shop answered:</strong> ${r.reply.body}</div>` : ''}
      </article>`,
    )}
  </section>`;
}

export function productPage(p: PublicProduct, reviews: ProductReviewsPage | null, error?: string): Html {
  const available = p.variants.filter((v) => v.available);
  return layout(
    p.title,
    html`<div class="product">
      <div class="gallery">${(p.images.length ? p.images : [p.image]).filter(Boolean).map((src) => html`<img src="${src}" alt="${p.title}" />`)}</div>
      <div>
        <h1>${p.title}</h1>
        ${ratingLine(p.rating)}
        <p class="price">from ${formatMoney(p.price)}</p>
        <p>${p.description}</p>
        ${notice(error)}
        ${
          available.length === 0
            ? html`<p class="notice bad">Sold out.</p>`
            : html`<form class="stack" method="post" action="/cart/items">
                <label>Option
                  <select name="variantId">
                    ${p.variants.map(
                      (v) =>
                        html`<option value="${v.id}" ${v.available ? '' : 'disabled'}>${v.title} · ${formatMoney(v.price)}${v.available ? '' : ' (sold out)'}</option>`,
                    )}
                  </select>
                </label>
                <label>Quantity <input type="number" name="quantity" value="1" min="1" max="20" /></label>
                <input type="hidden" name="from" value="${p.slug}" />
                <button type="submit">Add to cart</button>
              </form>`
        }
      </div>
    </div>
    ${reviewList(reviews)}`,
  );
}
