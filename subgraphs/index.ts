import type { GraphQLSchema } from 'graphql';
import type { SubgraphName } from '../kernel/config';
import { kernelEntities } from '../kernel/runtime';
import type { Runtime, SubgraphDefinition } from '../kernel/subgraph';
import { accountsEntities, accountsSubgraph, buildAccountsSchema } from './accounts/schema';
import { analyticsEntities, analyticsSubgraph, buildAnalyticsSchema } from './analytics/schema';
import { buildCampaignsSchema, campaignsEntities, campaignsSubgraph } from './campaigns/schema';
import { buildConversationsSchema, conversationsEntities, conversationsSubgraph } from './conversations/schema';

/** The four subgraphs by name. One database holds every table, so each process maps all entities. */
export const subgraphs: Record<SubgraphName, (runtime: Runtime) => SubgraphDefinition<object>> = {
  accounts: accountsSubgraph,
  conversations: conversationsSubgraph,
  campaigns: campaignsSubgraph,
  analytics: analyticsSubgraph,
};

export const allEntities = [...kernelEntities, ...accountsEntities, ...conversationsEntities, ...campaignsEntities, ...analyticsEntities];

/** Schema builders alone, for printing SDL without a database. */
export const subgraphSchemas: Record<SubgraphName, () => Promise<GraphQLSchema>> = {
  accounts: buildAccountsSchema,
  conversations: buildConversationsSchema,
  campaigns: buildCampaignsSchema,
  analytics: buildAnalyticsSchema,
};
