import { Directive, Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GroupRef, UserRef } from './external/stubs';
import { PageInfo } from '../../kernel/pagination';
// The rating's scale, the same enum in both subgraphs.
import { SurveyScale } from '../campaigns/types';
import type { SurveyScaleValue } from '../campaigns/reads';

export enum ConversationStatus {
  UNASSIGNED = 'UNASSIGNED',
  ASSIGNED = 'ASSIGNED',
  CLOSED = 'CLOSED',
}
registerEnumType(ConversationStatus, { name: 'ConversationStatus' });

export enum Channel {
  WIDGET = 'WIDGET',
  TELEGRAM = 'TELEGRAM',
  WHATSAPP = 'WHATSAPP',
}
registerEnumType(Channel, {
  name: 'Channel',
  description: "How a client reaches the company (the dialog list's messenger filter, seed 002)",
  valuesConfig: {
    WIDGET: { description: "The chat widget on the company's websites" },
    TELEGRAM: { description: 'A Telegram bot connected with connectTelegram' },
    WHATSAPP: { description: 'A WhatsApp Business number connected with connectWhatsApp' },
  },
});

export enum ConversationTab {
  UNASSIGNED = 'UNASSIGNED',
  MY_INBOX = 'MY_INBOX',
  CLOSED = 'CLOSED',
  ALL = 'ALL',
  BLACKLIST = 'BLACKLIST',
}
registerEnumType(ConversationTab, {
  name: 'ConversationTab',
  description: "The tabs of the operators' conversation list",
  valuesConfig: {
    UNASSIGNED: { description: 'Waiting for an operator, longest-waiting last' },
    MY_INBOX: { description: 'Assigned to the viewer' },
    CLOSED: { description: 'Closed by the viewer' },
    ALL: { description: 'Every conversation of the company (VIEW_ALL_CONVERSATIONS)' },
    BLACKLIST: { description: 'Conversations of blacklisted clients (MANAGE_CONVERSATIONS)' },
  },
});

export enum AuthorKind {
  CLIENT = 'CLIENT',
  OPERATOR = 'OPERATOR',
  BOT = 'BOT',
  SYSTEM = 'SYSTEM',
}
registerEnumType(AuthorKind, { name: 'AuthorKind', description: 'Who wrote a message' });

export enum ClientPinState {
  NOT_PINNED = 'NOT_PINNED',
  YOU = 'YOU',
  PINNED = 'PINNED',
  DETACH = 'DETACH',
}
registerEnumType(ClientPinState, {
  name: 'ClientPinState',
  description: 'How the pin reads for the viewer (seed 003)',
  valuesConfig: {
    YOU: { description: 'Pinned to the viewer' },
    PINNED: { description: '"Pinned (name)": pinned to someone else; only they or a super-admin detach it' },
    DETACH: { description: '"Detach (assigned to name)": pinned to someone else, and the viewer, a super-admin, may detach it' },
  },
});

@ObjectType('ClientNote', { description: "A note on a client's profile" })
export class ClientNote {
  @Field(() => ID) id: string;
  @Field() text: string;
  @Field(() => UserRef) author: UserRef;
  @Field() createdAt: Date;
}

@Directive('@key(fields: "id")')
@ObjectType('Client', { description: 'A website visitor, or someone who writes through a messenger channel' })
export class Client {
  @Field(() => ID) id: string;
  @Field({ description: 'As operators renamed them, else as the client gave it' }) name: string;
  @Field(() => String, { nullable: true, description: 'The name the client gave, once an operator renamed them (operators only)' }) originalName: string | null;
  @Field({ description: 'True while the client is on the blacklist (operators only)' }) blacklisted: boolean;
  pinnedOperatorId: string | null;
  companyId: string;
  @Field(() => String, { nullable: true, description: 'Language the widget reported' }) language: string | null;
  @Field(() => String, { nullable: true, description: 'Page the visitor opened the widget on' }) pageUrl: string | null;
  @Field(() => String, { nullable: true, description: 'The address the visitor left for follow-ups' }) email: string | null;
  @Field() createdAt: Date;
  @Field(() => Channel, { description: 'Where the client writes from: the widget or a messenger' }) channel: Channel;
  @Field(() => String, { nullable: true, description: "The WhatsApp client's number, international with a +; null on other channels (operators only)" }) phone: string | null;
  issuedToCaller?: boolean;
}

@ObjectType('Rating', { description: "The visitor's rating of a conversation: asked by the bot (seed 002) or by the survey after the close (seed 004)" })
export class Rating {
  @Field(() => Int, { description: 'On the scale: THUMBS 0-1, SMILEYS 1-3, TWO_POINT 1-2, FIVE_POINT 1-5, TEN_POINT 1-10' }) score: number;
  @Field(() => SurveyScale) scale: SurveyScaleValue;
  @Field(() => String, { nullable: true, description: "The visitor's comment, where the survey allows one" }) comment: string | null;
  @Field() createdAt: Date;
}

