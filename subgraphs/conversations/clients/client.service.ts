import { randomUUID } from 'node:crypto';
import { EntityManager, Not } from 'typeorm';
import type { CompanyAccess, OperatorIdentity } from '../../../kernel/auth';
import { forbidden, notFound } from '../../../kernel/errors';
import { companyAccess, hasPermission } from '../../../kernel/rules';
import type { Runtime } from '../../../kernel/subgraph';
import * as validate from '../../../kernel/validate';
import { ConversationEntity, ConversationEventKind } from '../conversations/conversation.entity';
import { Actor, recordConversationEvent } from '../conversations/conversation.events';
import type { RealtimeEvents } from '../realtime/realtime.events';
import { indexText } from '../search/search.index';
import { ClientEntity, ClientNoteEntity } from './client.entity';

/**
 * The operators' side of a client's profile (seed 003): rename (the original name is kept), notes,
 * the blacklist, and pinning the client to an operator.
 */
export class ClientService {
  constructor(
    private readonly runtime: Runtime,
    private readonly events: RealtimeEvents,
  ) {}

  async rename(identity: OperatorIdentity, rawClientId: string, rawName: string): Promise<ClientEntity> {
    const name = validate.requiredText('name', rawName, 100);
    const { client } = await this.find(identity, rawClientId);
    const originalName = client.originalName ?? client.name;
    await this.runtime.db.transaction(async (m) => {
      await m.update(ClientEntity, { id: client.id }, { name, originalName });
      // Found by either name afterwards: the old terms stay, the new name's are added.
      for (const conversation of await m.find(ConversationEntity, { select: { id: true, companyId: true }, where: { clientId: client.id } })) {
        await indexText(m, conversation, name);
      }
    });
    await this.announce(client, 'client.renamed');
    return { ...client, name, originalName };
  }

  async addNote(identity: OperatorIdentity, rawClientId: string, rawText: string): Promise<ClientNoteEntity> {
    const text = validate.requiredText('text', rawText, 2000, 1, { kind: 'text' });
    const { client } = await this.find(identity, rawClientId);
    const note: ClientNoteEntity = { id: randomUUID(), clientId: client.id, authorId: identity.userId, text, createdAt: new Date() };
    await this.runtime.db.transaction((m) => m.insert(ClientNoteEntity, note));
    return note;
  }

  /**
   * "Send to the black list" (MANAGE_CONVERSATIONS): the client's open conversation is closed by
   * the system, and what they write from now on is stored without reaching any operator.
   */
  async blacklist(identity: OperatorIdentity, rawClientId: string): Promise<ClientEntity> {
    const { client, access } = await this.find(identity, rawClientId);
    if (!hasPermission(access, 'MANAGE_CONVERSATIONS')) throw forbidden('The blacklist needs the MANAGE_CONVERSATIONS permission');
    if (client.blacklistedAt) return client;
    const now = new Date();
    const closed = await this.runtime.db.transaction(async (m) => {
      await m.update(ClientEntity, { id: client.id }, { blacklistedAt: now });
      const open = await m.findBy(ConversationEntity, { clientId: client.id, status: Not('CLOSED') });
      for (const conversation of open) {
        await m.update(ConversationEntity, { id: conversation.id }, { status: 'CLOSED', operatorId: null, closedBy: null, statusChangedAt: now });
      }
      await this.log(m, client.id, 'BLACKLISTED', { kind: 'OPERATOR', id: identity.userId }, now);
      return open;
    });
    for (const conversation of closed) await this.events.conversationChanged(conversation, 'conversation.blacklisted', true);
    return { ...client, blacklistedAt: now };
  }

  /** "Unlock conversation" from the Blacklist tab: the client's next message reaches operators again. */
  async unblock(identity: OperatorIdentity, rawClientId: string): Promise<ClientEntity> {
    const { client, access } = await this.find(identity, rawClientId);
    if (!hasPermission(access, 'MANAGE_CONVERSATIONS')) throw forbidden('The blacklist needs the MANAGE_CONVERSATIONS permission');
    if (!client.blacklistedAt) return client;
    await this.runtime.db.transaction(async (m) => {
      await m.update(ClientEntity, { id: client.id }, { blacklistedAt: null });
      await this.log(m, client.id, 'UNBLOCKED', { kind: 'OPERATOR', id: identity.userId }, new Date());
    });
    await this.announce(client, 'client.unblocked');
    return { ...client, blacklistedAt: null };
  }

  /** Pins the client to the viewer (an operator or super-admin): their new conversations skip Unassigned. */
  async pin(identity: OperatorIdentity, rawClientId: string): Promise<ClientEntity> {
    const { client, access } = await this.find(identity, rawClientId);
    if (client.pinnedOperatorId === identity.userId) return client;
    // Seed 003: to take over a pinned client, the current operator detaches first (or a super-admin does).
    if (client.pinnedOperatorId && access.role !== 'SUPER_ADMIN') throw forbidden('The client is pinned to another operator, who must detach them first');
    await this.runtime.db.transaction(async (m) => {
      await m.update(ClientEntity, { id: client.id }, { pinnedOperatorId: identity.userId });
      await this.log(m, client.id, 'PINNED', { kind: 'OPERATOR', id: identity.userId }, new Date());
    });
    await this.announce(client, 'client.pinned');
    return { ...client, pinnedOperatorId: identity.userId };
  }

  /** Only the operator the client is pinned to, or a super-admin, detaches them. */
  async unpin(identity: OperatorIdentity, rawClientId: string): Promise<ClientEntity> {
    const { client, access } = await this.find(identity, rawClientId);
    if (!client.pinnedOperatorId) return client;
    if (client.pinnedOperatorId !== identity.userId && access.role !== 'SUPER_ADMIN') throw forbidden('Only the operator the client is pinned to or a super-admin can detach them');
    await this.runtime.db.transaction(async (m) => {
      await m.update(ClientEntity, { id: client.id }, { pinnedOperatorId: null });
      await this.log(m, client.id, 'UNPINNED', { kind: 'OPERATOR', id: identity.userId }, new Date());
    });
    await this.announce(client, 'client.unpinned');
    return { ...client, pinnedOperatorId: null };
  }

  /** The client of a company the viewer works in; NOT_FOUND otherwise. */
  private async find(identity: OperatorIdentity, rawClientId: string): Promise<{ client: ClientEntity; access: CompanyAccess }> {
    const client = await this.runtime.db.manager.findOneBy(ClientEntity, { id: validate.id('clientId', rawClientId) });
    const access = client ? companyAccess(identity, client.companyId) : undefined;
    if (!client || !access) throw notFound('Client');
    return { client, access };
  }

  /** Client-level movements go into the access log of the client's latest conversation. */
  private async log(m: EntityManager, clientId: string, kind: ConversationEventKind, actor: Actor, at: Date) {
    const latest = await m.findOne(ConversationEntity, { where: { clientId }, order: { createdAt: 'DESC' } });
    if (latest) await recordConversationEvent(m, latest, kind, actor, at);
  }

  /** List rows show the client's name and pin: their conversations changed for every viewer. */
  private async announce(client: ClientEntity, reason: string) {
    const conversations = await this.runtime.db.manager.find(ConversationEntity, { select: { id: true, companyId: true }, where: { clientId: client.id } });
    for (const conversation of conversations) await this.events.conversationChanged(conversation, reason);
  }
}
