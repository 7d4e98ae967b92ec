import { createHash } from 'node:crypto';
import { startTestGraph, TestGraph } from './support/graph';
import { setUpCompany } from './support/story';

/**
 * Automatic persisted queries through the gateway (Apollo's protocol): a client sends the query's
 * SHA-256 alone; the first time the gateway answers PERSISTED_QUERY_NOT_FOUND, the client sends
 * hash and query once, and from then on the hash is enough (also as a GET, which CDNs cache).
 */
interface Answer {
  data?: { plans: unknown[] };
  errors?: { message: string; extensions?: { code?: string } }[];
}

describe('automatic persisted queries', () => {
  let t: TestGraph;
  beforeAll(async () => {
    t = await startTestGraph();
  });
  afterAll(() => t?.stop());

  it('answers a known hash without the query, refuses an unknown one, and checks that hash and query match', async () => {
    const company = await setUpCompany(t, 'Persisted');
    const query = 'query Plans { plans { code name } }';
    const sha256Hash = createHash('sha256').update(query).digest('hex');
    const persisted = { persistedQuery: { version: 1, sha256Hash } };
    const post = (body: object): Promise<Answer> =>
      fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${company.admin.token}` }, body: JSON.stringify(body) }).then(
        (r) => r.json() as Promise<Answer>,
      );

    expect((await post({ extensions: persisted })).errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect((await post({ query, extensions: persisted })).data?.plans.length).toBeGreaterThan(0);
    expect((await post({ extensions: persisted })).data?.plans.length).toBeGreaterThan(0);
    const get = await fetch(`${t.url}?extensions=${encodeURIComponent(JSON.stringify(persisted))}`, {
      headers: { authorization: `Bearer ${company.admin.token}`, 'apollo-require-preflight': 'true' },
    }).then((r) => r.json() as Promise<Answer>);
    expect(get.data?.plans.length).toBeGreaterThan(0);
    // A query that does not hash to the given hash is refused.
    const mismatch = await post({ query: 'query Other { plans { code } }', extensions: persisted });
    expect([mismatch.errors?.[0]?.extensions?.code, mismatch.errors?.[0]?.message]).toEqual(['BAD_REQUEST', 'provided sha does not match query']);
  });
});