@ObjectType('RatingResult', { description: 'A rating given, and what the widget thanks the visitor with' })
export class RatingResult {
  @Field(() => Rating) rating: Rating;
  @Field(() => String, { nullable: true, description: "The survey's thank-you text" }) thankYouText: string | null;
}

@Directive('@key(fields: "id")')
@ObjectType('Conversation')
export class Conversation {
  @Field(() => ID) id: string;
  @Field(() => ID, { description: 'The company it belongs to' }) companyId: string;
  @Field(() => ConversationStatus) status: ConversationStatus;
  @Field(() => Channel, { description: 'How the client reaches the company (element #2 of seed 003)' }) channel: Channel;
  @Field({ description: "True when the newest message is an operator's (element #3 of seed 003)" }) lastMessageByOperator: boolean;
  @Field({ description: 'When the conversation entered its current status' }) statusChangedAt: Date;
  @Field({ description: 'Time of the newest message' }) lastActivityAt: Date;
  @Field() createdAt: Date;
  @Field(() => GroupRef, { nullable: true }) group: GroupRef | null;
  @Field(() => Rating, { nullable: true, description: "The visitor's rating, once they gave one" }) rating: Rating | null;
  /** The scale the bot asked on (resolved with the survey's in ConversationResolver.ratingRequest). */
  askedScale: SurveyScaleValue | null;
  @Field({ description: 'Opened from an accepted greeting' }) proactive: boolean;
  @Field(() => String, { nullable: true, description: "The page the visitor was on when the conversation opened (the Chats section's start URL)" })
  startUrl: string | null;
  @Field(() => Date, { nullable: true, description: 'When it was closed; null while open' }) closedAt: Date | null;
  @Field(() => Int, { nullable: true, description: 'Seconds from opening to close; null while open' }) durationSeconds: number | null;
  clientId: string;
  campaignId: string;
  operatorId: string | null;
  lastMessageId: string | null;
  lastSeq: number;
  clientMessageCount: number;
}

export enum ConversationLogKind {
  OPENED = 'OPENED',
  TAKEN = 'TAKEN',
  ASSIGNED = 'ASSIGNED',
  MOVED_TO_GROUP = 'MOVED_TO_GROUP',
  RETURNED = 'RETURNED',
  CLOSED = 'CLOSED',
  REOPENED = 'REOPENED',
  FIRST_RESPONSE = 'FIRST_RESPONSE',
  BLACKLISTED = 'BLACKLISTED',
  UNBLOCKED = 'UNBLOCKED',
  PINNED = 'PINNED',
  UNPINNED = 'UNPINNED',
  RATED = 'RATED',
  ROUTED = 'ROUTED',
  FORWARDED = 'FORWARDED',
  CLIENT_LEFT = 'CLIENT_LEFT',
  CLIENT_RETURNED = 'CLIENT_RETURNED',
}
registerEnumType(ConversationLogKind, {
  name: 'ConversationLogKind',
  description: 'A movement of a conversation in its access log',
  valuesConfig: {
    CLIENT_LEFT: { description: 'The visitor closed the last page with the widget (their last connection ended)' },
    CLIENT_RETURNED: { description: 'The visitor came back after leaving' },
  },
});

export enum ActorKind {
  CLIENT = 'CLIENT',
  OPERATOR = 'OPERATOR',
  SYSTEM = 'SYSTEM',
}
registerEnumType(ActorKind, { name: 'ActorKind', description: 'Who caused a logged movement' });

@ObjectType('ConversationLogEntry', { description: "One line of a conversation's access log (seed 003): what happened, who did it, when" })
export class ConversationLogEntry {
  @Field(() => ConversationLogKind) kind: ConversationLogKind;
  @Field(() => ActorKind) actorKind: ActorKind;
  @Field(() => UserRef, { nullable: true, description: 'The operator who did it' }) actor: UserRef | null;
  @Field(() => UserRef, { nullable: true, description: 'The responsible operator afterwards' }) operator: UserRef | null;
  @Field(() => GroupRef, { nullable: true, description: 'The group afterwards' }) group: GroupRef | null;
  @Field() at: Date;
}

@Directive('@key(fields: "id")')
@ObjectType('Message')
export class Message {
  @Field(() => ID) id: string;
  @Field(() => Int, { description: 'Position in the conversation: 1, 2, 3, ... with no gaps' }) seq: number;
  @Field(() => ID) conversationId: string;
  @Field(() => AuthorKind) authorKind: AuthorKind;
  @Field() text: string;
  @Field(() => ID, { nullable: true, description: 'The id the sender generated; resending with the same id does not duplicate the message' })
  clientMessageId: string | null;
  @Field() createdAt: Date;
  authorId: string | null;
}

@ObjectType('Attachment', { description: 'A file sent with a message' })
export class Attachment {
  @Field(() => ID) id: string;
  @Field() fileName: string;
  @Field({ description: 'Media type the uploader declared, e.g. image/png' }) contentType: string;
  @Field(() => Int, { description: 'Size in bytes' }) size: number;
  @Field({ description: 'Download link, valid until urlExpiresAt (ATTACHMENT_LINK_SECONDS); ask again for a fresh one' }) url: string;
  @Field() urlExpiresAt: Date;
}

