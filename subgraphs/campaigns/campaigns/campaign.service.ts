import { randomUUID } from 'node:crypto';
import { EntityManager, In, IsNull } from 'typeorm';
import type { Identity } from '../../../kernel/auth';
import { forUpdate } from '../../../kernel/database';
import { badInput, forbidden, notFound } from '../../../kernel/errors';
import { companyAccess, requireCompanyAccess } from '../../../kernel/rules';
import type { Runtime } from '../../../kernel/subgraph';
import * as validate from '../../../kernel/validate';
import { activeOperatorIds } from '../../accounts/reads';
import { availabilityOf, isOriginAllowed } from '../reads';
import type { CampaignImageKindValue } from '../images/campaign-image.entity';
import type { CampaignImages, UpdateCampaignInput } from '../types';
import { checkChatSettings, parseChatSettings } from './chat-settings';
import { checkTools, parseTools } from './tools';
import { WebsiteEntity } from '../websites/website.entity';
import { CampaignEntity, CampaignOperatorEntity, CampaignWebsiteEntity } from './campaign.entity';

/** Custom CSS is a style sheet, not a page: bounded, and without "<" so it can never close a style tag it is put in. */
export const MAX_CUSTOM_CSS = 20_000;
const live = { deletedAt: IsNull() };

export class CampaignService {
  constructor(private readonly runtime: Runtime) {}

  list(companyId: string): Promise<CampaignEntity[]> {
    return this.runtime.db.manager.find(CampaignEntity, { where: { companyId, ...live }, order: { createdAt: 'ASC' } });
  }

  async create(input: { companyId: string; name: string; offlineFormEnabled?: boolean | null }): Promise<CampaignEntity> {
    const name = validate.requiredText('name', input.name, 100);
    const campaign = this.runtime.db.manager.create(CampaignEntity, {
      id: randomUUID(),
      companyId: input.companyId,
      name,
      widgetKey: randomUUID(),
      offlineFormEnabled: input.offlineFormEnabled ?? false,
      createdAt: new Date(),
    });
    await this.runtime.db.transaction((m) => m.insert(CampaignEntity, campaign));
    return this.runtime.db.manager.findOneByOrFail(CampaignEntity, { id: campaign.id });
  }

  embedCode(widgetKey: string): string {
    return `<script async src="${this.publicBase()}/widget.js" data-widget-key="${widgetKey}" data-graphql="${this.publicBase()}/graphql"></script>`;
  }

  /** Where the gateway serves the campaign's custom CSS (as text/css only), or null without any. */
  cssUrl(campaign: Pick<CampaignEntity, 'widgetKey' | 'customCss'>): string | null {
    return campaign.customCss ? `${this.publicBase()}/widget/${campaign.widgetKey}.css` : null;
  }

  /** Versioned URLs (a changed image gets a new one, so it may be cached for long) of the images a campaign has. */
  imageUrls(widgetKey: string, versions: { kind: CampaignImageKindValue; updatedAt: Date }[]): CampaignImages {
    const url = (kind: CampaignImageKindValue) => {
      const version = versions.find((image) => image.kind === kind);
      return version ? `${this.publicBase()}/widget/${widgetKey}.${kind.toLowerCase()}?v=${version.updatedAt.getTime()}` : null;
    };
    return { logoUrl: url('LOGO'), botUrl: url('BOT'), operatorUrl: url('OPERATOR'), userUrl: url('USER') };
  }

  private publicBase(): string {
    return this.runtime.config.publicUrl.replace(/\/$/, '');
  }

  /** A live campaign of one of the caller's companies; to anyone else it does not exist (null). */
  async visible(identity: Identity, rawId: string): Promise<CampaignEntity | null> {
    const campaign = await this.runtime.db.manager.findOneBy(CampaignEntity, { id: validate.id('id', rawId), ...live });
    return campaign && companyAccess(identity, campaign.companyId) ? campaign : null;
  }

  /** The campaign to change: NOT_FOUND unless visible, FORBIDDEN without MANAGE_COMPANY in its company. */
  async manageable(identity: Identity, rawId: string): Promise<CampaignEntity> {
    const campaign = await this.visible(identity, rawId);
    if (!campaign) throw notFound('Campaign');
    requireCompanyAccess(identity, campaign.companyId, 'Campaign', 'MANAGE_COMPANY');
    return campaign;
  }

  /** For a thing of a campaign named by its own id (a button, a greeting): NOT_FOUND as `what` unless the campaign is visible, FORBIDDEN without MANAGE_COMPANY. */
  async manageableOwnerOf(identity: Identity, campaignId: string, what: string): Promise<CampaignEntity> {
    return this.manageable(identity, campaignId).catch((error: { extensions?: { code?: string } }) => {
      throw error.extensions?.code === 'NOT_FOUND' ? notFound(what) : error;
    });
  }

