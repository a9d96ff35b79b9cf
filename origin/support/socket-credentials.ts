/**
 * The question behind a conversation object's timer: do the credentials its sockets were opened
 * with still hold? Customer sessions are the customers context's to judge, staff credentials the
 * members context's; an agent needs `support:write`, as for the ticket that opened the socket.
 * One call answers every socket of a conversation.
 */

import type { CredentialVerdict, SocketCredential } from '../../contract/support';
import { customersService } from '../customers';
import { membersService, type StaffCredential } from '../members';
import type { OriginContext } from '../platform/context';
import { serviceClient } from '../platform/rpc';

type CustomerCredential = Extract<SocketCredential, { kind: 'customer_session' }>;

/** One verdict per credential, in order. */
export async function checkSocketCredentials(
  ctx: OriginContext,
  credentials: readonly SocketCredential[],
): Promise<CredentialVerdict[]> {
  const customers: CustomerCredential[] = [];
  const staffCredentials: StaffCredential[] = [];
  for (const c of credentials) {
    if (c.kind === 'customer_session') customers.push(c);
    else staffCredentials.push(c);
  }
  const [alive, staffStatuses] = await Promise.all([
    customers.length
      ? serviceClient(ctx, customersService).sessionsAlive({
          sessions: customers.map(({ customerId, sessionId }) => ({ customerId, sessionId })),
        })
      : [],
    staffCredentials.length
      ? serviceClient(ctx, membersService).credentialStatuses({
          credentials: staffCredentials,
          required: 'support:write',
        })
      : [],
  ]);
  let nextCustomer = 0;
  let nextStaff = 0;
  return credentials.map((c): CredentialVerdict => {
    if (c.kind === 'customer_session') {
      return alive[nextCustomer++] ? { valid: true } : { valid: false, reason: 'session_ended' };
    }
    return staffStatuses[nextStaff++] ?? { valid: false, reason: 'credential_revoked' };
  });
}
