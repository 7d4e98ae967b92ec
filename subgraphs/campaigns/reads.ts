import { And, In, IsNull, LessThan, MoreThanOrEqual } from 'typeorm';
import type { Database, Reader } from '../../kernel/database';
import { entitiesFromRows, preparedRead } from '../../kernel/hot-reads';
import { CampaignEntity, CampaignOperatorEntity, CampaignWebsiteEntity } from './campaigns/campaign.entity';
import { type FeedbackScaleValue, feedbackPrompt, parseChatSettings } from './campaigns/chat-settings';
import { parseTools } from './campaigns/tools';
import { SuccessCodeEntity } from './goals/success-code.entity';
import { parseSurvey, type SurveyValue } from './goals/survey';
import { operatorsServing } from '../accounts/reads';
import { onlineOperatorLoads } from '../conversations/reads';
import { GreetingDecisionEntity, type GreetingDecisionValue, GreetingEntity, PageViewEntity } from './greetings/greeting.entity';
import { CAMPAIGN_IMAGE_KINDS, CampaignImageEntity } from './images/campaign-image.entity';
import { FORWARDING_POSITION, RoutingLevelEntity, type RoutingMethodValue } from './routing/routing.entity';
import { routingLevelsOfCampaigns } from './routing/routing.service';
import { hostMatchesDomain, originHost } from './websites/domain';
import { WebsiteEntity } from './websites/website.entity';

/** The campaigns subgraph's exported read functions (see ARCHITECTURE.md, Data). */

export interface CampaignSummary {
  id: string;
  companyId: string;
  offlineFormEnabled: boolean;
  allWebsites: boolean;
}

/** The live (not deleted) campaign a widget key names. */
export async function findCampaignByWidgetKey(db: Database, widgetKey: string): Promise<CampaignSummary | null> {
  if (typeof widgetKey !== 'string' || widgetKey.length > 36) return null;
  const row = await db.manager.findOneBy(CampaignEntity, { widgetKey, deletedAt: IsNull() });
  return row && { id: row.id, companyId: row.companyId, offlineFormEnabled: row.offlineFormEnabled, allWebsites: row.allWebsites };
}

/**
 * The domains a campaign runs on: every website of the company, or the ones chosen for it
 * (seed 004, Campaign Configuration).
 */
export async function campaignDomains(db: Database, campaign: Pick<CampaignSummary, 'id' | 'companyId' | 'allWebsites'>): Promise<string[]> {
  const query = db.manager.createQueryBuilder(WebsiteEntity, 'w').select('w.domain', 'domain').where('w.company_id = :companyId', { companyId: campaign.companyId });
  if (!campaign.allWebsites) query.innerJoin(CampaignWebsiteEntity, 'cw', 'cw.website_id = w.id AND cw.campaign_id = :campaignId', { campaignId: campaign.id });
  return (await query.getRawMany<{ domain: string }>()).map((row) => row.domain);
}

/** True when the page's Origin is one of the campaign's websites (or a subdomain of one). */
export async function isOriginAllowed(db: Database, campaign: Pick<CampaignSummary, 'id' | 'companyId' | 'allWebsites'>, origin: string | undefined): Promise<boolean> {
  const host = originHost(origin);
  if (!host) return false;
  return (await campaignDomains(db, campaign)).some((domain) => hostMatchesDomain(host, domain));
}

/** What the bot says on a campaign's behalf, and when (seeds 002 and 004); texts are null when off. */
export interface AutomaticMessages {
  openingText: string | null;
  closingText: string | null;
  firstMessageReply: string | null;
  queueNotice: { everyMinutes: number; text: string } | null;
  feedback: { afterSeconds: number; scale: FeedbackScaleValue; prompt: string } | null;
}

export async function automaticMessagesOf(db: Reader, campaignId: string): Promise<AutomaticMessages> {
  const row = await chatSettingsOf(db, campaignId);
  const chat = parseChatSettings(row?.chatSettings ?? null);
  return {
    openingText: row?.openingText ?? null,
    closingText: row?.closingText ?? null,
    firstMessageReply: chat.firstMessageReply,
    queueNotice: chat.queueNotice.enabled && chat.queueNotice.text ? { everyMinutes: chat.queueNotice.everyMinutes, text: chat.queueNotice.text } : null,
    feedback: chat.feedback.enabled ? { afterSeconds: chat.feedback.afterSeconds, scale: chat.feedback.scale, prompt: feedbackPrompt(chat) } : null,
  };
}

export type { FeedbackScaleValue } from './campaigns/chat-settings';

