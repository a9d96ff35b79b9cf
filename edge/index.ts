import { app } from './app';
import { learnRepeatRead, serveRepeatRead } from './gateway/repeat-reads';

export { ShopperAccount } from './cart/account-object';
export { CartObject } from './cart/cart-object';
export { RateLimiter } from './gateway/rate-limiter-object';
export { ConversationObject } from './support/conversation-object';

export default {
  // Not async: a repeat read is answered without a promise in between.
  fetch(request, env, ctx) {
    const repeat = serveRepeatRead(request, env, ctx);
    if (repeat) return repeat;
    return Promise.resolve(app.fetch(request, env, ctx)).then((response) => {
      learnRepeatRead(request, response);
      return response;
    });
  },
} satisfies ExportedHandler<Env>;
