import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { In, IsNull } from 'typeorm';
import type { OperatorIdentity } from '../../../kernel/auth';
import { isUniqueViolation } from '../../../kernel/database';
import { AppError, badInput, conflict, forbidden, notFound } from '../../../kernel/errors';
import { FileTooLargeError } from '../../../kernel/files';
import { requireCompanyAccess } from '../../../kernel/rules';
import { decryptSecret, encryptSecret } from '../../../kernel/secrets';
import type { Runtime } from '../../../kernel/subgraph';
import * as validate from '../../../kernel/validate';
import { hasPaidPeriodRunning, isCompanyGroup } from '../../accounts/reads';
import { channelCampaignOf } from '../../campaigns/reads';
import type { AttachmentService } from '../attachments/attachment.service';
import { type Appended, announce } from '../bot/bot.messages';
import { ClientEntity } from '../clients/client.entity';
import { type AttachFile, insertConversation, lockClientWithOpenConversation, storedClientMessage, type VisitorService } from '../clients/visitor.service';
import { ConversationEntity } from '../conversations/conversation.entity';
import { recordConversationEvent } from '../conversations/conversation.events';
import { appendMessage, checkMessage } from '../messages/message.builder';
import type { RealtimeEvents } from '../realtime/realtime.events';
import { type AdapterRegistry, type InboundAnswer, type InboundMessage, type InboundRequest, type MessengerAdapter, MessengerApiError, type Receipt } from './messenger.adapter';
import { MessengerChannelEntity, MessengerDeliveryEntity, type MessengerKind } from './messenger.entity';
import { type TelegramCredentials, telegramAdapter } from './telegram.adapter';
import { type WhatsAppCredentials, whatsappAdapter } from './whatsapp.adapter';

export const MESSENGER_CREDENTIALS_PURPOSE = 'messenger-credentials';
const MAX_CHANNELS = 20;
const LABEL: Record<MessengerKind, string> = { TELEGRAM: 'Telegram', WHATSAPP: 'WhatsApp' };
/** The receipts that may follow each delivery status: a late "delivered" never undoes "read". */
const RECEIPT_FROM: Record<Receipt['status'], string[]> = { DELIVERED: ['SENT'], READ: ['SENT', 'DELIVERED'], FAILED: ['SENT', 'DELIVERED'] };

/**
 * Messenger channels (integrations.graphql; seeds 002, 003): a company connects a Telegram bot or
 * a WhatsApp number; what its clients write there opens or continues their conversation like a
 * widget message (routing, queue, bot texts), and operators' replies go back through it
 * (messenger.outbox.ts). Also seed 003's outgoing WhatsApp message, a paid function.
 */
export class MessengerService {
  readonly adapters: AdapterRegistry;

  constructor(
    private readonly runtime: Runtime,
    private readonly events: RealtimeEvents,
    private readonly visitors: VisitorService,
    private readonly attachments: AttachmentService,
  ) {
    this.adapters = {
      TELEGRAM: telegramAdapter(runtime.config.telegramApiUrl) as MessengerAdapter,
      WHATSAPP: whatsappAdapter(runtime.config.whatsappApiUrl) as MessengerAdapter,
    };
  }

  /** Where the messenger must send the channel's updates: the gateway's /channels/<kind>/<id>. */
  webhookUrl(channel: Pick<MessengerChannelEntity, 'kind' | 'id'>): string {
    return `${this.runtime.config.publicUrl}/channels/${channel.kind.toLowerCase()}/${channel.id}`;
  }

  credentialsOf(channel: MessengerChannelEntity): unknown {
    return JSON.parse(decryptSecret(channel.credentials, this.runtime.config.secret, MESSENGER_CREDENTIALS_PURPOSE));
  }

  connectTelegram(identity: OperatorIdentity, companyId: string, rawName: string, rawBotToken: string, campaignId: string | null): Promise<MessengerChannelEntity> {
    const name = validate.requiredText('name', rawName, 100);
    const botToken = typeof rawBotToken === 'string' ? rawBotToken.trim() : '';
    if (!/^\d{1,20}:[A-Za-z0-9_-]{20,100}$/.test(botToken)) throw badInput('botToken', 'botToken must be the token @BotFather gave, such as 123456789:AAE...');
    const credentials: TelegramCredentials = { botToken, secretToken: randomBytes(32).toString('hex') };
    // The bot's id is the token's first part: one connected channel per bot.
    return this.connect(identity, { companyId, kind: 'TELEGRAM', name, account: botToken.split(':')[0], credentials, campaignId, credentialField: 'botToken' });
  }

