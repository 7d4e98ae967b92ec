import 'reflect-metadata';
import { runSubgraphAlone } from '../run-alone';

/** `npm run start:accounts`: this subgraph alone, on ACCOUNTS_PORT (default: a free port). */
if (require.main === module) runSubgraphAlone('accounts');
