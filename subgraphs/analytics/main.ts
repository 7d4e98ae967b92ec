import 'reflect-metadata';
import { runSubgraphAlone } from '../run-alone';

/** `npm run start:analytics`: this subgraph alone, on ANALYTICS_PORT (default: a free port). */
if (require.main === module) runSubgraphAlone('analytics');