@ObjectType('AttachmentUpload', {
  description: "Where to send a file's bytes: PUT them as the request body to uploadUrl before expiresAt, then send a message with attachmentId",
})
export class AttachmentUpload {
  @Field(() => ID) attachmentId: string;
  @Field() uploadUrl: string;
  @Field() expiresAt: Date;
  @Field(() => Int, { description: 'The size the upload must have, in bytes' }) size: number;
}

@ObjectType('ConversationEdge')
export class ConversationEdge {
  @Field() cursor: string;
  @Field(() => Conversation) node: Conversation;
}

@ObjectType('ConversationConnection')
export class ConversationConnection {
  @Field(() => [ConversationEdge]) edges: ConversationEdge[];
  @Field(() => PageInfo) pageInfo: PageInfo;
  @Field(() => Int, { description: 'Conversations in the tab with the filter; a search whose every word is common counts at most 1001 (show "1000+")' })
  totalCount: number;
}

@ObjectType('MessageEdge')
export class MessageEdge {
  @Field() cursor: string;
  @Field(() => Message) node: Message;
}

@ObjectType('MessageConnection')
export class MessageConnection {
  @Field(() => [MessageEdge]) edges: MessageEdge[];
  @Field(() => PageInfo) pageInfo: PageInfo;
}

@ObjectType('GroupQueueCount', { description: "The viewer's counters within one group" })
export class GroupQueueCount {
  @Field(() => GroupRef) group: GroupRef;
  @Field(() => Int, { description: "Conversations waiting in the group's Unassigned queue" }) unassigned: number;
  @Field(() => Int, { description: "Conversations of the group in the viewer's inbox" }) myInbox: number;
}

@ObjectType('QueueCounts', { description: 'Counters of the conversation tabs for the viewing operator' })
export class QueueCounts {
  @Field(() => ID) companyId: string;
  @Field(() => Int, { description: "What the viewer's Unassigned tab holds" }) unassigned: number;
  @Field(() => Int, { description: "Conversations in the viewer's inbox (element #9 of seed 003)" }) myInbox: number;
  @Field(() => Int, { description: "Conversations in the viewer's inbox with client messages they have not read (element #10)" }) unreadConversations: number;
  @Field(() => Int, { description: "What the viewer's Closed tab holds" }) closed: number;
  @Field(() => [GroupQueueCount], { description: 'Per group the viewer is in' }) groups: GroupQueueCount[];
}

@ObjectType('VisitorSession')
export class VisitorSession {
  @Field({ description: "Visitor token: use as Bearer token for the visitor's own operations and subscriptions" }) token: string;
  @Field(() => Client) client: Client;
}

export enum OpenedPeriod {
  TODAY = 'TODAY',
  YESTERDAY = 'YESTERDAY',
  LAST_7_DAYS = 'LAST_7_DAYS',
  LAST_30_DAYS = 'LAST_30_DAYS',
}
registerEnumType(OpenedPeriod, { name: 'OpenedPeriod', description: "Periods of local days in the company's time zone; the last ones include today" });

@InputType('ConversationFilter', {
  description: 'Seed 003: the group filter works in every tab, status in All, operator in All and Blacklist; elsewhere they are refused',
})
export class ConversationFilter {
  @Field(() => ID, { nullable: true }) groupId?: string | null;
  @Field(() => ID, { nullable: true, description: 'Responsible operator' }) operatorId?: string | null;
  @Field(() => ConversationStatus, { nullable: true }) status?: ConversationStatus | null;
  @Field(() => String, {
    nullable: true,
    description: 'Client name and message text, from the start of a word: "hel" finds "Hello" but not "shell". At least 3 characters; every word must match. Works in every tab.',
  })
  search?: string | null;
  @Field(() => ID, { nullable: true, description: 'All tab (the Chats section, seed 004): conversations of this campaign' }) campaignId?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'All tab: opened from an accepted greeting (true) or by the visitor (false)' }) proactive?: boolean | null;
  @Field(() => ID, { nullable: true, description: 'All tab: conversations given this success code' }) successCodeId?: string | null;
  @Field(() => ID, { nullable: true, description: 'All tab: conversations this operator took part in: wrote in, or was responsible for at some point' })
  participantId?: string | null;
  @Field(() => Channel, { nullable: true, description: 'All tab: conversations of this channel' }) channel?: Channel | null;
  @Field(() => OpenedPeriod, { nullable: true, description: "All tab: opened in this period of the company's local days (instead of openedFrom and openedTo)" })
  opened?: OpenedPeriod | null;
  @Field(() => Date, { nullable: true, description: 'All tab: opened at or after this time' })
  openedFrom?: Date | null;
  @Field(() => Date, { nullable: true, description: 'All tab: opened before this time' }) openedTo?: Date | null;
}
