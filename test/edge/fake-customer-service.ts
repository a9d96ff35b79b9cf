/**
 * The origin's customer routes (contract/customers.ts), in memory, enough for the edge's
 * tests: accounts, sessions (revocable), tokens signed with the test key ring, the customer's
 * orders. Passwords are kept in clear: this is a test double, never shipped.
 */
import { type KeyRing, signAccessToken, verifyAccessToken } from '../../contract/access-token';
import { type AuthSession, type Customer, customerPaths } from '../../contract/customers';

const errorBody = (code: string, message: string) => ({ error: { code, message } });
const json = (body: unknown, status = 200) => Response.json(body, { status });

export class FakeCustomerService {
  readonly accounts = new Map<string, { customer: Customer; password: string }>();
  /** Live sessions: sid → customer id. */
  readonly sessions = new Map<string, string>();
  /** Guest orders a claim would hand over, by customer id (set by tests). */
  readonly claimable = new Map<string, string[]>();
  accessTtlSeconds = 300;

  constructor(
    private readonly keys: KeyRing,
    private readonly ordersOf: (customerId: string) => unknown[],
  ) {}

  /** The customer behind an `x-customer-token` whose session is alive, else null. */
  async authenticate(headers: Headers): Promise<string | null> {
    const token = headers.get(customerPaths.customerTokenHeader);
    const claims = token ? await verifyAccessToken(this.keys, token) : null;
    return claims && this.sessions.get(claims.sid) === claims.sub ? claims.sub : null;
  }

  async #session(customer: Customer): Promise<AuthSession> {
    const sid = `ses_${crypto.randomUUID()}`;
    this.sessions.set(sid, customer.id);
    const iat = Math.floor(Date.now() / 1000);
    const accessToken = await signAccessToken(this.keys, {
      iss: 'edgeshop',
      aud: 'shopper',
      sub: customer.id,
      sid,
      iat,
      exp: iat + this.accessTtlSeconds,
    });
    return {
      customer,
      accessToken,
      expiresIn: this.accessTtlSeconds,
      refreshToken: `rt_${sid}.secret`,
      refreshExpiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    };
  }

  /** Answers a customer route, or null when `path` is not one. */
  async handle(method: string, path: string, raw: string, headers: Headers): Promise<Response | null> {
    const body = (raw ? JSON.parse(raw) : {}) as Record<string, string>;
    const unauthenticated = () => json(errorBody('unauthenticated', 'Sign in first'), 401);
    switch (`${method} ${path.split('?')[0]}`) {
      case `POST ${customerPaths.register}`: {
        const email = String(body.email).toLowerCase();
        if (this.accounts.has(email)) return json(errorBody('email_taken', 'Taken'), 409);
        const customer: Customer = {
          id: `cus_${crypto.randomUUID().slice(0, 8)}`,
          email,
          name: body.name ?? '',
          emailVerified: false,
          createdAt: new Date().toISOString(),
        };
        this.accounts.set(email, { customer, password: String(body.password) });
        return json(await this.#session(customer), 201);
      }
      case `POST ${customerPaths.login}`: {
        const account = this.accounts.get(String(body.email).toLowerCase());
        if (!account || account.password !== body.password) {
          return json(errorBody('invalid_credentials', 'Wrong email or password'), 401);
        }
        return json(await this.#session(account.customer));
      }
      case `POST ${customerPaths.logout}`: {
        const token = headers.get(customerPaths.customerTokenHeader);
        const claims = token ? await verifyAccessToken(this.keys, token) : null;
        if (claims) this.sessions.delete(claims.sid);
        const sid = /^rt_(.+)\.secret$/.exec(body.refreshToken ?? '')?.[1];
        if (sid) this.sessions.delete(sid);
        return new Response(null, { status: 204 });
      }
      case `POST ${customerPaths.refresh}`: {
        const sid = /^rt_(.+)\.secret$/.exec(body.refreshToken ?? '')?.[1];
        const customerId = sid ? this.sessions.get(sid) : undefined;
        const account = [...this.accounts.values()].find((a) => a.customer.id === customerId);
        if (!sid || !account) return json(errorBody('invalid_refresh_token', 'Sign in again'), 401);
        this.sessions.delete(sid);
        return json(await this.#session(account.customer));
      }
      case `GET ${customerPaths.me}`: {
        const id = await this.authenticate(headers);
        const account = [...this.accounts.values()].find((a) => a.customer.id === id);
        return account ? json(account.customer) : unauthenticated();
      }
      case `GET ${customerPaths.myOrders}`: {
        const id = await this.authenticate(headers);
        return id ? json({ items: this.ordersOf(id), nextCursor: null }) : unauthenticated();
      }
      case `POST ${customerPaths.changePassword}`: {
        const id = await this.authenticate(headers);
        const account = [...this.accounts.values()].find((a) => a.customer.id === id);
        if (!account) return unauthenticated();
        if (account.password !== body.currentPassword) {
          return json(errorBody('invalid_credentials', 'Wrong password'), 401);
        }
        account.password = String(body.newPassword);
        for (const [sid, owner] of this.sessions) if (owner === id) this.sessions.delete(sid);
        return json(await this.#session(account.customer));
      }
      case `POST ${customerPaths.requestReset}`:
        return new Response(null, { status: 202 });
      case `POST ${customerPaths.confirmReset}`:
        return json(errorBody('invalid_token', 'This link is invalid or has expired'), 400);
      case `POST ${customerPaths.verifyEmail}`:
        if (!(await this.authenticate(headers))) return unauthenticated();
        return json(errorBody('invalid_token', 'This link is invalid or has expired'), 400);
      case `POST ${customerPaths.resendVerification}`:
        return (await this.authenticate(headers)) ? new Response(null, { status: 202 }) : unauthenticated();
      case `POST ${customerPaths.claimOrders}`: {
        const id = await this.authenticate(headers);
        return id ? json({ claimed: this.claimable.get(id) ?? [] }) : unauthenticated();
      }
      default:
        return null;
    }
  }
}
