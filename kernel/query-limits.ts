import type { ApolloServerPlugin } from '@apollo/server';
import {
  DocumentNode,
  FragmentDefinitionNode,
  getNamedType,
  getNullableType,
  GraphQLCompositeType,
  GraphQLError,
  GraphQLSchema,
  isCompositeType,
  isListType,
  isObjectType,
  Kind,
  OperationDefinitionNode,
  SelectionSetNode,
  ValueNode,
  valueFromASTUntyped,
} from 'graphql';
import { DEFAULT_PAGE_SIZE } from './pagination';

/**
 * How much one operation may ask for. A nested `conversation { messages { node { conversation ...`
 * once grew a process to 4 GB, and 1,000 aliased `sendMessage` stored 1,000 messages: the gateway,
 * the subscription layer and every subgraph refuse such operations before running them.
 */
export interface QueryLimits {
  /** Deepest field nesting (introspection's own `__schema`/`__type` subtrees excepted). */
  maxDepth: number;
  /** Estimated number of objects and fields returned: each field costs 1, times the list sizes above it. */
  maxCost: number;
  /** Aliased fields in one operation. */
  maxAliases: number;
  /** Root fields of one mutation: each is a separate write. */
  maxRootMutationFields: number;
}

/**
 * Tokens the parser reads before it gives up: validation is quadratic in places (overlapping
 * fields), so a huge document is refused before it is even parsed. Subgraphs allow twice as many
 * for the gateway's query-plan wrappers.
 */
export const MAX_QUERY_TOKENS = 5000;

export const DEFAULT_QUERY_LIMITS: QueryLimits = { maxDepth: 12, maxCost: 10000, maxAliases: 30, maxRootMutationFields: 10 };

/** A list field without a `first` argument is counted as this many items. */
const ASSUMED_LIST_SIZE = 10;

export interface OperationMeasure {
  depth: number;
  cost: number;
  aliases: number;
  rootFields: number;
}

export interface MeasureOptions {
  /**
   * Subgraphs receive `_entities(representations: [...])` from the gateway, whose size the
   * gateway's own check already bounded: count it as one.
   */
  entitiesCountAsOne?: boolean;
}

class LimitExceeded extends Error {}

const LIMIT_MESSAGES: Record<keyof QueryLimits, (limit: number) => string> = {
  maxDepth: (limit) => `The operation nests fields more than ${limit} deep`,
  maxCost: (limit) => `The operation asks for more than ${limit} fields and objects in all (lists count by their first argument); ask for fewer or page`,
  maxAliases: (limit) => `The operation uses more than ${limit} aliases`,
  maxRootMutationFields: (limit) => `A request may run at most ${limit} mutations`,
};

/**
 * The operation's measure, with the coded refusal when it passes a limit. It walks the operation
 * with its types, multiplying by list sizes, and stops as soon as a limit is passed, so a
 * fragment "bomb" costs no more to measure than the limit allows.
 */
