/**
 * Prefixed, time-sortable ids (`prod_01JD…`): 10 Crockford base32 characters of milliseconds
 * then 16 random ones, so `ORDER BY id` is creation order and logs read well. Ids minted in
 * the same millisecond by one process increase monotonically (the random part is incremented),
 * so events written together are delivered in the order they were written.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export type IdPrefix =
  | 'prod'
  | 'var'
  | 'cat'
  | 'evt'
  | 'req'
  | 'ord'
  | 'shz'
  | 'shm'
  | 'pay'
  | 'ref'
  | 'shp'
  | 'trk'
  | 'stf'
  | 'key'
  | 'cus'
  | 'rev';

let lastTime = -1;
let lastRandom: number[] = [];

function randomDigits(random: () => number): number[] {
  if (random === Math.random) return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b % 32);
  return Array.from({ length: 16 }, () => Math.floor(random() * 32));
}

/** Adds one to a base32 digit array; false when it overflowed. */
function increment(digits: number[]): boolean {
  for (let i = digits.length - 1; i >= 0; i--) {
    if ((digits[i] as number) < 31) {
      digits[i] = (digits[i] as number) + 1;
      return true;
    }
    digits[i] = 0;
  }
  return false;
}

export function newId(prefix: IdPrefix, now = Date.now(), random: () => number = Math.random): string {
  const deterministic = random !== Math.random;
  let time = now;
  let digits: number[];
  if (!deterministic && time <= lastTime) {
    time = lastTime;
    digits = [...lastRandom];
    if (!increment(digits)) {
      time = lastTime + 1;
      digits = randomDigits(random);
    }
  } else {
    digits = randomDigits(random);
  }
  if (!deterministic) {
    lastTime = time;
    lastRandom = digits;
  }
  let encodedTime = '';
  for (let i = 0, t = time; i < 10; i++, t = Math.floor(t / 32)) encodedTime = ALPHABET[t % 32] + encodedTime;
  return `${prefix}_${encodedTime}${digits.map((d) => ALPHABET[d]).join('')}`;
}
