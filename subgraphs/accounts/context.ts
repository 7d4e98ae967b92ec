import type { Identity, OperatorIdentity } from '../../kernel/auth';
import { unauthenticated } from '../../kernel/errors';
import type { Runtime } from '../../kernel/subgraph';
import { CompanyService } from './companies/company.service';
import { GroupService } from './groups/group.service';
import { InvitationService } from './invitations/invitation.service';
import type { AccountsLoaders } from './loaders';
import { SessionService } from './sessions/session.service';
import { AuthService } from './users/auth.service';

export function createAccountsServices(runtime: Runtime) {
  return {
    auth: new AuthService(runtime),
    companies: new CompanyService(runtime),
    groups: new GroupService(runtime),
    invitations: new InvitationService(runtime),
    sessions: new SessionService(runtime),
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
