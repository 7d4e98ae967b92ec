import { channels } from '../../../kernel/pubsub';
import type { Runtime } from '../../../kernel/subgraph';
import { listenToEvents } from '../../events';
import { ApiKeyEntity } from './api-key.entity';

/** Moves a key's lastUsedAt when a gateway says it was used (at most once a minute per key and gateway). */
export function startApiKeyUseListener(runtime: Runtime): Promise<() => Promise<void>> {
  return listenToEvents(runtime, channels.apiKeysUsed, (event) => {
    if (event.type !== 'api-key.used') return;
    runtime.db.manager
      .createQueryBuilder()
      .update(ApiKeyEntity)
      .set({ lastUsedAt: new Date(event.at) })
      .where('id = :id AND (last_used_at IS NULL OR last_used_at < :at)', { id: event.apiKeyId, at: new Date(event.at) })
      .execute()
      .catch((error) => runtime.log.warn({ err: error }, 'lastUsedAt not recorded'));
  });
}
