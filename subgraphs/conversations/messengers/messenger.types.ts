import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Channel } from '../types';

@ObjectType('MessengerChannel', { description: "A company's connected messenger account: its clients' messages arrive in the inbox like widget chats" })
export class MessengerChannel {
  @Field(() => ID) id: string;
  @Field(() => Channel, { description: 'TELEGRAM or WHATSAPP' }) kind: Channel;
  @Field() name: string;
  @Field({ description: "Where the messenger must send its updates (for WhatsApp: the callback URL of the Meta app's webhook, with the verify token)" }) webhookUrl: string;
  @Field(() => ID, { description: "The campaign whose routing levels, bot texts and operators the channel's conversations get" }) campaignId: string;
  @Field(() => Int, { description: "What one message sent to a client through the channel costs, in cents: the conversations' dialog cost (seed 002)" })
  pricePerMessageCents: number;
  @Field() createdAt: Date;
}

export enum MessengerDeliveryStatus {
  PENDING = 'PENDING',
  SENT = 'SENT',
  DELIVERED = 'DELIVERED',
  READ = 'READ',
  FAILED = 'FAILED',
}
registerEnumType(MessengerDeliveryStatus, {
  name: 'MessengerDeliveryStatus',
  description: "An operator's or the bot's message on its way to a messenger client",
  valuesConfig: {
    PENDING: { description: 'Not accepted by the messenger yet (retried)' },
    SENT: { description: 'Accepted by the messenger' },
    DELIVERED: { description: "On the client's phone (WhatsApp receipts; Telegram tells no more than SENT)" },
    READ: { description: 'Read by the client (WhatsApp receipts)' },
    FAILED: { description: 'Refused by the messenger, or not accepted within a day, or the channel was disconnected: see lastError' },
  },
});

@ObjectType('MessengerDelivery', { description: 'How a message to a messenger client is getting on' })
export class MessengerDelivery {
  @Field(() => MessengerDeliveryStatus) status: MessengerDeliveryStatus;
  @Field(() => Int) attempts: number;
  @Field(() => String, { nullable: true, description: "The messenger's reason, when it refused or failed" }) lastError: string | null;
  @Field(() => Date, { nullable: true }) sentAt: Date | null;
  @Field(() => Date, { nullable: true, description: 'When the status last changed' }) statusAt: Date | null;
}
