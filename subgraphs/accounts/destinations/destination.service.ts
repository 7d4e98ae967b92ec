import { randomUUID } from 'node:crypto';
import { EntityManager, In } from 'typeorm';
import type { OperatorIdentity } from '../../../kernel/auth';
import { conflictOnDuplicate } from '../../../kernel/database';
import { badInput, notFound } from '../../../kernel/errors';
import type { Runtime } from '../../../kernel/subgraph';
import * as validate from '../../../kernel/validate';
import { AuditAction, AuditService } from '../audit/audit.service';
import { MembershipEntity } from '../companies/company.entity';
import { lockCompany } from '../companies/company.queries';
import { activeMembership } from '../operators/membership.queries';
import { CategoryEntity, DestinationEntity, LanguageEntity } from './destination.entity';

export interface DestinationInput {
  languageId: string;
  categoryId?: string | null;
}

/**
 * Languages, categories and destinations (seed 001). Category support is on exactly while the
 * company has a category; switching it on (first category) or off (last one) deletes every
 * operator's destinations, because their shape changes: with categories each names one.
 */
export class DestinationService {
  constructor(
    private readonly runtime: Runtime,
    private readonly audit: AuditService,
  ) {}

  async addLanguage(identity: OperatorIdentity, companyId: string, rawCode: string): Promise<LanguageEntity> {
    const code = String(rawCode ?? '')
      .trim()
      .toLowerCase()
      .replace(/_/g, '-');
    if (!validate.isLanguageTag(code)) throw badInput('code', 'code must be a language tag such as "en", "uk" or "pt-br"');
    return conflictOnDuplicate(`The company already has the language "${code}"`, () =>
      this.runtime.db.transaction(async (m) => {
        const language: LanguageEntity = { id: randomUUID(), companyId, code, createdAt: new Date() };
        await m.insert(LanguageEntity, language);
        await this.audit.record(m, companyId, { action: AuditAction.LANGUAGE_ADDED, actor: identity, details: { code } });
        return language;
      }),
    );
  }

  /** Operators stop serving the language with it. */
  async removeLanguage(identity: OperatorIdentity, companyId: string, rawLanguageId: string): Promise<boolean> {
    const languageId = validate.id('languageId', rawLanguageId);
    await this.runtime.db.transaction(async (m) => {
      const language = await m.findOneBy(LanguageEntity, { id: languageId, companyId });
      if (!language) throw notFound('Language');
      await m.delete(DestinationEntity, { languageId });
      await m.delete(LanguageEntity, { id: languageId });
      await this.audit.record(m, companyId, { action: AuditAction.LANGUAGE_REMOVED, actor: identity, details: { code: language.code } });
    });
    return true;
  }

  async addCategory(identity: OperatorIdentity, companyId: string, rawName: string): Promise<CategoryEntity> {
    const name = validate.requiredText('name', rawName, 100);
    return conflictOnDuplicate(`The company already has the category "${name}"`, () =>
      this.runtime.db.transaction(async (m) => {
        await lockCompany(m, companyId);
        const switchingOn = (await m.countBy(CategoryEntity, { companyId })) === 0;
        const cleared = switchingOn ? await this.clearDestinations(m, companyId) : 0;
        const category: CategoryEntity = { id: randomUUID(), companyId, name, createdAt: new Date() };
        await m.insert(CategoryEntity, category);
        await this.audit.record(m, companyId, {
          action: AuditAction.CATEGORY_ADDED,
          actor: identity,
          details: { name, categoriesSwitchedOn: switchingOn, destinationsCleared: cleared },
        });
        return category;
      }),
    );
  }

  async removeCategory(identity: OperatorIdentity, companyId: string, rawCategoryId: string): Promise<boolean> {
    const categoryId = validate.id('categoryId', rawCategoryId);
    await this.runtime.db.transaction(async (m) => {
      await lockCompany(m, companyId);
      const category = await m.findOneBy(CategoryEntity, { id: categoryId, companyId });
      if (!category) throw notFound('Category');
      const switchingOff = (await m.countBy(CategoryEntity, { companyId })) === 1;
      const cleared = switchingOff ? await this.clearDestinations(m, companyId) : ((await m.delete(DestinationEntity, { categoryId })).affected ?? 0);
      await m.delete(CategoryEntity, { id: categoryId });
      await this.audit.record(m, companyId, {
        action: AuditAction.CATEGORY_REMOVED,
        actor: identity,
        details: { name: category.name, categoriesSwitchedOff: switchingOff, destinationsCleared: cleared },
      });
    });
    return true;
  }

  /** Replaces what one operator serves ("Destination management", seed 001). */
  async setDestinations(identity: OperatorIdentity, companyId: string, rawUserId: string, destinations: DestinationInput[]): Promise<MembershipEntity> {
    if (!Array.isArray(destinations) || destinations.length > 500) throw badInput('destinations', 'destinations must be a list of at most 500 entries');
    const wanted = new Map<string, { languageId: string; categoryId: string | null }>();
    for (const destination of destinations) {
      const languageId = validate.id('languageId', destination?.languageId);
      const categoryId = destination.categoryId ? validate.id('categoryId', destination.categoryId) : null;
      wanted.set(`${languageId}/${categoryId}`, { languageId, categoryId });
    }
    const list = [...wanted.values()];
    return this.runtime.db.transaction(async (m) => {
      await lockCompany(m, companyId);
      const membership = await activeMembership(m, companyId, rawUserId);
      const languageIds = [...new Set(list.map((d) => d.languageId))];
      if (languageIds.length && (await m.countBy(LanguageEntity, { id: In(languageIds), companyId })) !== languageIds.length) {
        throw badInput('languageId', "Every language must be one of the company's languages");
      }
      const categoriesOn = (await m.countBy(CategoryEntity, { companyId })) > 0;
      const categoryIds = [...new Set(list.map((d) => d.categoryId).filter((id): id is string => id !== null))];
      if (categoriesOn && list.some((d) => d.categoryId === null)) throw badInput('categoryId', 'The company uses categories: every destination needs one');
      if (!categoriesOn && categoryIds.length) throw badInput('categoryId', 'The company has no categories: destinations are languages only');
      if (categoryIds.length && (await m.countBy(CategoryEntity, { id: In(categoryIds), companyId })) !== categoryIds.length) {
        throw badInput('categoryId', "Every category must be one of the company's categories");
      }
      await m.delete(DestinationEntity, { companyId, userId: membership.userId });
      const rows = list.map((d): DestinationEntity => ({ id: randomUUID(), companyId, userId: membership.userId, ...d }));
      if (rows.length) await m.insert(DestinationEntity, rows);
      await this.audit.record(m, companyId, { action: AuditAction.DESTINATIONS_CHANGED, actor: identity, targetUserId: membership.userId, details: { destinations: list } });
      return membership;
    });
  }

  private async clearDestinations(m: EntityManager, companyId: string): Promise<number> {
    return (await m.delete(DestinationEntity, { companyId })).affected ?? 0;
  }
}
