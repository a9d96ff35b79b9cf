/**
 * Access tokens for edge tests, signed with the key ring vitest.config.ts binds as
 * AUTH_TOKEN_KEYS (first key signs, like the origin), or with any other ring to forge one.
 */
import { env } from 'cloudflare:test';
import { type KeyRing, parseKeyRing, signAccessToken } from '../../contract/access-token';

export const testKeys = (): KeyRing => parseKeyRing(env.AUTH_TOKEN_KEYS);

export async function accessToken(
  customerId: string,
  options: { keys?: KeyRing; ttlSeconds?: number; sid?: string; now?: number } = {},
): Promise<string> {
  const iat = Math.floor((options.now ?? Date.now()) / 1000);
  return signAccessToken(options.keys ?? testKeys(), {
    iss: 'edgeshop',
    aud: 'shopper',
    sub: customerId,
    sid: options.sid ?? `ses_${customerId}`,
    iat,
    exp: iat + (options.ttlSeconds ?? 300),
  });
}

export const bearer = async (customerId: string) => ({ authorization: `Bearer ${await accessToken(customerId)}` });