  connectWhatsApp(
    identity: OperatorIdentity,
    companyId: string,
    input: { name: string; phoneNumberId: string; accessToken: string; appSecret: string; verifyToken: string; campaignId: string | null },
  ): Promise<MessengerChannelEntity> {
    const name = validate.requiredText('name', input.name, 100);
    const phoneNumberId = validate.requiredText('phoneNumberId', input.phoneNumberId, 32);
    if (!/^\d+$/.test(phoneNumberId)) throw badInput('phoneNumberId', 'phoneNumberId must be the number id from the WhatsApp Manager (digits)');
    const token = (field: string, value: string, max: number) => {
      const text = validate.requiredText(field, value, max);
      if (/\s/.test(text)) throw badInput(field, `${field} must not contain spaces`);
      return text;
    };
    const credentials: WhatsAppCredentials = {
      phoneNumberId,
      accessToken: token('accessToken', input.accessToken, 1000),
      appSecret: token('appSecret', input.appSecret, 200),
      verifyToken: token('verifyToken', input.verifyToken, 200),
    };
    return this.connect(identity, { companyId, kind: 'WHATSAPP', name, account: phoneNumberId, credentials, campaignId: input.campaignId, credentialField: 'accessToken' });
  }

  private async connect(
    identity: OperatorIdentity,
    input: { companyId: string; kind: MessengerKind; name: string; account: string; credentials: unknown; campaignId: string | null; credentialField: string },
  ): Promise<MessengerChannelEntity> {
    const { companyId, kind } = input;
    const named = input.campaignId ? validate.id('campaignId', input.campaignId) : null;
    const campaignId = await channelCampaignOf(this.runtime.db, companyId, named);
    if (!campaignId) throw badInput('campaignId', named ? 'No campaign of the company has this id' : "Create a campaign first: a channel's conversations are routed by a campaign");
    const same = await this.runtime.db.manager.findBy(MessengerChannelEntity, { kind, account: input.account });
    if (same.some((channel) => !channel.disconnectedAt)) throw conflict(`This ${LABEL[kind]} account is already connected`);
    if ((await this.runtime.db.manager.countBy(MessengerChannelEntity, { companyId, disconnectedAt: IsNull() })) >= MAX_CHANNELS) {
      throw badInput('companyId', `A company can connect at most ${MAX_CHANNELS} channels`);
    }
    // Connected again by its company, an account keeps its channel, so its clients keep their history.
    const previous = same.find((channel) => channel.companyId === companyId);
    const channel: MessengerChannelEntity = {
      id: previous?.id ?? randomUUID(),
      companyId,
      campaignId,
      kind,
      name: input.name,
      account: input.account,
      credentials: encryptSecret(JSON.stringify(input.credentials), this.runtime.config.secret, MESSENGER_CREDENTIALS_PURPOSE),
      pricePerMessageCents: previous?.pricePerMessageCents ?? 0,
      createdBy: identity.userId,
      createdAt: previous?.createdAt ?? new Date(),
      disconnectedAt: null,
    };
    try {
      await this.adapters[kind].connect(input.credentials, this.webhookUrl(channel));
    } catch (error) {
      if (!(error instanceof MessengerApiError)) throw error;
      if (error.permanent) throw badInput(input.credentialField, `${LABEL[kind]} refused the credentials: ${error.message}`);
      throw new AppError('SERVICE_UNAVAILABLE', `${LABEL[kind]} could not be reached; try again shortly`);
    }
    await this.runtime.db.transaction(async (m) => {
      if (previous) await m.update(MessengerChannelEntity, { id: channel.id }, channel);
      else await m.insert(MessengerChannelEntity, channel);
    });
    return channel;
  }