  /** Public: the page's Origin must be one of the campaign's websites. */
  async widgetConfig(identity: Identity, rawWidgetKey: string, language: string | null | undefined) {
    const widgetKey = validate.requiredText('widgetKey', rawWidgetKey, 36);
    validate.optionalText('language', language, 16);
    const campaign = await this.runtime.db.manager.findOneBy(CampaignEntity, { widgetKey, ...live });
    if (!campaign) throw notFound('Widget');
    if (!(await isOriginAllowed(this.runtime.db, campaign, identity.origin))) {
      throw forbidden("This page is not on one of the campaign's websites");
    }
    return { campaign, ...(await availabilityOf(this.runtime.db, campaign, language)) };
  }

  async find(companyId: string, rawCampaignId: string): Promise<CampaignEntity> {
    const campaign = await this.runtime.db.manager.findOneBy(CampaignEntity, { id: validate.id('campaignId', rawCampaignId), companyId, ...live });
    if (!campaign) throw notFound('Campaign');
    return campaign;
  }

  /** Replaces the operators who serve the campaign; with none, every operator of the company does. */
  async setOperators(companyId: string, rawCampaignId: string, rawUserIds: string[]): Promise<CampaignEntity> {
    const campaign = await this.find(companyId, rawCampaignId);
    if (!Array.isArray(rawUserIds)) throw badInput('userIds', 'userIds must be a list');
    const userIds = [...new Set(rawUserIds.map((userId) => validate.id('userIds', userId)))];
    if ((await activeOperatorIds(this.runtime.db, companyId, userIds)).length !== userIds.length) {
      throw badInput('userIds', 'Every user must be an operator of this company');
    }
    await this.runtime.db.transaction(async (m) => {
      await m.delete(CampaignOperatorEntity, { campaignId: campaign.id });
      if (userIds.length)
        await m.insert(
          CampaignOperatorEntity,
          userIds.map((userId) => ({ campaignId: campaign.id, userId })),
        );
    });
    return campaign;
  }

  /**
   * The General tab (seed 004): every field given is checked first, then all are stored in one
   * transaction, so a bad field leaves the campaign as it was.
   */
  async update(identity: Identity, rawId: string, input: UpdateCampaignInput): Promise<CampaignEntity> {
    const current = await this.manageable(identity, rawId);
    const changes = checkSettings(input ?? {});
    const websiteIds = checkWebsiteChoice(input ?? {});
    return this.runtime.db.transaction(async (m) => {
      const locked = await forUpdate(m.createQueryBuilder(CampaignEntity, 'c').where('c.id = :id AND c.deleted_at IS NULL', { id: current.id })).getOne();
      if (!locked) throw notFound('Campaign');
      if (websiteIds) changes.allWebsites = false;
      if (input?.chat) changes.chatSettings = JSON.stringify(checkChatSettings(parseChatSettings(locked.chatSettings), input.chat));
      if (input?.tools) changes.tools = JSON.stringify(checkTools(parseTools(locked.tools), input.tools));
      const next = { ...locked, ...changes };
      if (next.preChatEnabled && (!next.preChatText || !next.preChatButtonText)) {
        throw badInput('preChat', 'Pre-chat needs a text and a button text when it is enabled');
      }
      if (websiteIds) await this.chooseWebsites(m, locked, websiteIds);
      else if (next.allWebsites && !locked.allWebsites) await m.delete(CampaignWebsiteEntity, { campaignId: locked.id });
      else if (!next.allWebsites && locked.allWebsites) throw badInput('websiteIds', 'Choose at least one website when the campaign does not run on all of them');
      if (Object.keys(changes).length > 0) await m.update(CampaignEntity, { id: locked.id }, changes);
      return next;
    });
  }

  private async chooseWebsites(m: EntityManager, campaign: CampaignEntity, websiteIds: string[]): Promise<void> {
    const found = await m.countBy(WebsiteEntity, { id: In(websiteIds), companyId: campaign.companyId });
    if (found !== websiteIds.length) throw badInput('websiteIds', "Every website must be one of the company's");
    await m.delete(CampaignWebsiteEntity, { campaignId: campaign.id });
    await m.insert(
      CampaignWebsiteEntity,
      websiteIds.map((websiteId) => ({ campaignId: campaign.id, websiteId })),
    );
  }

