/**
 * Prefixed, time-sortable ids (`prod_01JD…`): 10 Crockford base32 characters of milliseconds
 * then 16 random ones, so `ORDER BY id` is creation order and logs read well.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export type IdPrefix = 'prod' | 'var' | 'cat' | 'evt' | 'req';

export function newId(prefix: IdPrefix, now = Date.now(), random: () => number = Math.random): string {
  let time = '';
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  let rand = '';
  if (random === Math.random) {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    for (const b of bytes) rand += ALPHABET[b % 32];
  } else {
    for (let i = 0; i < 16; i++) rand += ALPHABET[Math.floor(random() * 32)];
  }
  return `${prefix}_${time}${rand}`;
}
