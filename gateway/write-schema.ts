import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { SUBGRAPH_NAMES } from '../kernel/config';
import { composeSupergraph, schemaFile } from './compose';

/**
 * `npm run schema`: writes schema/<subgraph>.graphql, the composed schema/supergraph.graphql and
 * the client-facing schema/api.graphql (what codegen and client teams read).
 */
async function main() {
  const composition = await composeSupergraph();
  for (const name of SUBGRAPH_NAMES) writeFileSync(schemaFile(`${name}.graphql`), composition.subgraphs[name]);
  writeFileSync(schemaFile('supergraph.graphql'), composition.supergraphSdl);
  writeFileSync(schemaFile('api.graphql'), composition.apiSchemaSdl);
  console.log(`wrote ${SUBGRAPH_NAMES.length} subgraph schemas, supergraph.graphql and api.graphql under schema/`);
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