/** The campaign's success codes and their rules (seed 004, Goals), for the conversations that give them. */
export async function successCodeRulesOf(db: Reader, campaignId: string): Promise<{ multiple: boolean; required: boolean; codeIds: string[] }> {
  const [campaign, codes] = await Promise.all([
    db.manager.findOne(CampaignEntity, { where: { id: campaignId }, select: { id: true, multipleSuccessCodes: true, successCodeRequired: true } }),
    db.manager.find(SuccessCodeEntity, { where: { campaignId }, select: { id: true } }),
  ]);
  return { multiple: !!campaign?.multipleSuccessCodes, required: !!campaign?.successCodeRequired, codeIds: codes.map((code) => code.id) };
}

/** The campaign's customer survey (goals/survey.ts). */
export async function surveyOf(db: Reader, campaignId: string): Promise<SurveyValue> {
  return (await surveysOf(db, [campaignId]))[0]?.survey ?? parseSurvey(null);
}

/** The surveys of the campaigns given, by campaign id (DataLoader batches). */
export async function surveysOf(db: Reader, campaignIds: readonly string[]): Promise<{ id: string; survey: SurveyValue }[]> {
  const rows = await db.manager.find(CampaignEntity, { where: { id: In([...campaignIds]) }, select: { id: true, survey: true } });
  return rows.map((row) => ({ id: row.id, survey: parseSurvey(row.survey) }));
}

export { SURVEY_SCORES, type SurveyScaleValue, type SurveyValue } from './goals/survey';

/** Of the success code ids given, those that still exist (a deleted code leaves the conversations it was given to). */
export async function existingSuccessCodeIds(db: Reader, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  return new Set((await db.manager.find(SuccessCodeEntity, { where: { id: In(ids) }, select: { id: true } })).map((code) => code.id));
}

/** Whether the campaign's Chat Sneak Preview is on: operators then see the visitor's draft. */
export async function sneakPreviewOn(db: Reader, campaignId: string): Promise<boolean> {
  const row = await db.manager.findOne(CampaignEntity, { where: { id: campaignId }, select: { id: true, tools: true } });
  return !!row && parseTools(row.tools).sneakPreview;
}

/** The operators assigned to a campaign of the company; empty for another company's campaign. */
export async function operatorIdsOfCampaign(db: Reader, companyId: string, campaignId: string): Promise<string[]> {
  const rows = await campaignOperatorIds(db.manager, { campaignId, companyId });
  return rows.map((row) => row.userId);
}

// The reads below run in every first message's routing: their SQL is built once (kernel/hot-reads.ts).
/** The campaign's columns that automatic messages and routing timers are read from. */
async function chatSettingsOf(db: Reader, campaignId: string): Promise<CampaignEntity | null> {
  const [row = null] = entitiesFromRows(db.manager, CampaignEntity, 'c', await chatSettingsRow(db.manager, { campaignId }));
  return row;
}
const chatSettingsRow = preparedRead<Record<string, unknown>>((m) =>
  m
    .createQueryBuilder(CampaignEntity, 'c')
    .select(['c.id', 'c.openingText', 'c.closingText', 'c.chatSettings', 'c.autoForwardEnabled', 'c.autoForwardSeconds', 'c.autoForwardAvoidSameLevel'])
    .where('c.id = :campaignId'),
);
const campaignOperatorIds = preparedRead<{ userId: string }>((m) =>
  m
    .createQueryBuilder(CampaignOperatorEntity, 'co')
    .innerJoin(CampaignEntity, 'c', 'c.id = co.campaign_id')
    .select('co.user_id', 'userId')
    .where('co.campaign_id = :campaignId AND c.company_id = :companyId'),
);
const greetingAcceptedSince = preparedRead<{ one: number }>((m) =>
  m
    .createQueryBuilder(GreetingDecisionEntity, 'decision')
    .select('1', 'one')
    .where("decision.client_id = :clientId AND decision.decision = 'ACCEPTED' AND decision.at >= :since")
    .limit(1),
);
const lastPageView = preparedRead<{ url: string }>((m) =>
  m.createQueryBuilder(PageViewEntity, 'pv').select('pv.url', 'url').where('pv.client_id = :clientId').orderBy('pv.at', 'DESC').addOrderBy('pv.id', 'DESC').limit(1),
);

/** A live campaign's custom CSS by its public widget key (the gateway serves it as text/css), or null. */
export async function customCssOf(db: Database, widgetKey: string): Promise<string | null> {
  if (!/^[0-9a-f-]{36}$/i.test(widgetKey)) return null;
  const row = await db.manager.findOne(CampaignEntity, { where: { widgetKey, deletedAt: IsNull() }, select: { id: true, customCss: true } });
  return row?.customCss ?? null;
}

