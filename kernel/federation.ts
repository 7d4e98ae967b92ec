import { buildSubgraphSchema } from '@apollo/subgraph';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { GraphQLSchema, isIntrospectionType, isObjectType, parse } from 'graphql';
import { applyMiddleware, IMiddlewareFunction } from 'graphql-middleware';
import { allow, IRules, shield } from 'graphql-shield';
import { buildSchema, BuildSchemaOptions, createResolversMap } from 'type-graphql';
import { forbidden } from './errors';
import { Check, guard, ShieldRule, syncCheckOf } from './rules';
import { DateTime } from './scalars';

const FEDERATION_LINK = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7",
    import: ["@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible"])
`;

// graphql-shield's own `deny` answers with a generic message; we want the coded FORBIDDEN.
const denyRule = guard(() => forbidden());

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
  return guardSchema(subgraphSchema, {
    ...rules,
    // The gateway's own entry points; _entities exists only where the subgraph has entities.
    Query: { ...(rules.Query ?? {}), _service: allow, ...(subgraphSchema.getQueryType()?.getFields()._entities ? { _entities: allow } : {}) },
    _Service: allow,
  });
}

/**
 * graphql-shield over the schema, with `fallbackRule: deny`, but leaner where it can be: a field
 * whose rule is `allow` is not wrapped at all, and a rule that carries a synchronous check
 * (kernel/rules.ts: guard, anyOf, allOf) runs it inline instead of as shield's per-field promise,
 * with the same answers (true resolves, false is FORBIDDEN, an Error is returned as the field's
 * error). Any other rule keeps the middleware shield generated for it.
 */
export function guardSchema(schema: GraphQLSchema, tree: Record<string, ShieldRule | Record<string, ShieldRule>>): GraphQLSchema {
  const generated = shield(tree as IRules, { fallbackRule: denyRule, allowExternalErrors: true, fallbackError: () => forbidden() }).generate(schema) as Record<
    string,
    Record<string, IMiddlewareFunction>
  >;
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || isIntrospectionType(type) || !generated[type.name]) continue;
    for (const field of Object.keys(type.getFields())) {
      const fieldRule = ruleOf(tree[type.name], field);
      const check = syncCheckOf(fieldRule);
      if (fieldRule === allow) delete generated[type.name][field];
      else if (check) generated[type.name][field] = inlineGuard(check);
    }
  }
  return applyMiddleware(schema, generated);
}

/** The rule shield applies to a field: the type's rule, its field's, its '*', or the fallback. */
function ruleOf(typeRules: ShieldRule | Record<string, ShieldRule> | undefined, field: string): ShieldRule {
  if (!typeRules) return denyRule;
  // A rule (shield's Rule or LogicRule) for the whole type, or a map of its fields.
  if (typeof (typeRules as { resolve?: unknown }).resolve === 'function') return typeRules as ShieldRule;
  const fields = typeRules as Record<string, ShieldRule>;
  return fields[field] ?? fields['*'] ?? denyRule;
}

function inlineGuard(check: Check): IMiddlewareFunction {
  return (resolve, parent, args, ctx, info) => {
    const verdict = check(parent, args, ctx);
    if (verdict === true) return resolve(parent, args, ctx, info);
    return verdict === false ? forbidden() : verdict;
  };
}
