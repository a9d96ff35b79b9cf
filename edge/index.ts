import { app } from './app';
import { learnRepeatRead, serveRepeatRead } from './catalog/repeat-reads';

export { CartObject } from './cart/cart-object';
export { RateLimiter } from './gateway/rate-limiter-object';
export { ShopperAccount } from './members/account-object';

export default {
  async fetch(request, env, ctx) {
    const repeat = serveRepeatRead(request, env, ctx);
    if (repeat) return repeat;
    const response = await app.fetch(request, env, ctx);
    learnRepeatRead(request, response);
    return response;
  },
} satisfies ExportedHandler<Env>;
