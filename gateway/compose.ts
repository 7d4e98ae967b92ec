import { composeServices } from '@apollo/composition';
import { printSubgraphSchema } from '@apollo/subgraph';
import { GraphQLSchema, parse, printSchema } from 'graphql';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SUBGRAPH_NAMES, SubgraphName } from '../kernel/config';
import { subgraphSchemas } from '../subgraphs';

/** The checkout's root, whether this runs from sources (tests) or from dist/. */
function repoRoot(from = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('package.json not found above ' + from);
    dir = parent;
  }
  return dir;
}

/** Path of a committed schema artefact under schema/. */
export const schemaFile = (name: string) => join(repoRoot(), 'schema', name);

/** Placeholder routing URLs: the gateway is told the real ones at start. */
const routingUrl = (name: SubgraphName) => `http://${name}.subgraph.invalid/graphql`;

export interface Composition {
  subgraphs: Record<SubgraphName, string>;
  supergraphSdl: string;
  apiSchemaSdl: string;
  apiSchema: GraphQLSchema;
}

/** Prints every subgraph's SDL and composes them with Federation 2; throws listing every composition error. */
export async function composeSupergraph(): Promise<Composition> {
  const subgraphs = {} as Record<SubgraphName, string>;
  for (const name of SUBGRAPH_NAMES) subgraphs[name] = printSubgraphSchema(await subgraphSchemas[name]());
  const result = composeServices(SUBGRAPH_NAMES.map((name) => ({ name, url: routingUrl(name), typeDefs: parse(subgraphs[name]) })));
  if (result.errors) throw new Error(`Composition failed:\n${result.errors.map((e) => `- ${e.message}`).join('\n')}`);
  const apiSchema = result.schema.toAPISchema().toGraphQLJSSchema();
  return { subgraphs, supergraphSdl: result.supergraphSdl, apiSchemaSdl: printSchema(apiSchema), apiSchema };
}

export const readSupergraph = () => readFileSync(schemaFile('supergraph.graphql'), 'utf8');
