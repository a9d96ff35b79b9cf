/**
 * What the edge accepts as a product slug: a superset of the origin's lowercase-hyphenated
 * slugs that still excludes dots, slashes and anything else that could turn into a path
 * trick on the way to KV keys or origin URLs.
 */
export const SLUG_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,199}$/;