  /** Deleted softly: it leaves every list and its widget stops, while its conversations keep their history. */
  async delete(identity: Identity, rawId: string): Promise<boolean> {
    const campaign = await this.manageable(identity, rawId);
    const { affected } = await this.runtime.db.transaction((m) => m.update(CampaignEntity, { id: campaign.id, ...live }, { deletedAt: new Date() }));
    if (affected !== 1) throw notFound('Campaign');
    return true;
  }
}

type SettingsColumns = Partial<Omit<CampaignEntity, 'id' | 'companyId' | 'widgetKey' | 'createdAt' | 'deletedAt'>>;

/** The columns an update sets, each checked; fields left out (undefined) are not touched. */
function checkSettings(input: UpdateCampaignInput): SettingsColumns {
  const set: SettingsColumns = {};
  const given = (value: unknown) => value !== undefined;
  if (given(input.name)) set.name = validate.requiredText('name', input.name, 100);
  if (given(input.language)) {
    set.language = validate.optionalText('language', input.language, 16);
    if (set.language !== null && !validate.isLanguageTag(set.language)) throw badInput('language', 'language must be a language code such as en or pt-BR');
  }
  if (input.theme) set.theme = input.theme;
  if (typeof input.allWebsites === 'boolean') set.allWebsites = input.allWebsites;
  if (input.chatWindow) {
    const window = input.chatWindow;
    if (given(window.color)) set.windowColor = validate.optionalColour('chatWindow.color', window.color);
    if (given(window.title)) set.windowTitle = validate.optionalText('chatWindow.title', window.title, 100);
    if (given(window.customCss)) set.customCss = checkCss(window.customCss);
  }
  if (given(input.openingText)) set.openingText = validate.optionalText('openingText', input.openingText, 1000, { kind: 'text' });
  if (typeof input.visualReminder === 'boolean') set.visualReminder = input.visualReminder;
  if (given(input.closingText)) set.closingText = validate.optionalText('closingText', input.closingText, 1000, { kind: 'text' });
  if (typeof input.offlineFormEnabled === 'boolean') set.offlineFormEnabled = input.offlineFormEnabled;
  if (given(input.googleAnalyticsId)) {
    set.googleAnalyticsId = validate.optionalText('googleAnalyticsId', input.googleAnalyticsId, 32);
    if (set.googleAnalyticsId !== null && !/^(G-[A-Z0-9]{4,20}|UA-\d{4,10}-\d{1,4})$/.test(set.googleAnalyticsId)) {
      throw badInput('googleAnalyticsId', 'googleAnalyticsId must be a measurement id such as G-XXXXXXXXXX or UA-12345678-1');
    }
  }
  if (input.preChat) {
    set.preChatEnabled = input.preChat.enabled;
    set.preChatText = validate.optionalText('preChat.text', input.preChat.text, 1000, { kind: 'text' });
    set.preChatButtonText = validate.optionalText('preChat.buttonText', input.preChat.buttonText, 100);
    set.preChatFrequency = input.preChat.frequency ?? 'EVERY_TIME';
  }
  if (input.autoForward) {
    set.autoForwardEnabled = input.autoForward.enabled;
    set.autoForwardSeconds = validate.intBetween('autoForward.seconds', input.autoForward.seconds ?? 30, 10, 60);
    set.autoForwardAvoidSameLevel = input.autoForward.avoidSameLevel ?? false;
  }
  if (input.buttonAvailability) set.buttonAvailability = input.buttonAvailability;
  if (input.greetingAvailability) set.greetingAvailability = input.greetingAvailability;
  return set;
}

function checkCss(value: string | null | undefined): string | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  if (value.length > MAX_CUSTOM_CSS) throw badInput('chatWindow.customCss', `customCss must be at most ${MAX_CUSTOM_CSS} characters`);
  validate.safeText('chatWindow.customCss', value, { kind: 'text' });
  if (value.includes('<')) throw badInput('chatWindow.customCss', 'customCss must not contain "<"');
  return value;
}

/** The websites chosen, when given: a non-empty list of ids, which also means "not all websites". */
function checkWebsiteChoice(input: UpdateCampaignInput): string[] | null {
  if (input.websiteIds === undefined || input.websiteIds === null) return null;
  if (!Array.isArray(input.websiteIds)) throw badInput('websiteIds', 'websiteIds must be a list');
  if (input.allWebsites === true) throw badInput('websiteIds', 'Choose websites only for a campaign that does not run on all of them');
  const ids = [...new Set(input.websiteIds.map((websiteId) => validate.id('websiteIds', websiteId)))];
  if (ids.length === 0) throw badInput('websiteIds', 'Choose at least one website');
  if (ids.length > 1000) throw badInput('websiteIds', 'Choose at most 1,000 websites');
  return ids;
}
