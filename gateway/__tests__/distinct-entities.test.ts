import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { DistinctEntities } from '../distinct-entities';
import type { GatewayContext } from '../server';

type Response = Awaited<ReturnType<GraphQLDataSource['process']>>;

/** A subgraph stand-in that records what it was asked and answers each representation by its id. */
function subgraph(answer: (representations: { id: string }[]) => Response) {
  const asked: unknown[][] = [];
  const source: GraphQLDataSource<GatewayContext> = {
    process: async (options) => {
      const representations = options.request.variables?.representations as { id: string }[];
      asked.push(representations);
      return answer(representations);
    },
  };
  return { asked, source };
}

const fetchOf = (representations: unknown[], variables: Record<string, unknown> = {}) =>
  ({
    request: { query: 'query($representations:[_Any!]!){_entities(representations:$representations){...on User{displayName}}}', variables: { ...variables, representations } },
    context: {},
  }) as unknown as GraphQLDataSourceProcessOptions<GatewayContext>;

const user = (id: string) => ({ __typename: 'User', id });

describe('DistinctEntities: entity fetches without repeats', () => {
  it('asks for each distinct representation once and answers every place, in order, each with its own copy', async () => {
    const { asked, source } = subgraph((representations) => ({ data: { _entities: representations.map(({ id }) => ({ displayName: `Name ${id}`, tags: [{ id }] })) } }));
    const response = await new DistinctEntities(source).process(fetchOf([user('a'), user('b'), user('a'), user('a'), user('b')], { other: 1 }));
    expect(asked).toEqual([[user('a'), user('b')]]);
    const entities = response.data?._entities as { displayName: string; tags: object[] }[];
    expect(entities.map((entity) => entity.displayName)).toEqual(['Name a', 'Name b', 'Name a', 'Name a', 'Name b']);
    expect(entities[0]).toEqual(entities[2]);
    expect(entities[0]).not.toBe(entities[2]);
    expect(entities[0].tags[0]).not.toBe(entities[3].tags[0]);
  });

  it('puts an error about one entity at every place that entity was asked for, and keeps other errors as they are', async () => {
    const { source } = subgraph((representations) => ({
      data: { _entities: representations.map(({ id }) => (id === 'b' ? null : { displayName: id })) },
      errors: [
        { message: 'No such user', path: ['_entities', representations.findIndex(({ id }) => id === 'b'), 'displayName'], extensions: { code: 'NOT_FOUND' } },
        { message: 'Something else', path: ['other'] },
        { message: 'No path' },
      ],
    }));
    const response = await new DistinctEntities(source).process(fetchOf([user('b'), user('a'), user('b')]));
    expect(response.data?._entities).toEqual([null, { displayName: 'a' }, null]);
    expect(response.errors).toEqual([
      { message: 'No such user', path: ['_entities', 0, 'displayName'], extensions: { code: 'NOT_FOUND' } },
      { message: 'No such user', path: ['_entities', 2, 'displayName'], extensions: { code: 'NOT_FOUND' } },
      { message: 'Something else', path: ['other'] },
      { message: 'No path' },
    ]);
  });

  it('passes a fetch without repeats, a single entity and a failed answer through', async () => {
    const { asked, source } = subgraph((representations) => (representations.length === 2 ? { data: null, errors: [{ message: 'down' }] } : { data: { _entities: [] } }));
    const distinct = new DistinctEntities(source);
    await distinct.process(fetchOf([user('a'), user('b'), user('c')]));
    await distinct.process(fetchOf([user('a')]));
    expect(asked).toEqual([[user('a'), user('b'), user('c')], [user('a')]]);
    expect(await distinct.process(fetchOf([user('a'), user('b'), user('a')]))).toEqual({ data: null, errors: [{ message: 'down' }] });
  });

  it('leaves operations that are not entity fetches alone', async () => {
    const asked: unknown[] = [];
    const source: GraphQLDataSource<GatewayContext> = {
      process: async (options) => {
        asked.push(options.request.variables);
        return { data: { ok: true } };
      },
    };
    const response = await new DistinctEntities(source).process({
      request: { query: '{ ok }', variables: { first: 2 } },
      context: {},
    } as unknown as GraphQLDataSourceProcessOptions<GatewayContext>);
    expect(response).toEqual({ data: { ok: true } });
    expect(asked).toEqual([{ first: 2 }]);
  });
});