export function checkOperationLimits(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  limits: QueryLimits,
  options: MeasureOptions = {},
): { measure: OperationMeasure; refusal?: GraphQLError } {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const measure: OperationMeasure = { depth: 0, cost: 0, aliases: 0, rootFields: 0 };
  let exceeded: keyof QueryLimits | undefined;
  const fail = (limit: keyof QueryLimits) => {
    exceeded = limit;
    throw new LimitExceeded();
  };

  const argumentValue = (value: ValueNode) => valueFromASTUntyped(value, variables);

  const walk = (selectionSet: SelectionSetNode, parent: GraphQLCompositeType, depth: number, multiplier: number, root: boolean): void => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const typed = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        walk(selection.selectionSet, isCompositeType(typed) ? typed : parent, depth, multiplier, root);
        continue;
      }
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        if (!fragment) continue;
        const typed = schema.getType(fragment.typeCondition.name.value);
        walk(fragment.selectionSet, isCompositeType(typed) ? typed : parent, depth, multiplier, root);
        continue;
      }
      const name = selection.name.value;
      if (root) measure.rootFields++;
      if (selection.alias && selection.alias.value !== name) {
        measure.aliases++;
        if (measure.aliases > limits.maxAliases) fail('maxAliases');
      }
      if (name.startsWith('__')) {
        // Introspection answers from the schema in memory; __typename costs nothing.
        continue;
      }
      measure.cost += multiplier;
      if (measure.cost > limits.maxCost) fail('maxCost');
      const fieldDepth = depth + 1;
      if (fieldDepth > measure.depth) measure.depth = fieldDepth;
      if (measure.depth > limits.maxDepth) fail('maxDepth');
      if (!selection.selectionSet) continue;
      const field = 'getFields' in parent ? parent.getFields()[name] : undefined;
      if (!field) continue;
      const child = getNamedType(field.type);
      let size = 1;
      const first = selection.arguments?.find((arg) => arg.name.value === 'first' || arg.name.value === 'last');
      if (first) {
        const value = argumentValue(first.value);
        size = typeof value === 'number' && value >= 0 ? value : DEFAULT_PAGE_SIZE;
      } else if (name === 'edges')
        size = 1; // the connection's `first` counted already
      else if (name === '_entities' && options.entitiesCountAsOne) size = 1;
      else if (isListType(getNullableType(field.type))) size = ASSUMED_LIST_SIZE;
      else if (child && isObjectType(child) && child.getFields().edges && child.getFields().pageInfo) size = DEFAULT_PAGE_SIZE;
      if (isCompositeType(child)) walk(selection.selectionSet, child, fieldDepth, multiplier * Math.max(size, 1), false);
    }
  };

  const rootType = operation.operation === 'mutation' ? schema.getMutationType() : operation.operation === 'subscription' ? schema.getSubscriptionType() : schema.getQueryType();
  try {
    if (rootType) walk(operation.selectionSet, rootType, 0, 1, true);
    if (operation.operation === 'mutation' && measure.rootFields > limits.maxRootMutationFields) fail('maxRootMutationFields');
  } catch (caught) {
    if (!(caught instanceof LimitExceeded)) throw caught;
  }
  if (!exceeded) return { measure };
  const refusal = new GraphQLError(LIMIT_MESSAGES[exceeded](limits[exceeded]), { extensions: { code: 'BAD_USER_INPUT', limit: exceeded, http: { status: 400 } } });
  return { measure, refusal };
}

/**
 * Apollo Server plugin for the gateway and every subgraph: an operation that names no operation
 * of the document is refused with 400, the limits apply once the operation is known (after validation, before
 * execution). `trusted` marks requests that come from the gateway's own subscription layer, whose
 * client selection was checked when the subscription started.
 */
export function operationGuardPlugin<TContext>(
  limits: QueryLimits,
  options: MeasureOptions & { trusted?: (context: TContext) => boolean } = {},
): ApolloServerPlugin<TContext & object> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request, contextValue }) {
          if (!operation) {
            // The gateway would otherwise fail inside its executor and answer HTTP 500.
            throw new GraphQLError(
              request.operationName ? `Unknown operation named "${request.operationName}"` : 'The document holds several operations: name the one to run in operationName',
              {
                extensions: { code: 'OPERATION_RESOLUTION_FAILURE', http: { status: 400 } },
              },
            );
          }
          if (options.trusted?.(contextValue as TContext)) return;
          const { refusal } = checkOperationLimits(schema, document, operation, request.variables ?? {}, limits, options);
          if (refusal) throw refusal;
        },
        async willSendResponse({ response }) {
          // Nothing could be answered because a part is down: say so with 503, so that clients and
          // load balancers retry, instead of 200.
          if (response.body.kind !== 'single') return;
          const { data, errors } = response.body.singleResult;
          if ((data === null || data === undefined) && errors?.length && errors.every((e) => e.extensions?.code === 'SERVICE_UNAVAILABLE')) {
            response.http.status = 503;
          }
        },
      };
    },
  };
}
