import { randomUUID } from 'node:crypto';
import { Brackets } from 'typeorm';
import type { OperatorIdentity } from '../../../kernel/auth';
import { badInput, forbidden, notFound } from '../../../kernel/errors';
import { channels } from '../../../kernel/pubsub';
import { companyAccess } from '../../../kernel/rules';
import type { Runtime } from '../../../kernel/subgraph';
import * as validate from '../../../kernel/validate';
import { publishEvent } from '../../events';
import { CannedResponseEntity } from './canned-response.entity';

export type CannedResponseScopeValue = 'GLOBAL' | 'PERSONAL';

export interface CannedResponseFields {
  nickname?: string | null;
  title?: string | null;
  text: string;
}

const NICKNAME = /^[\p{L}\p{N}_.-]+$/u;
const MAX_TEXT = 4000;

/**
 * Canned responses (seed 003, seed 001): a super-admin's are global, an operator's are personal;
 * only their author side may edit or delete them. The list is never cached, and every change is
 * published, so open sessions see it at once (the seed allows 20 seconds).
 */
export class CannedResponseService {
  constructor(private readonly runtime: Runtime) {}

  /** The viewer's responses: the company's global ones and their own, by title then nickname. */
  async list(identity: OperatorIdentity, companyId: string, rawLookup?: string | null): Promise<CannedResponseEntity[]> {
    const query = this.runtime.db.manager
      .createQueryBuilder(CannedResponseEntity, 'r')
      .where('r.company_id = :companyId AND (r.owner_id IS NULL OR r.owner_id = :userId)', { companyId, userId: identity.userId })
      .orderBy('r.title', 'ASC')
      .addOrderBy('r.nickname', 'ASC')
      .addOrderBy('r.created_at', 'ASC')
      .limit(500);
    const lookup = parseLookup(rawLookup);
    if (lookup?.by === 'text') query.andWhere("LOWER(r.text) LIKE :pattern ESCAPE '!'", { pattern: validate.containsPattern(lookup.term) });
    if (lookup?.by === 'nickname') query.andWhere("LOWER(r.nickname) LIKE :pattern ESCAPE '!'", { pattern: validate.prefixPattern(lookup.term) });
    if (lookup?.by === 'any') {
      const pattern = validate.containsPattern(lookup.term);
      query.andWhere(
        new Brackets((q) =>
          q.where("LOWER(r.title) LIKE :pattern ESCAPE '!'", { pattern }).orWhere("LOWER(r.nickname) LIKE :pattern ESCAPE '!'").orWhere("LOWER(r.text) LIKE :pattern ESCAPE '!'"),
        ),
      );
    }
    return query.getMany();
  }

  async create(identity: OperatorIdentity, companyId: string, scope: CannedResponseScopeValue, input: CannedResponseFields): Promise<CannedResponseEntity> {
    const access = companyAccess(identity, companyId);
    if (!access) throw forbidden('You are not an operator of this company');
    if (scope === 'GLOBAL' && access.role !== 'SUPER_ADMIN') throw forbidden('Only a super-admin sets canned responses for everyone');
    const now = new Date();
    const row: CannedResponseEntity = {
      id: randomUUID(),
      companyId,
      ownerId: scope === 'GLOBAL' ? null : identity.userId,
      ...checkFields(input),
      createdBy: identity.userId,
      createdAt: now,
      updatedAt: now,
    };
    await this.runtime.db.transaction((m) => m.insert(CannedResponseEntity, row));
    await this.announce(row);
    return row;
  }

  async update(identity: OperatorIdentity, id: string, input: CannedResponseFields): Promise<CannedResponseEntity> {
    const fields = checkFields(input);
    const row = await this.findEditable(identity, id);
    const updated = { ...row, ...fields, updatedAt: new Date() };
    await this.runtime.db.transaction((m) => m.update(CannedResponseEntity, { id: row.id }, { ...fields, updatedAt: updated.updatedAt }));
    await this.announce(updated);
    return updated;
  }

  async remove(identity: OperatorIdentity, id: string): Promise<CannedResponseEntity> {
    const row = await this.findEditable(identity, id);
    await this.runtime.db.transaction((m) => m.delete(CannedResponseEntity, { id: row.id }));
    await this.announce(row);
    return row;
  }

  /** Global responses are the super-admins', personal ones their owner's; others' personal ones do not exist. */
  private async findEditable(identity: OperatorIdentity, rawId: string): Promise<CannedResponseEntity> {
    const row = await this.runtime.db.manager.findOneBy(CannedResponseEntity, { id: validate.id('id', rawId) });
    const access = row ? companyAccess(identity, row.companyId) : undefined;
    if (!row || !access || (row.ownerId !== null && row.ownerId !== identity.userId)) throw notFound('Canned response');
    if (row.ownerId === null && access.role !== 'SUPER_ADMIN') throw forbidden('Only a super-admin edits canned responses for everyone');
    return row;
  }

  private async announce(row: CannedResponseEntity): Promise<void> {
    // `userId` (the owner) set for a personal response, which only they hear of.
    await publishEvent(this.runtime.pubsub, channels.companyCannedResponses(row.companyId), {
      type: 'canned-responses.changed',
      eventId: randomUUID(),
      companyId: row.companyId,
      ...(row.ownerId ? { userId: row.ownerId } : {}),
    });
  }
}

function checkFields(input: CannedResponseFields) {
  const nickname = validate.optionalText('nickname', input.nickname, 32);
  if (nickname !== null && !NICKNAME.test(nickname)) throw badInput('nickname', 'nickname must be one word of letters, digits, _ . or -');
  if (typeof input.text !== 'string' || input.text.trim() === '') throw badInput('text', 'text must not be empty');
  if (input.text.length > MAX_TEXT) throw badInput('text', `text must be at most ${MAX_TEXT} characters`);
  validate.safeText('text', input.text, { kind: 'text' });
  return { nickname: nickname?.toLowerCase() ?? null, title: validate.optionalText('title', input.title, 100), text: input.text };
}

/**
 * What the operator typed in the message field (seeds 001 and 003): `\\text` looks up by text,
 * `\nick` or `/nick` by nickname, anything else by title, nickname or text. Empty after the
 * prefix lists everything.
 */
export function parseLookup(raw: string | null | undefined): { by: 'text' | 'nickname' | 'any'; term: string } | null {
  if (raw === null || raw === undefined) return null;
  if (raw.length > 200) throw badInput('lookup', 'lookup must be at most 200 characters');
  const value = raw.trimStart();
  const [by, term] = value.startsWith('\\\\') ? (['text', value.slice(2)] as const) : /^[\\/]/.test(value) ? (['nickname', value.slice(1)] as const) : (['any', value] as const);
  const trimmed = term.trim().toLowerCase();
  return trimmed === '' ? null : { by, term: trimmed };
}
