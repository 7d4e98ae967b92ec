import type { Identity, OperatorIdentity } from '../../kernel/auth';
import { unauthenticated } from '../../kernel/errors';
import type { Runtime } from '../../kernel/subgraph';
import { AccessEvents } from './access.events';
import { CompanyService } from './companies/company.service';
import { MembershipService } from './companies/membership.service';
import { GroupService } from './groups/group.service';
import { InvitationService } from './invitations/invitation.service';
import type { AccountsLoaders } from './loaders';
import { SessionService } from './sessions/session.service';
import { AuthService } from './users/auth.service';

export function createAccountsServices(runtime: Runtime) {
  const access = new AccessEvents(runtime.pubsub);
  return {
    auth: new AuthService(runtime, access),
    companies: new CompanyService(runtime),
    memberships: new MembershipService(runtime, access),
    groups: new GroupService(runtime),
    invitations: new InvitationService(runtime),
    sessions: new SessionService(runtime, access),
  };
}

export interface AccountsContext {
  identity: Identity;
  loaders: AccountsLoaders;
  services: ReturnType<typeof createAccountsServices>;
}

/** Shield has already checked the kind; this narrows the type for the service call. */
export function operator(ctx: { identity: Identity }): OperatorIdentity {
  if (ctx.identity.kind !== 'operator') throw unauthenticated();
  return ctx.identity;
}
