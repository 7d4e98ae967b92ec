import nodemailer from 'nodemailer';
import { readerOf } from '../../../kernel/database';
import { scheduleJob } from '../../../kernel/jobs';
import { decryptSecret } from '../../../kernel/secrets';
import type { Runtime } from '../../../kernel/subgraph';
import { followUpTargetOf } from '../../conversations/reads';
import { durableConsumer } from '../../events';
import { CampaignEntity } from '../campaigns/campaign.entity';
import { FOLLOW_UP_SECRET, parseFollowUp } from './follow-up';
import { FollowUpSentEntity } from './follow-up-sent.entity';

export const FOLLOW_UP_JOB = 'conversation.follow-up';

interface FollowUpPayload {
  conversationId: string;
  closedAt: string;
}

/**
 * Sends follow-ups: a durable consumer of the access log sees each close and schedules a durable
 * job, which mails the visitor through the campaign's SMTP server. The job records the close it
 * followed up in the transaction it runs in, so a retry after a failed send tries again and a
 * finished one never sends twice (a crash between the SMTP answer and the commit can, at most,
 * send once more: mail has no transactions).
 */
export function startFollowUps(runtime: Runtime): Promise<() => Promise<void>> {
  runtime.jobs.register(FOLLOW_UP_JOB, async (job, m) => {
    const { conversationId, closedAt } = job.payload as FollowUpPayload;
    const target = await followUpTargetOf(readerOf(m), conversationId);
    if (!target?.email) return;
    const campaign = await m.findOne(CampaignEntity, { where: { id: target.campaignId }, select: { id: true, followUp: true } });
    const settings = parseFollowUp(campaign?.followUp ?? null);
    if (!settings.enabled || !settings.host || !settings.from || !settings.subject || !settings.text) return;
    const sent = { conversationId, closedAt: new Date(closedAt) };
    if (await m.findOneBy(FollowUpSentEntity, sent)) return;
    await m.insert(FollowUpSentEntity, { ...sent, sentAt: new Date() });
    const transport = nodemailer.createTransport({
      host: settings.host,
      port: settings.port,
      secure: settings.secure,
      auth: settings.user ? { user: settings.user, pass: settings.password ? decryptSecret(settings.password, runtime.config.secret, FOLLOW_UP_SECRET) : '' } : undefined,
      connectionTimeout: 10_000,
    });
    try {
      await transport.sendMail({ from: settings.from, to: target.email, subject: settings.subject, text: settings.text });
    } finally {
      transport.close();
    }
  });
  return durableConsumer(
    runtime,
    'campaigns.follow-ups',
    {
      'conversation.logged': async (event, m) => {
        const payload: FollowUpPayload = { conversationId: event.conversationId, closedAt: event.at };
        await scheduleJob(m, { kind: FOLLOW_UP_JOB, key: `follow-up:${event.conversationId}:${event.at}`, runAt: new Date(), payload });
      },
    },
    { accepts: (event) => event.kind === 'CLOSED' },
  ).start();
}
