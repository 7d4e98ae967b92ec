import { randomUUID } from 'node:crypto';
import { In } from 'typeorm';
import type { Identity, VisitorIdentity } from '../../../kernel/auth';
import { badInput, conflict, notFound, unauthenticated } from '../../../kernel/errors';
import type { Runtime } from '../../../kernel/subgraph';
import * as validate from '../../../kernel/validate';
import { clientLanguageOf } from '../../conversations/reads';
import { CampaignEntity } from '../campaigns/campaign.entity';
import type { CampaignService } from '../campaigns/campaign.service';
import { availabilityOf } from '../reads';
import { reachGoalsOnVisit } from '../goals/sales-goal.service';
import { type CriterionInputValue, checkCriteria, criteriaHold, type Visit } from './criteria';
import { GreetingDecisionEntity, type GreetingDecisionValue, GreetingEntity, type GreetingKindValue, type MomentValue, PageViewEntity } from './greeting.entity';

const MAX_MOMENTS = 10;

export interface GreetingInputValue {
  kind: GreetingKindValue;
  title: string;
  text: string;
  acceptText?: string | null;
  declineText?: string | null;
  moments?: { name: string; criteria: CriterionInputValue[] }[] | null;
}

/** Greetings (seed 004, Automatic Invites): set up by managers, offered to visitors as they move through the site. */
export class GreetingService {
  constructor(
    private readonly runtime: Runtime,
    private readonly campaigns: CampaignService,
  ) {}

  async create(identity: Identity, campaignId: string, input: GreetingInputValue): Promise<GreetingEntity> {
    const campaign = await this.campaigns.manageable(identity, campaignId);
    const yesNo = input.kind === 'YES_NO';
    const greeting: GreetingEntity = {
      id: randomUUID(),
      campaignId: campaign.id,
      kind: input.kind,
      title: validate.requiredText('title', input.title, 100),
      text: validate.requiredText('text', input.text, 1000, 1, { kind: 'text' }),
      acceptText: validate.optionalText('acceptText', input.acceptText, 100) ?? (yesNo ? 'Yes' : null),
      declineText: validate.optionalText('declineText', input.declineText, 100) ?? (yesNo ? 'No, thanks' : null),
      enabled: true,
      moments: JSON.stringify(checkMoments(input.moments ?? [])),
      createdAt: new Date(),
    };
    await this.runtime.db.transaction((m) => m.insert(GreetingEntity, greeting));
    return greeting;
  }

  async setEnabled(identity: Identity, id: string, enabled: boolean): Promise<GreetingEntity> {
    const greeting = await this.manageable(identity, id);
    await this.runtime.db.transaction((m) => m.update(GreetingEntity, { id: greeting.id }, { enabled }));
    return { ...greeting, enabled };
  }

  async delete(identity: Identity, id: string): Promise<boolean> {
    const greeting = await this.manageable(identity, id);
    await this.runtime.db.transaction((m) => m.delete(GreetingEntity, { id: greeting.id }));
    return true;
  }

  private async manageable(identity: Identity, rawId: string): Promise<GreetingEntity> {
    const greeting = await this.runtime.db.manager.findOneBy(GreetingEntity, { id: validate.id('id', rawId) });
    if (!greeting) throw notFound('Greeting');
    await this.campaigns.manageableOwnerOf(identity, greeting.campaignId, 'Greeting');
    return greeting;
  }

