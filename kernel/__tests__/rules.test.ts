import { buildSchema, graphql, GraphQLSchema } from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import { allow, and, or, rule, shield } from 'graphql-shield';
import { forbidden, unauthenticated } from '../errors';
import { guardSchema } from '../federation';
import { allOf, anyOf, guard } from '../rules';

/**
 * The inline guards (kernel/federation.ts: guardSchema) must answer exactly as graphql-shield does
 * for the same rules: the same fields resolve, and refused ones carry the same error.
 */
describe('inline shield guards', () => {
  const typeDefs = `type Query { open: String  member: String  denied: String  mixedOr: String  mixedAnd: String  allRefuse: String  shieldOnly: String  unlisted: String  thing: Thing }
    type Thing { id: String  secret: String }`;
  // Default resolvers read the root value; shield and the inline guards wrap those too.
  const rootValue = {
    open: 'value',
    member: 'value',
    denied: 'value',
    mixedOr: 'value',
    mixedAnd: 'value',
    allRefuse: 'value',
    shieldOnly: 'value',
    unlisted: 'value',
    thing: { id: 't', secret: 's' },
  };

  type Ctx = { identity: { kind: string } };
  const checks = {
    signedIn: (_p: unknown, _a: unknown, ctx: Ctx) => (ctx.identity.kind !== 'anonymous' ? true : unauthenticated()),
    operator: (_p: unknown, _a: unknown, ctx: Ctx) => (ctx.identity.kind === 'operator' ? true : forbidden('operators only')),
    never: () => false,
  };
  // The same tree twice: once of guards (inline), once of shield's plain rules (its own promises).
  const tree = (make: (check: (...args: any[]) => boolean | Error) => any, any: typeof anyOf, all: typeof allOf) => ({
    Query: {
      open: allow,
      member: make(checks.signedIn),
      denied: make(checks.never),
      mixedOr: any(make(checks.never), make(checks.operator), make(checks.signedIn)),
      mixedAnd: all(make(checks.signedIn), make(checks.operator)),
      allRefuse: any(make(checks.never), make(checks.operator)),
      shieldOnly: rule({ cache: 'no_cache' })(async (_p, _a, ctx: Ctx) => ctx.identity.kind === 'operator'),
      thing: make(checks.signedIn),
    },
    Thing: { '*': make(checks.signedIn), secret: make(checks.operator) },
  });
  const inline = guardSchema(buildSchema(typeDefs), tree(guard, anyOf, allOf));
  const viaShield = applyMiddleware(
    buildSchema(typeDefs),
    shield(
      tree((check) => rule({ cache: 'no_cache' })(check), or, and),
      { fallbackRule: rule({ cache: 'no_cache' })(() => forbidden()), allowExternalErrors: true, fallbackError: () => forbidden() },
    ),
  );
  const query = '{ open member denied mixedOr mixedAnd allRefuse shieldOnly unlisted thing { id secret } }';
  const run = async (schema: GraphQLSchema, kind: string) => {
    const result = await graphql({ schema, source: query, rootValue, contextValue: { identity: { kind } } });
    const errors = (result.errors ?? []).map((e) => ({ path: e.path?.join('.'), message: e.message, code: e.extensions.code }));
    // Shield's promises settle in their own order; which field failed and how is what counts.
    return { data: result.data, errors: errors.sort((a, b) => String(a.path).localeCompare(String(b.path))) };
  };

  it.each(['anonymous', 'visitor', 'operator'])('answers a %s exactly as shield does', async (kind) => {
    expect(await run(inline, kind)).toEqual(await run(viaShield, kind));
  });

  it('lets through only what the rules allow', async () => {
    const visitor = await run(inline, 'visitor');
    expect(visitor.data).toEqual({
      open: 'value',
      member: 'value',
      denied: null,
      mixedOr: 'value',
      mixedAnd: null,
      allRefuse: null,
      shieldOnly: null,
      unlisted: null,
      thing: { id: 't', secret: null },
    });
    expect(visitor.errors.find((e) => e.path === 'allRefuse')).toEqual({ path: 'allRefuse', message: 'operators only', code: 'FORBIDDEN' });
    expect(visitor.errors.find((e) => e.path === 'unlisted')?.code).toBe('FORBIDDEN');
    expect((await run(inline, 'anonymous')).errors.find((e) => e.path === 'member')?.code).toBe('UNAUTHENTICATED');
  });
});
