import type { Identity, OperatorIdentity } from '../../kernel/auth';
import { unauthenticated } from '../../kernel/errors';
import type { Runtime } from '../../kernel/subgraph';
import { AccessEvents } from './access.events';
import { AuditService } from './audit/audit.service';
import { BillingService } from './billing/billing.service';
import { CompanyService } from './companies/company.service';
import { DestinationService } from './destinations/destination.service';
import { GroupService } from './groups/group.service';
import { InvitationService } from './invitations/invitation.service';
import type { AccountsLoaders } from './loaders';
import { OperatorFinder } from './operators/operator.finder';
import { OperatorService } from './operators/operator.service';
import { ProfileService } from './profile/profile.service';
import { ApiKeyService } from './api-keys/api-key.service';
import { RoleService } from './roles/role.service';
import { SessionService } from './sessions/session.service';
import { AuthService } from './users/auth.service';

export function createAccountsServices(runtime: Runtime) {
  const access = new AccessEvents(runtime.pubsub);
  const audit = new AuditService(runtime);
  return {
    audit,
    apiKeys: new ApiKeyService(runtime, access, audit),
    auth: new AuthService(runtime, access, audit),
    billing: new BillingService(runtime, audit),
    companies: new CompanyService(runtime, audit),
    destinations: new DestinationService(runtime, audit),
    groups: new GroupService(runtime, access, audit),
    invitations: new InvitationService(runtime, access, audit),
    operatorFinder: new OperatorFinder(runtime.db),
    operators: new OperatorService(runtime, access, audit),
    profiles: new ProfileService(runtime, access, audit),
    roles: new RoleService(runtime, access, audit),
    sessions: new SessionService(runtime, access, audit),
  };
}

export interface AccountsContext {
  identity: Identity;
  loaders: AccountsLoaders;
  services: ReturnType<typeof createAccountsServices>;
  /** Base of the links the graph hands out (avatar images). */
  publicUrl: string;
}

/** Shield has already checked the kind; this narrows the type for the service call. */
export function operator(ctx: { identity: Identity }): OperatorIdentity {
  if (ctx.identity.kind !== 'operator') throw unauthenticated();
  return ctx.identity;
}
