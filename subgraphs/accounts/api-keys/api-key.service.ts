import { randomBytes, randomUUID } from 'node:crypto';
import { IsNull } from 'typeorm';
import { API_KEY_PREFIX, hashSecretToken, type OperatorIdentity } from '../../../kernel/auth';
import { forbidden } from '../../../kernel/errors';
import { requireCompanyAccess } from '../../../kernel/rules';
import type { Runtime } from '../../../kernel/subgraph';
import * as validate from '../../../kernel/validate';
import type { AccessEvents } from '../access.events';
import { AuditAction, type AuditService } from '../audit/audit.service';
import { checkPermissions } from '../operators/operator.service';
import { ApiKeyEntity } from './api-key.entity';

/**
 * API keys (integrations.graphql): a company's keys for servers, each with the permissions it was
 * given. The key (a prefix and 256 random bits) is shown once and stored as a SHA-256 hash; the
 * gateway turns it into an identity of that company alone (kernel/auth.ts, gateway/authenticate.ts).
 * Revoking works at once: every request looks the key up, and open sockets are told to re-check.
 */
export class ApiKeyService {
  constructor(
    private readonly runtime: Runtime,
    private readonly access: AccessEvents,
    private readonly audit: AuditService,
  ) {}

  async create(identity: OperatorIdentity, companyId: string, rawName: string, permissions: string[]): Promise<{ key: string; row: ApiKeyEntity }> {
    const name = validate.requiredText('name', rawName, 100);
    const stored = checkPermissions('permissions', permissions);
    const key = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
    const row: ApiKeyEntity = {
      id: randomUUID(),
      companyId,
      name,
      permissions: stored,
      keyHash: hashSecretToken(key),
      createdBy: identity.userId,
      createdAt: new Date(),
      lastUsedAt: null,
      revokedAt: null,
    };
    await this.runtime.db.transaction(async (m) => {
      await m.insert(ApiKeyEntity, row);
      await this.audit.record(m, companyId, { action: AuditAction.API_KEY_CREATED, actor: identity, details: { apiKeyId: row.id, name, permissions: stored } });
    });
    return { key, row };
  }

  list(companyId: string): Promise<ApiKeyEntity[]> {
    return this.runtime.db.manager.find(ApiKeyEntity, { where: { companyId, revokedAt: IsNull() }, order: { createdAt: 'DESC', id: 'ASC' } });
  }

  /** Revokes at once; a key of a company the caller does not manage is NOT_FOUND. Revoking twice changes nothing. */
  async revoke(identity: OperatorIdentity, rawId: string): Promise<boolean> {
    const id = validate.id('id', rawId);
    const revoked = await this.runtime.db.transaction(async (m) => {
      const key = await m.findOneBy(ApiKeyEntity, { id });
      if (requireCompanyAccess(identity, key?.companyId ?? '', 'API key').role !== 'SUPER_ADMIN') throw forbidden('Only a super-admin manages API keys');
      if (key!.revokedAt) return false;
      await m.update(ApiKeyEntity, { id }, { revokedAt: new Date() });
      await this.audit.record(m, key!.companyId, { action: AuditAction.API_KEY_REVOKED, actor: identity, details: { apiKeyId: id, name: key!.name } });
      return true;
    });
    // Open sockets authenticated with the key re-check and close (4403).
    if (revoked) await this.access.accessChanged(id);
    return true;
  }
}
