// The baseline for `npm run bench`: a Worker that does nothing but answer, served by the same
// `wrangler dev` (same flags, same log level) as the real edge so the comparison is like for like.
export default {
  fetch() {
    return new Response('{}', { headers: { 'content-type': 'application/json' } });
  },
};
