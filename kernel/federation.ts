import { buildSubgraphSchema } from '@apollo/subgraph';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { GraphQLSchema, parse } from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import { allow, IRules, rule, shield } from 'graphql-shield';
import { buildSchema, BuildSchemaOptions, createResolversMap } from 'type-graphql';
import { forbidden } from './errors';
import { DateTime } from './scalars';

const FEDERATION_LINK = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7",
    import: ["@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible"])
`;

// graphql-shield's own `deny` answers with a generic message; we want the coded FORBIDDEN.
const denyRule = rule({ cache: 'no_cache' })(() => forbidden());

export interface FederatedSchemaOptions {
  resolvers: BuildSchemaOptions['resolvers'];
  /** `{ TypeName: { __resolveReference } }` for the entities this subgraph owns. */
  referenceResolvers?: Record<string, { __resolveReference: (reference: any, context: any) => unknown }>;
  /** The subgraph's shield map; anything it does not name is denied. */
  rules: IRules;
  /** SDL appended as is: for declarations type-graphql cannot express without executing them here. */
  extraTypeDefs?: string;
  /** Classes only extraTypeDefs refers to (a subscription's payload type), so type-graphql emits them. */
  orphanedTypes?: Function[];
}

/**
 * type-graphql builds the schema from the decorated classes; @apollo/subgraph turns it into a
 * Federation 2 subgraph; graphql-shield guards every field with `fallbackRule: deny`, except the
 * federation entry points the gateway needs.
 */
export async function buildFederatedSchema(options: FederatedSchemaOptions): Promise<GraphQLSchema> {
  const typeGraphqlSchema = await buildSchema({
    resolvers: options.resolvers,
    orphanedTypes: options.orphanedTypes,
    validate: false,
    skipCheck: true,
    scalarsMap: [{ type: Date, scalar: DateTime }],
  });
  const resolvers = createResolversMap(typeGraphqlSchema) as Record<string, any>;
  for (const [typeName, reference] of Object.entries(options.referenceResolvers ?? {})) {
    resolvers[typeName] = { ...(resolvers[typeName] ?? {}), ...reference };
  }
  const subgraphSchema = buildSubgraphSchema({
    typeDefs: parse(FEDERATION_LINK + printSchemaWithDirectives(typeGraphqlSchema) + (options.extraTypeDefs ?? '')),
    resolvers,
  });
  const rules = options.rules as Record<string, any>;
  return applyMiddleware(
    subgraphSchema,
    shield(
      {
        ...rules,
        // The gateway's own entry points; _entities exists only where the subgraph has entities.
        Query: { ...(rules.Query ?? {}), _service: allow, ...(subgraphSchema.getQueryType()?.getFields()._entities ? { _entities: allow } : {}) },
        _Service: allow,
      },
      {
        fallbackRule: denyRule,
        allowExternalErrors: true,
        fallbackError: () => forbidden(),
      },
    ),
  );
}
