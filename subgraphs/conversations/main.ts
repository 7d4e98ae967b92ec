import 'reflect-metadata';
import { runSubgraphAlone } from '../run-alone';

/** `npm run start:conversations`: this subgraph alone, on CONVERSATIONS_PORT (default: a free port). */
if (require.main === module) runSubgraphAlone('conversations');