  /**
   * The widget reports the page the visitor is on (again every so often while they stay: the same
   * page reported again is the same view, so time on page grows). Answers the first enabled greeting
   * of the campaign this visitor has not been offered yet whose moment applies, when the campaign's
   * greeting availability holds; every decision is recorded, suppressed ones too.
   */
  async recordPageView(identity: Identity, rawUrl: string, rawReferrer: string | null | undefined): Promise<GreetingEntity | null> {
    const visitor = asVisitor(identity);
    const url = validate.optionalHttpUrl('url', rawUrl, 2000);
    if (!url) throw badInput('url', 'url must not be empty');
    const referrer = validate.optionalHttpUrl('referrer', rawReferrer, 2000);
    const now = new Date();
    const visit = await this.runtime.db.transaction(async (m): Promise<Visit> => {
      const [last, before] = await m.find(PageViewEntity, { where: { clientId: visitor.clientId }, order: { at: 'DESC' }, take: 2 });
      const first = await m.findOne(PageViewEntity, { where: { clientId: visitor.clientId }, order: { at: 'ASC' } });
      if (last?.url === url) return { url, previousUrl: before?.url ?? null, onPageSince: last.at, onSiteSince: first?.at ?? last.at, now };
      await m.insert(PageViewEntity, { id: randomUUID(), clientId: visitor.clientId, companyId: visitor.companyId, url, referrer, at: now });
      return { url, previousUrl: last?.url ?? null, onPageSince: now, onSiteSince: first?.at ?? now, now };
    });
    await reachGoalsOnVisit(this.runtime.db, visitor, visit);
    const greetings = await this.runtime.db.manager.find(GreetingEntity, { where: { campaignId: visitor.campaignId, enabled: true }, order: { createdAt: 'ASC' } });
    if (greetings.length === 0) return null;
    const decisions = await this.runtime.db.manager.find(GreetingDecisionEntity, { where: { clientId: visitor.clientId, greetingId: In(greetings.map((g) => g.id)) } });
    const had = (greetingId: string, decision: GreetingDecisionValue) => decisions.some((d) => d.greetingId === greetingId && d.decision === decision);
    // A greeting is shown to a visitor once; one suppressed for want of operators may show later.
    const greeting = greetings.find(
      (candidate) => !had(candidate.id, 'SHOWN') && (JSON.parse(candidate.moments) as MomentValue[]).some((moment) => criteriaHold(moment.criteria, visit)),
    );
    if (!greeting) return null;
    const campaign = await this.runtime.db.manager.findOneByOrFail(CampaignEntity, { id: visitor.campaignId });
    const { loggedIn, available } = await availabilityOf(this.runtime.db, campaign, await clientLanguageOf(this.runtime.db, visitor.clientId));
    const show = { ALWAYS: true, AGENTS_LOGGED_IN: loggedIn, AGENTS_AVAILABLE: available }[campaign.greetingAvailability];
    if (show) await this.decide(visitor, greeting.id, 'SHOWN');
    // Suppressed is recorded once per visitor and greeting, not on every page they report.
    else if (!had(greeting.id, 'SUPPRESSED')) await this.decide(visitor, greeting.id, 'SUPPRESSED');
    return show ? greeting : null;
  }

  /** The visitor's answer to a greeting shown to them; once. Accepting makes their next conversation proactive. */
  async respond(identity: Identity, rawGreetingId: string, accepted: boolean): Promise<boolean> {
    const visitor = asVisitor(identity);
    const greetingId = validate.id('greetingId', rawGreetingId);
    const decisions = await this.runtime.db.manager.findBy(GreetingDecisionEntity, { clientId: visitor.clientId, greetingId });
    if (!decisions.some((decision) => decision.decision === 'SHOWN')) throw notFound('Greeting');
    if (decisions.some((decision) => decision.decision === 'ACCEPTED' || decision.decision === 'DECLINED')) throw conflict('This greeting has been answered');
    await this.decide(visitor, greetingId, accepted ? 'ACCEPTED' : 'DECLINED');
    return true;
  }

  private decide(visitor: VisitorIdentity, greetingId: string, decision: GreetingDecisionValue): Promise<unknown> {
    return this.runtime.db.transaction((m) =>
      m.insert(GreetingDecisionEntity, { id: randomUUID(), greetingId, clientId: visitor.clientId, companyId: visitor.companyId, decision, at: new Date() }),
    );
  }
}

function asVisitor(identity: Identity): VisitorIdentity {
  if (identity.kind !== 'visitor') throw unauthenticated('A visitor token is required');
  return identity;
}

function checkMoments(moments: NonNullable<GreetingInputValue['moments']>): MomentValue[] {
  if (moments.length > MAX_MOMENTS) throw badInput('moments', `At most ${MAX_MOMENTS} moments`);
  return moments.map((moment, i) => ({
    name: validate.requiredText(`moments[${i}].name`, moment.name, 100),
    criteria: checkCriteria(`moments[${i}].criteria`, moment.criteria),
  }));
}
