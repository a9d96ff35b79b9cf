const encoder = new TextEncoder();

/**
 * A strong ETag over the exact bytes that will be sent. Called once when a body enters the
 * isolate cache, never per request, so the digest cost stays off the hot path.
 */
export async function computeEtag(body: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-1', encoder.encode(body)));
  let hex = '';
  for (let i = 0; i < 12; i++) hex += (digest[i] ?? 0).toString(16).padStart(2, '0');
  return `"${hex}"`;
}

/**
 * RFC 9110 `If-None-Match`: weak comparison, a list of tags or `*`. Cheap string work only,
 * because it runs on every cached catalog hit.
 */
export function ifNoneMatchHits(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  for (const candidate of header.split(',')) {
    const tag = candidate.trim();
    if (tag === etag || (tag.startsWith('W/') && tag.slice(2) === etag)) return true;
  }
  return false;
}
