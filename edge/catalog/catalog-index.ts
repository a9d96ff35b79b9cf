/**
 * The published catalog's index: one KV value listing every published product as a list page
 * shows it, kept by the publish endpoint. It lets the edge answer any list page (any size,
 * category, search or cursor) when the origin does not answer, so the shop stays browsable
 * without its origin. Pages built from it follow the origin's rules: active products newest
 * first (ids sort by creation time), a category includes its subcategories, every search word
 * is a prefix of a word (of the title here: the origin also searches descriptions), and the
 * cursor is the origin's own (the last id, base64url), so paging may cross from one to the other.
 */

import { decodeBase64UrlText, encodeBase64Url } from '../../contract/base64url';
import type { Category, ProductPage, ProductSnapshot, ProductSummary } from '../../contract/catalog';
import { toPublicSummary } from './public-views';

export interface IndexEntry extends ProductSummary {
  categoryId: string | null;
  /** When the origin built the snapshot this entry comes from (ISO 8601). */
  builtAt: string;
}

export interface CatalogIndex {
  items: IndexEntry[];
}

/** The index entry of a published snapshot. */
export function indexEntryOf(p: ProductSnapshot): IndexEntry {
  return { ...toPublicSummary(p), categoryId: p.categoryId, builtAt: p.builtAt };
}

/** Pure: `index` with `written` upserted (by slug) and `removedSlugs` dropped. */
export function updateIndex(
  index: CatalogIndex | null,
  written: ProductSnapshot[],
  removedSlugs: readonly string[],
): CatalogIndex {
  const bySlug = new Map((index?.items ?? []).map((e) => [e.slug, e]));
  for (const slug of removedSlugs) bySlug.delete(slug);
  for (const p of written) {
    // A product's id never changes, but its slug may: drop the entry under its old slug.
    for (const [slug, e] of bySlug) if (e.id === p.id && slug !== p.slug) bySlug.delete(slug);
    bySlug.set(p.slug, indexEntryOf(p));
  }
  return { items: [...bySlug.values()] };
}

const words = (text: string): string[] => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

function categoryTree(categories: readonly Category[], slug: string): Set<string> {
  const root = categories.find((c) => c.slug === slug);
  const tree = new Set<string>(root ? [root.id] : []);
  for (let grew = true; grew; ) {
    grew = false;
    for (const c of categories) {
      if (c.parentId !== null && tree.has(c.parentId) && !tree.has(c.id)) {
        tree.add(c.id);
        grew = true;
      }
    }
  }
  return tree;
}

export interface IndexPage {
  page: ProductPage;
  /** The oldest `builtAt` (ms) of the page's entries; null for an empty page. */
  oldestBuiltAt: number | null;
}

/**
 * The page for a normalized list query (`category`, `cursor`, `limit`, `q`), or null when the
 * cursor is not one this index can follow (the origin's cursors always are).
 */
export function pageFromIndex(
  index: CatalogIndex,
  categories: readonly Category[],
  normalizedQuery: string,
): IndexPage | null {
  const params = new URLSearchParams(normalizedQuery);
  const limit = Number(params.get('limit') ?? '20');
  const cursor = params.get('cursor');
  const afterId = cursor === null ? null : decodeBase64UrlText(cursor);
  if (cursor !== null && !afterId) return null;
  const category = params.get('category');
  const tree = category === null ? null : categoryTree(categories, category);
  const terms = words(params.get('q') ?? '').slice(0, 8);

  const matches = index.items
    .filter((e) => afterId === null || e.id < afterId)
    .filter((e) => tree === null || (e.categoryId !== null && tree.has(e.categoryId)))
    .filter((e) => {
      if (terms.length === 0) return true;
      const titleWords = words(e.title);
      return terms.every((t) => titleWords.some((w) => w.startsWith(t)));
    })
    .sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  const items = matches.slice(0, limit);
  const last = items.at(-1);
  const oldest = items.reduce<number | null>((min, e) => {
    const t = Date.parse(e.builtAt);
    return min === null || t < min ? t : min;
  }, null);
  return {
    page: {
      items: items.map(toPublicSummary),
      nextCursor: matches.length > limit && last ? encodeBase64Url(last.id) : null,
    },
    oldestBuiltAt: oldest,
  };
}
