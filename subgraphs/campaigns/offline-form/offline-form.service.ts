import type { Identity } from '../../../kernel/auth';
import { AppError, conflict, forbidden, notFound } from '../../../kernel/errors';
import type { Runtime } from '../../../kernel/subgraph';
import * as validate from '../../../kernel/validate';
import { companyMailbox } from '../../accounts/reads';
import { appendDurable } from '../../events';
import type { CampaignService } from '../campaigns/campaign.service';

/** Per visitor address and campaign, and per campaign in all, an hour: enough for people, not for a script. */
export const OFFLINE_FORMS_PER_VISITOR = 3;
export const OFFLINE_FORMS_PER_CAMPAIGN = 100;
const HOUR = 3600_000;

export interface OfflineFormInput {
  widgetKey: string;
  email: string;
  subject: string;
  message: string;
  language?: string | null;
}

/**
 * The offline form (seed 001): when nobody is available, a visitor leaves a message that is mailed
 * to the company (its notification address), with the visitor's address to reply to.
 */
export class OfflineFormService {
  constructor(
    private readonly runtime: Runtime,
    private readonly campaigns: CampaignService,
  ) {}

  async submit(identity: Identity, input: OfflineFormInput): Promise<true> {
    const email = validate.email('email', input.email);
    const subject = validate.requiredText('subject', input.subject, 200);
    const message = validate.requiredText('message', input.message, 5000, 1, { kind: 'text' });
    const { campaign, available } = await this.campaigns.widgetConfig(identity, input.widgetKey, input.language);
    if (!campaign.offlineFormEnabled) throw forbidden('The offline form is off for this widget');
    if (available) throw conflict('An operator is available: start a chat instead');
    const { rateLimiter } = this.runtime;
    const [fromVisitor, fromAll] = await Promise.all([
      rateLimiter.hit(`offline-form:${campaign.id}:${identity.ip ?? 'unknown'}`, HOUR),
      rateLimiter.hit(`offline-form:${campaign.id}`, HOUR),
    ]);
    if (fromVisitor > OFFLINE_FORMS_PER_VISITOR || fromAll > OFFLINE_FORMS_PER_CAMPAIGN) {
      throw new AppError('RATE_LIMITED', 'Too many messages from this page; try again later');
    }
    const to = await companyMailbox(this.runtime.db, campaign.companyId);
    if (!to) throw notFound('Company');
    const text = [
      `A visitor left a message while no operator was available (widget "${campaign.name}").`,
      '',
      `From: ${email}`,
      `Page: ${identity.origin ?? 'unknown'}`,
      `Subject: ${subject}`,
      '',
      message,
      '',
      'Reply to this mail to answer the visitor.',
    ].join('\n');
    await this.runtime.mailer.send({ to, replyTo: email, subject: `Offline message: ${subject}`, text });
    // For webhooks (CRMs): durable, so it reaches them even if nothing listens at this moment.
    const at = new Date();
    await this.runtime.db.transaction((m) =>
      appendDurable(
        m,
        [
          {
            event: {
              type: 'offline-form.submitted',
              companyId: campaign.companyId,
              at: at.toISOString(),
              form: { campaignId: campaign.id, email, subject, message, page: identity.origin ?? null },
            },
            companyId: campaign.companyId,
            streamId: null,
          },
        ],
        at,
      ),
    );
    return true;
  }
}
