import { buildFederatedSchema } from '../../kernel/federation';
import { startAuditListener } from './audit/audit.listener';
import type { Identity } from '../../kernel/auth';
import type { Runtime, SubgraphDefinition } from '../../kernel/subgraph';
import { AuditEntryEntity } from './audit/audit.entity';
import { AuditResolver } from './audit/audit.resolver';
import { PlanEntity, SubscriptionEntity, SubscriptionPeriodEntity } from './billing/billing.entity';
import { BillingResolver } from './billing/billing.resolver';
import { CaptchaRedemptionEntity } from './captcha/captcha';
import { CaptchaResolver } from './captcha/captcha.resolver';
import { CompanyResolver, MembershipResolver } from './companies/company.resolver';
import { CompanyEntity, MembershipEntity } from './companies/company.entity';
import { AccountsContext, createAccountsServices } from './context';
import { CategoryEntity, DestinationEntity, LanguageEntity } from './destinations/destination.entity';
import { DestinationResolver } from './destinations/destination.resolver';
import { GroupEntity, GroupMemberEntity } from './groups/group.entity';
import { GroupResolver } from './groups/group.resolver';
import { InvitationEntity } from './invitations/invitation.entity';
import { InvitationResolver } from './invitations/invitation.resolver';
import { createAccountsLoaders } from './loaders';
import { toCompany, toGroup, toUser } from './mappers';
import { OperatorResolver } from './operators/operator.resolver';
import { ProfileResolver } from './profile/profile.resolver';
import { RoleEntity } from './roles/role.entity';
import { RoleResolver } from './roles/role.resolver';
import { accountsRules } from './rules';
import { SessionEntity } from './sessions/session.entity';
import { SessionResolver } from './sessions/session.resolver';
import { OneTimeTokenEntity, UserAvatarEntity, UserEntity } from './users/user.entity';
import { UserResolver } from './users/user.resolver';
import { ApiKeyEntity } from './api-keys/api-key.entity';
import { startApiKeyUseListener } from './api-keys/api-key.listener';
import { ApiKeyResolver } from './api-keys/api-key.resolver';

export const accountsEntities = [
  UserEntity,
  UserAvatarEntity,
  OneTimeTokenEntity,
  SessionEntity,
  CompanyEntity,
  MembershipEntity,
  GroupEntity,
  GroupMemberEntity,
  InvitationEntity,
  CaptchaRedemptionEntity,
  RoleEntity,
  LanguageEntity,
  CategoryEntity,
  DestinationEntity,
  PlanEntity,
  SubscriptionEntity,
  SubscriptionPeriodEntity,
  AuditEntryEntity,
  ApiKeyEntity,
];

/** The subgraph's schema; needs no database, so `npm run schema` can print it. */
export const buildAccountsSchema = () =>
  buildFederatedSchema({
    resolvers: [
      UserResolver,
      ProfileResolver,
      CompanyResolver,
      MembershipResolver,
      OperatorResolver,
      RoleResolver,
      DestinationResolver,
      GroupResolver,
      InvitationResolver,
      SessionResolver,
      CaptchaResolver,
      BillingResolver,
      AuditResolver,
      ApiKeyResolver,
    ],
    rules: accountsRules,
    referenceResolvers: {
      User: { __resolveReference: async ({ id }: { id: string }, ctx: AccountsContext) => mapOrNull(await ctx.loaders.userById.load(id), toUser) },
      Company: { __resolveReference: async ({ id }: { id: string }, ctx: AccountsContext) => mapOrNull(await ctx.loaders.companyById.load(id), toCompany) },
      Group: { __resolveReference: async ({ id }: { id: string }, ctx: AccountsContext) => mapOrNull(await ctx.loaders.groupById.load(id), toGroup) },
    },
  });

export function accountsSubgraph(runtime: Runtime): SubgraphDefinition<AccountsContext> {
  const services = createAccountsServices(runtime);
  return {
    name: 'accounts',
    buildSchema: buildAccountsSchema,
    createContext: (identity: Identity): AccountsContext => ({
      identity,
      services,
      loaders: createAccountsLoaders(runtime.db),
      publicUrl: runtime.config.publicUrl.replace(/\/$/, ''),
    }),
    listen: async () => {
      const stops = [await startAuditListener(runtime, services.audit), await startApiKeyUseListener(runtime)];
      return async () => {
        for (const stop of stops) await stop();
      };
    },
  };
}

function mapOrNull<R, T>(row: R | null, map: (row: R) => T): T | null {
  return row ? map(row) : null;
}
