import { buildFederatedSchema } from '../../kernel/federation';
import type { Identity } from '../../kernel/auth';
import type { Runtime, SubgraphDefinition } from '../../kernel/subgraph';
import { CaptchaRedemptionEntity } from './captcha/captcha';
import { CaptchaResolver } from './captcha/captcha.resolver';
import { CompanyResolver, MembershipResolver } from './companies/company.resolver';
import { CompanyEntity, MembershipEntity } from './companies/company.entity';
import { AccountsContext, createAccountsServices } from './context';
import { GroupEntity, GroupMemberEntity } from './groups/group.entity';
import { GroupResolver } from './groups/group.resolver';
import { InvitationEntity } from './invitations/invitation.entity';
import { InvitationResolver } from './invitations/invitation.resolver';
import { createAccountsLoaders } from './loaders';
import { toCompany, toGroup, toUser } from './mappers';
import { accountsRules } from './rules';
import { SessionEntity } from './sessions/session.entity';
import { SessionResolver } from './sessions/session.resolver';
import { OneTimeTokenEntity, UserEntity } from './users/user.entity';
import { UserResolver } from './users/user.resolver';

export const accountsEntities = [UserEntity, OneTimeTokenEntity, SessionEntity, CompanyEntity, MembershipEntity, GroupEntity, GroupMemberEntity, InvitationEntity, CaptchaRedemptionEntity];

/** The subgraph's schema; needs no database, so `npm run schema` can print it. */
export const buildAccountsSchema = () =>
  buildFederatedSchema({
        resolvers: [UserResolver, CompanyResolver, MembershipResolver, GroupResolver, InvitationResolver, SessionResolver, CaptchaResolver],
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
    createContext: (identity: Identity): AccountsContext => ({ identity, services, loaders: createAccountsLoaders(runtime.db) }),
  };
}

function mapOrNull<R, T>(row: R | null, map: (row: R) => T): T | null {
  return row ? map(row) : null;
}