/** A live campaign's image by its public widget key (the gateway serves it), or null. */
export async function campaignImageOf(db: Database, widgetKey: string, kind: string): Promise<{ contentType: string; data: Buffer } | null> {
  if (!/^[0-9a-f-]{36}$/i.test(widgetKey) || !(CAMPAIGN_IMAGE_KINDS as string[]).includes(kind)) return null;
  const image = await db.manager
    .createQueryBuilder(CampaignImageEntity, 'image')
    .innerJoin(CampaignEntity, 'c', 'c.id = image.campaign_id AND c.deleted_at IS NULL')
    .where('c.widget_key = :widgetKey AND image.kind = :kind', { widgetKey, kind })
    .getOne();
  return image && { contentType: image.contentType, data: Buffer.from(image.data) };
}

/** A routing level as routing reads it; `forwarding`: the forwarding level, which only transfers use. */
export interface RoutingLevel {
  id: string;
  title: string;
  method: RoutingMethodValue;
  userIds: string[];
  groupIds: string[];
  forwarding: boolean;
}

/** The campaign's routing levels in order, the forwarding level (if on) last. */
export async function routingLevelsOf(db: Reader, campaignId: string): Promise<RoutingLevel[]> {
  const levels = await routingLevelsOfCampaigns(db, [campaignId]);
  return levels
    .map(({ id, title, method, userIds, groupIds, position }) => ({ id, title, method, userIds, groupIds, forwarding: position === FORWARDING_POSITION }))
    .sort((a, b) => Number(a.forwarding) - Number(b.forwarding));
}

/** The company's live campaigns that route conversations (have at least one level). */
export async function campaignsWithRouting(db: Reader, companyId: string): Promise<string[]> {
  const rows = await db.manager
    .createQueryBuilder(RoutingLevelEntity, 'level')
    .innerJoin(CampaignEntity, 'c', 'c.id = level.campaign_id AND c.deleted_at IS NULL')
    .select('DISTINCT level.campaign_id', 'campaignId')
    .where('c.company_id = :companyId AND level.position >= 0', { companyId })
    .getRawMany<{ campaignId: string }>();
  return rows.map((row) => row.campaignId);
}

/**
 * The campaign's timers that start when a conversation is routed or waits for its operator:
 * auto-forward (seed 004) and the operator's idle time before the bot takes over (seed 002).
 */
export async function routingTimersOf(
  db: Reader,
  campaignId: string,
): Promise<{ autoForward: { seconds: number; avoidSameLevel: boolean } | null; operatorIdleSeconds: number | null }> {
  const row = await chatSettingsOf(db, campaignId);
  return {
    autoForward: row?.autoForwardEnabled ? { seconds: row.autoForwardSeconds, avoidSameLevel: row.autoForwardAvoidSameLevel } : null,
    operatorIdleSeconds: row ? parseChatSettings(row.chatSettings).operatorIdleSeconds : null,
  };
}

/**
 * Seed 004's availability: `loggedIn` when some operator who serves this campaign is online;
 * `available` when one of them also serves the visitor's language (destinations, seed 001) and is
 * below their simultaneous-chat limit. Read afresh on every request, so changes apply at once.
 */
export async function availabilityOf(
  db: Database,
  campaign: Pick<CampaignEntity, 'id' | 'companyId'>,
  language: string | null | undefined,
): Promise<{ loggedIn: boolean; available: boolean }> {
  const [serving, loads, campaignOperators] = await Promise.all([
    operatorsServing(db, campaign.companyId, language),
    onlineOperatorLoads(db, campaign.companyId),
    operatorIdsOfCampaign(db, campaign.companyId, campaign.id),
  ]);
  const servesCampaign = (userId: string) => campaignOperators.length === 0 || campaignOperators.includes(userId);
  const loggedIn = [...loads.keys()].some(servesCampaign);
  const available = serving.some((operator) => {
    const open = loads.get(operator.userId);
    if (open === undefined || !servesCampaign(operator.userId)) return false;
    return operator.maxChats === null || open < operator.maxChats;
  });
  return { loggedIn, available };
}

/** When the client accepted a greeting after `since`, if they did: their next conversation is proactive. */
export async function acceptedGreetingSince(db: Reader, clientId: string, since: Date): Promise<boolean> {
  return (await greetingAcceptedSince(db.manager, { clientId, since })).length > 0;
}

/** The page a visitor viewed last (the start URL of a conversation they open now); null before any. */
export async function lastPageViewOf(db: Reader, clientId: string): Promise<string | null> {
  const [view] = await lastPageView(db.manager, { clientId });
  return view?.url ?? null;
}

/** Each campaign's service level for the first response (seconds; null: none set), for statistics' compliance. */
export async function firstResponseLevelsOf(db: Reader, campaignIds: readonly string[]): Promise<Map<string, number | null>> {
  if (campaignIds.length === 0) return new Map();
  const rows = await db.manager.find(CampaignEntity, { where: { id: In([...campaignIds]) }, select: { id: true, chatSettings: true } });
  return new Map(rows.map((row) => [row.id, parseChatSettings(row.chatSettings).serviceLevels.firstResponseSeconds]));
}

