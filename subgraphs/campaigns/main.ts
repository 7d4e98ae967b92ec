import 'reflect-metadata';
import { runSubgraphAlone } from '../run-alone';

/** `npm run start:campaigns`: this subgraph alone, on CAMPAIGNS_PORT (default: a free port). */
if (require.main === module) runSubgraphAlone('campaigns');
