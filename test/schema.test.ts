import 'reflect-metadata';
import { buildSchema, findBreakingChanges } from 'graphql';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeSupergraph, schemaFile } from '../gateway/compose';
import { SUBGRAPH_NAMES } from '../kernel/config';

/** The schema is a committed artefact: stale files, composition errors or a broken core contract fail here. */
describe('schema artefacts', () => {
  let composition: Awaited<ReturnType<typeof composeSupergraph>>;
  beforeAll(async () => {
    composition = await composeSupergraph();
  });

  it('composes the four subgraphs without errors', () => {
    expect(composition.supergraphSdl).toContain('join__Graph');
  });

  it.each(SUBGRAPH_NAMES)('schema/%s.graphql is up to date (run npm run schema)', (name) => {
    expect(readFileSync(schemaFile(`${name}.graphql`), 'utf8')).toBe(composition.subgraphs[name]);
  });

  it('schema/supergraph.graphql and schema/api.graphql are up to date (run npm run schema)', () => {
    expect(readFileSync(schemaFile('supergraph.graphql'), 'utf8')).toBe(composition.supergraphSdl);
    expect(readFileSync(schemaFile('api.graphql'), 'utf8')).toBe(composition.apiSchemaSdl);
  });

  // The fixed core, and the contracts of the issues completed so far (../shared/api/).
  it.each(['core.graphql', 'widget-and-routing.graphql', 'goals-and-reports.graphql', 'integrations.graphql'])('keeps every name of the contract ../shared/api/%s', (file) => {
    const path = [join(__dirname, '..', '..', 'shared', 'api', file), join(__dirname, '..', 'shared', 'api', file)].find(existsSync);
    if (!path) throw new Error(`../shared/api/${file} not found beside the checkout`);
    const contract = buildSchema(readFileSync(path, 'utf8'));
    expect(findBreakingChanges(contract, composition.apiSchema).map((change) => `${change.type}: ${change.description}`)).toEqual([]);
  });
});
