import { randomUUID } from 'node:crypto';
import type { Identity } from '../../../kernel/auth';
import { badInput, conflict, notFound } from '../../../kernel/errors';
import type { Runtime } from '../../../kernel/subgraph';
import * as validate from '../../../kernel/validate';
import { CampaignEntity } from '../campaigns/campaign.entity';
import type { CampaignService } from '../campaigns/campaign.service';
import { SuccessCodeEntity } from './success-code.entity';
import { checkFollowUp, type FollowUpInputValue, parseFollowUp } from './follow-up';
import { checkSurvey, type SurveyInputValue } from './survey';

const MAX_CODES = 100;

/**
 * Seed 004's goals of a campaign: its success codes and their rules, the customer survey and the
 * follow-ups; MANAGE_COMPANY in the campaign's company. Conversations are given codes in the conversations subgraph, which reads these rules
 * (reads.ts: successCodeRulesOf).
 */
export class GoalService {
  constructor(
    private readonly runtime: Runtime,
    private readonly campaigns: CampaignService,
  ) {}

  async create(identity: Identity, campaignId: string, rawName: string): Promise<SuccessCodeEntity> {
    const campaign = await this.campaigns.manageable(identity, campaignId);
    const name = validate.requiredText('name', rawName, 50);
    return this.runtime.db.transaction(async (m) => {
      const existing = await m.findBy(SuccessCodeEntity, { campaignId: campaign.id });
      if (existing.some((code) => code.name.toLowerCase() === name.toLowerCase())) throw conflict(`The campaign already has the success code "${name}"`);
      if (existing.length >= MAX_CODES) throw badInput('name', `A campaign has at most ${MAX_CODES} success codes`);
      const code: SuccessCodeEntity = { id: randomUUID(), campaignId: campaign.id, name, createdAt: new Date() };
      await m.insert(SuccessCodeEntity, code);
      return code;
    });
  }

  /** Deletes a code; conversations given it keep their other codes. */
  async delete(identity: Identity, rawId: string): Promise<boolean> {
    const code = await this.runtime.db.manager.findOneBy(SuccessCodeEntity, { id: validate.id('id', rawId) });
    if (!code) throw notFound('Success code');
    await this.campaigns.manageableOwnerOf(identity, code.campaignId, 'Success code');
    await this.runtime.db.transaction((m) => m.delete(SuccessCodeEntity, { id: code.id }));
    return true;
  }

  /** Replaces the follow-up settings, the password encrypted (kept when left out). */
  async updateFollowUp(identity: Identity, campaignId: string, input: FollowUpInputValue): Promise<CampaignEntity> {
    const campaign = await this.campaigns.manageable(identity, campaignId);
    const followUp = JSON.stringify(checkFollowUp(parseFollowUp(campaign.followUp), input, this.runtime.config.secret));
    await this.runtime.db.transaction((m) => m.update(CampaignEntity, { id: campaign.id }, { followUp }));
    return { ...campaign, followUp };
  }

  /** Replaces the customer survey. */
  async updateSurvey(identity: Identity, campaignId: string, input: SurveyInputValue): Promise<CampaignEntity> {
    const campaign = await this.campaigns.manageable(identity, campaignId);
    const survey = JSON.stringify(checkSurvey(input));
    await this.runtime.db.transaction((m) => m.update(CampaignEntity, { id: campaign.id }, { survey }));
    return { ...campaign, survey };
  }

  async setRules(identity: Identity, campaignId: string, rules: { multipleSuccessCodes: boolean; successCodeRequired: boolean }): Promise<CampaignEntity> {
    const campaign = await this.campaigns.manageable(identity, campaignId);
    for (const field of ['multipleSuccessCodes', 'successCodeRequired'] as const) {
      if (typeof rules?.[field] !== 'boolean') throw badInput(field, `${field} must be true or false`);
    }
    const change = { multipleSuccessCodes: rules.multipleSuccessCodes, successCodeRequired: rules.successCodeRequired };
    await this.runtime.db.transaction((m) => m.update(CampaignEntity, { id: campaign.id }, change));
    return { ...campaign, ...change };
  }
}