/** The names of campaigns and of success codes, for reports. */
export async function campaignNamesOf(db: Reader, companyId: string): Promise<{ campaigns: Map<string, string>; successCodes: Map<string, string> }> {
  const campaigns = await db.manager.find(CampaignEntity, { select: { id: true, name: true }, where: { companyId } });
  const codes = campaigns.length ? await db.manager.find(SuccessCodeEntity, { select: { id: true, name: true }, where: { campaignId: In(campaigns.map((row) => row.id)) } }) : [];
  return { campaigns: new Map(campaigns.map((row) => [row.id, row.name])), successCodes: new Map(codes.map((row) => [row.id, row.name])) };
}

/** The company's websites, each with how many other companies have added the same domain (HOSTS report). */
export async function websitesWithOwners(db: Reader, companyId: string): Promise<{ domain: string; createdAt: Date; otherOwners: number }[]> {
  const websites = await db.manager.find(WebsiteEntity, { where: { companyId }, order: { domain: 'ASC' } });
  if (websites.length === 0) return [];
  const same = await db.manager.find(WebsiteEntity, { select: { id: true, domain: true, companyId: true }, where: { domain: In(websites.map((row) => row.domain)) } });
  return websites.map((website) => ({
    domain: website.domain,
    createdAt: website.createdAt,
    otherOwners: new Set(same.filter((row) => row.domain === website.domain && row.companyId !== companyId).map((row) => row.companyId)).size,
  }));
}

/** Page views of a company in [from, to), oldest first, a page at a time after the (at, id) cursor. */
export async function pageViewsBetween(
  db: Reader,
  companyId: string,
  from: Date,
  to: Date,
  after: { at: Date; id: string } | null,
  limit: number,
): Promise<{ id: string; clientId: string; url: string; at: Date }[]> {
  const query = db.manager
    .createQueryBuilder(PageViewEntity, 'view')
    .select(['view.id', 'view.clientId', 'view.url', 'view.at'])
    .where('view.company_id = :companyId AND view.at >= :from AND view.at < :to', { companyId, from, to });
  if (after) query.andWhere('view.at >= :afterAt AND (view.at > :afterAt OR view.id > :afterId)', { afterAt: after.at, afterId: after.id });
  return query.orderBy('view.at', 'ASC').addOrderBy('view.id', 'ASC').limit(limit).getMany();
}

/** The pages these visitors viewed in [from, to), oldest first (WEB_PAGES report). */
export async function pageViewsOfClients(db: Reader, clientIds: readonly string[], from: Date, to: Date): Promise<{ clientId: string; url: string; at: Date }[]> {
  if (clientIds.length === 0) return [];
  return db.manager.find(PageViewEntity, {
    select: { id: true, clientId: true, url: true, at: true },
    where: { clientId: In([...clientIds]), at: And(MoreThanOrEqual(from), LessThan(to)) },
    order: { at: 'ASC', id: 'ASC' },
  });
}

/** Greeting decisions of a company in [from, to), with each greeting's title (AUTOMATIC_INVITES, TRAFFIC). */
export async function greetingDecisionsBetween(
  db: Reader,
  companyId: string,
  from: Date,
  to: Date,
): Promise<{ greetingId: string; title: string; decision: GreetingDecisionValue; at: Date }[]> {
  const decisions = await db.manager.find(GreetingDecisionEntity, {
    select: { id: true, greetingId: true, decision: true, at: true },
    where: { companyId, at: And(MoreThanOrEqual(from), LessThan(to)) },
    order: { at: 'ASC', id: 'ASC' },
  });
  const ids = [...new Set(decisions.map((row) => row.greetingId))];
  const titles = new Map(
    ids.length ? (await db.manager.find(GreetingEntity, { select: { id: true, title: true }, where: { id: In(ids) } })).map((row) => [row.id, row.title]) : [],
  );
  return decisions.map((row) => ({ greetingId: row.greetingId, title: titles.get(row.greetingId) ?? '', decision: row.decision, at: row.at }));
}

/**
 * The campaign a messenger channel's conversations run under (routing levels, bot texts): the one
 * named, when it is the company's and not deleted, or with none named, the company's oldest.
 */
export async function channelCampaignOf(db: Reader, companyId: string, campaignId: string | null): Promise<string | null> {
  const row = await db.manager.findOne(CampaignEntity, {
    select: { id: true },
    where: { companyId, deletedAt: IsNull(), ...(campaignId ? { id: campaignId } : {}) },
    order: { createdAt: 'ASC', id: 'ASC' },
  });
  return row?.id ?? null;
}
