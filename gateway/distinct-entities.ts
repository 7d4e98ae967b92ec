import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayContext } from './server';

/**
 * Entity fetches without repeats. The gateway asks a subgraph for one entity per row that points
 * at it: an inbox page of 20 rows answered by one operator had accounts resolve the same user 20
 * times over. This sends each distinct representation once and answers the gateway as if every
 * one had been asked: the entity again (a copy, since the gateway merges into what it gets) and
 * any error at each place the entity was asked for.
 */
export class DistinctEntities implements GraphQLDataSource<GatewayContext> {
  constructor(private readonly inner: GraphQLDataSource<GatewayContext>) {}

  async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): ReturnType<GraphQLDataSource['process']> {
    const representations = options.request.variables?.representations;
    if (!Array.isArray(representations) || representations.length < 2) return this.inner.process(options);
    const slotOf = new Map<string, number>();
    const distinct: unknown[] = [];
    const slots = representations.map((representation) => {
      const key = JSON.stringify(representation);
      let slot = slotOf.get(key);
      if (slot === undefined) {
        slot = distinct.push(representation) - 1;
        slotOf.set(key, slot);
      }
      return slot;
    });
    if (distinct.length === representations.length) return this.inner.process(options);
    const request = { ...options.request, variables: { ...options.request.variables, representations: distinct } };
    const response = await this.inner.process({ ...options, request } as GraphQLDataSourceProcessOptions<GatewayContext>);
    const entities = response.data?._entities;
    const answered = new Set<number>();
    const entityAt = (slot: number) => {
      if (answered.has(slot)) return structuredClone(entities[slot]);
      answered.add(slot);
      return entities[slot];
    };
    return {
      ...response,
      data: Array.isArray(entities) ? { ...response.data, _entities: slots.map(entityAt) } : response.data,
      errors: response.errors?.flatMap((error) => {
        const [root, slot, ...rest] = error.path ?? [];
        if (root !== '_entities' || typeof slot !== 'number') return [error];
        return slots.flatMap((each, index) => (each === slot ? [{ ...error, path: ['_entities', index, ...rest] }] : []));
      }),
    };
  }
}