  /** The company's connected channels, oldest first. */
  list(companyId: string): Promise<MessengerChannelEntity[]> {
    return this.runtime.db.manager.find(MessengerChannelEntity, { where: { companyId, disconnectedAt: IsNull() }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /**
   * Disconnects a channel: the messenger stops sending (best effort), its endpoint answers 404, and
   * replies not sent yet are marked failed. Its conversations stay, read-only towards the client.
   */
  async disconnect(identity: OperatorIdentity, rawId: string): Promise<boolean> {
    const channel = await this.ownChannel(identity, rawId, 'MANAGE_COMPANY');
    await this.adapters[channel.kind]
      .disconnect(this.credentialsOf(channel))
      .catch((error) => this.runtime.log.warn({ err: error, channelId: channel.id }, 'messenger did not confirm the disconnection'));
    const now = new Date();
    await this.runtime.db.transaction(async (m) => {
      await m.update(MessengerChannelEntity, { id: channel.id }, { disconnectedAt: now });
      await m.update(MessengerDeliveryEntity, { channelId: channel.id, status: 'PENDING' }, { status: 'FAILED', lastError: 'The channel was disconnected', lockedUntil: null });
    });
    return true;
  }

  /** Seed 002's dialog cost: what each message sent through the channel from now on costs, in cents. */
  async setPrice(identity: OperatorIdentity, rawId: string, cents: number): Promise<MessengerChannelEntity> {
    const channel = await this.ownChannel(identity, rawId, 'MANAGE_COMPANY');
    validate.intBetween('pricePerMessageCents', cents, 0, 1_000_000);
    await this.runtime.db.manager.update(MessengerChannelEntity, { id: channel.id }, { pricePerMessageCents: cents });
    return { ...channel, pricePerMessageCents: cents };
  }

  /**
   * Seed 003's "Outgoing messages": an operator opens a WhatsApp conversation with a phone number;
   * it lands in their inbox and the message goes out through the channel. A paid function.
   */
  async startWhatsAppConversation(
    identity: OperatorIdentity,
    input: { channelId: string; phone: string; text: string; clientName: string | null; groupId: string | null; clientMessageId: string | null },
  ): Promise<ConversationEntity> {
    const channel = await this.ownChannel(identity, input.channelId);
    if (channel.kind !== 'WHATSAPP') throw badInput('channelId', 'Outgoing messages go through a WhatsApp channel');
    const phone = typeof input.phone === 'string' ? input.phone.replace(/[\s().-]/g, '').replace(/^\+/, '') : '';
    if (!/^[1-9]\d{6,14}$/.test(phone)) throw badInput('phone', 'phone must be an international number, such as +44 20 7946 0958');
    const { text, clientMessageId } = checkMessage(this.runtime.config.maxMessageLength, { text: input.text, clientMessageId: input.clientMessageId });
    const clientName = validate.optionalText('clientName', input.clientName, 100);
    const groupId = input.groupId ? validate.id('groupId', input.groupId) : null;
    if (groupId && !(await isCompanyGroup(this.runtime.db, channel.companyId, groupId))) throw badInput('groupId', 'No group of the company has this id');
    if (!(await hasPaidPeriodRunning(this.runtime.db, channel.companyId))) {
      throw forbidden('Outgoing messages are a paid function: the company needs a paid plan with paid time running');
    }
    const client = await this.clientOf(channel, phone, clientName ?? `+${phone}`);
    const opened = await this.runtime.db.transaction(async (m) => {
      const locked = await lockClientWithOpenConversation(m, client.id);
      if (!locked) throw notFound('Client');
      const previous = await storedClientMessage(m, client.id, clientMessageId);
      if (previous) return { conversation: (await m.findOneBy(ConversationEntity, { id: previous.conversationId }))!, appended: null };
      if (locked.openConversation) throw conflict('The client already has an open conversation: answer there');
      const now = new Date();
      const conversation = await insertConversation(m, locked, { status: 'ASSIGNED', operatorId: identity.userId, groupId }, now);
      await recordConversationEvent(m, conversation, 'OPENED', { kind: 'OPERATOR', id: identity.userId }, now);
      const { message, conversation: after } = await appendMessage(m, conversation, { authorKind: 'OPERATOR', authorId: identity.userId, text, clientMessageId });
      const appended: Appended = { conversation: after, messages: [message] };
      return { conversation: after, appended };
    });
    if (opened.appended) await announce(this.events, opened.appended, 'conversation.opened', true);
    return opened.conversation;
  }

  /**
   * A request to a channel's endpoint (/channels/<kind>/<id>, forwarded by the gateway): the
   * messenger's verification, or an update whose messages are stored and receipts applied. Answers
   * 200 only once everything is stored, so the messenger sends again what failed.
   */
  async receive(kind: string, rawChannelId: string, request: InboundRequest): Promise<InboundAnswer> {
    const channelKind = kind.toUpperCase() as MessengerKind;
    const channel =
      Object.hasOwn(this.adapters, channelKind) && /^[0-9a-f-]{36}$/.test(rawChannelId)
        ? await this.runtime.db.manager.findOneBy(MessengerChannelEntity, { id: rawChannelId, kind: channelKind, disconnectedAt: IsNull() })
        : null;
    if (!channel) return { status: 404 };
    const adapter = this.adapters[channel.kind];
    const credentials = this.credentialsOf(channel);
    const refusal = adapter.check(request, credentials);
    if (refusal) return refusal;
    let update: unknown;
    try {
      update = JSON.parse(request.body.toString('utf8'));
    } catch {
      return { status: 400 };
    }
    const { messages, receipts } = adapter.parse(update, credentials);
    for (const message of messages) await this.receiveMessage(channel, adapter, credentials, message);
    for (const receipt of receipts) await this.applyReceipt(channel, receipt);
    return { status: 200 };
  }

  private async receiveMessage(channel: MessengerChannelEntity, adapter: MessengerAdapter, credentials: unknown, message: InboundMessage): Promise<void> {
    const client = await this.clientOf(channel, message.from, message.name);
    // The messenger's own id, so an update sent again is stored once; hashed when longer than the column.
    const clientMessageId = message.id.length <= 64 ? message.id : `sha256:${createHash('sha256').update(message.id).digest('hex').slice(0, 57)}`;
    if (await storedClientMessage(this.runtime.db.manager, client.id, clientMessageId)) return;
    let text = validate.withoutUnsafe(message.text, { kind: 'message' }).slice(0, this.runtime.config.maxMessageLength);
    let file: { id: string; fileName: string; contentType: string; size: number } | null = null;
    if (message.media) {
      try {
        const download = await adapter.download(credentials, message.media);
        const id = randomUUID();
        const size = await this.attachments.store.save(id, download.body, this.runtime.config.maxAttachmentBytes);
        const fileName = validate.withoutUnsafe(download.fileName).slice(0, 255) || 'file';
        file = { id, fileName, contentType: download.contentType.slice(0, 127), size };
      } catch (error) {
        // A file that can never be had is told in the text; anything else fails the update, which the messenger sends again.
        if (error instanceof FileTooLargeError) text = `${text}\n[The client sent a file larger than ${error.maxBytes} bytes; it was not kept]`.trim();
        else if (error instanceof MessengerApiError && error.permanent) text = `${text}\n[The client sent a file that could not be received: ${error.message}]`.trim();
        else throw error;
      }
    }
    let attached = false;
    const attach: AttachFile | null = file
      ? async (m, conversation, messageId) => {
          await this.attachments.attachReceived(m, file!, client.id, conversation, messageId);
          attached = true;
        }
      : null;
    try {
      await this.visitors.storeClientMessage(client.id, { text, clientMessageId }, attach);
    } finally {
      if (file && !attached) await this.attachments.store.remove(file.id);
    }
  }

  /** The client who writes from this messenger id, created on their first message. */
  private async clientOf(channel: MessengerChannelEntity, externalId: string, rawName: string | null): Promise<ClientEntity> {
    const find = () => this.runtime.db.manager.findOneBy(ClientEntity, { channelId: channel.id, externalId });
    const existing = await find();
    if (existing) return existing;
    const name =
      validate
        .withoutUnsafe(rawName ?? '')
        .trim()
        .slice(0, 100) || `${LABEL[channel.kind]} ${externalId}`;
    const client = this.runtime.db.manager.create(ClientEntity, {
      id: randomUUID(),
      companyId: channel.companyId,
      campaignId: channel.campaignId,
      name,
      language: null,
      pageUrl: null,
      email: null,
      blacklistedAt: null,
      createdAt: new Date(),
      originalName: null,
      pinnedOperatorId: null,
      channel: channel.kind,
      channelId: channel.id,
      externalId,
    });
    try {
      await this.runtime.db.transaction((m) => m.insert(ClientEntity, client));
      return client;
    } catch (error) {
      // Two updates of a new client at once: the other one created them.
      if (isUniqueViolation(error)) return (await find())!;
      throw error;
    }
  }

  private async applyReceipt(channel: MessengerChannelEntity, receipt: Receipt): Promise<void> {
    await this.runtime.db.manager.update(
      MessengerDeliveryEntity,
      { channelId: channel.id, externalMessageId: receipt.externalMessageId, status: In(RECEIPT_FROM[receipt.status]) },
      { status: receipt.status, statusAt: new Date(), ...(receipt.error ? { lastError: receipt.error.slice(0, 500) } : {}) },
    );
  }

  private async ownChannel(identity: OperatorIdentity, rawId: string, permission?: string): Promise<MessengerChannelEntity> {
    const id = validate.idOrNull(rawId);
    const channel = id ? await this.runtime.db.manager.findOneBy(MessengerChannelEntity, { id, disconnectedAt: IsNull() }) : null;
    if (!channel) throw notFound('Channel');
    requireCompanyAccess(identity, channel.companyId, 'Channel', permission);
    return channel;
  }
}
