import { Directive, Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { AvailabilityValue, CampaignThemeValue, PreChatFrequencyValue } from './campaigns/campaign.entity';
import type { ChatSettingsValue, FeedbackScaleValue, MessengerValue } from './campaigns/chat-settings';
import type { CampaignToolsValue } from './campaigns/tools';
import type { SurveyScaleValue, SurveyValue } from './goals/survey';
import { GroupRef, UserRef } from './external/stubs';
import type { ButtonPositionValue, ChatButtonKindValue } from './buttons/chat-button.entity';
import type { CriterionKindValue, GreetingKindValue } from './greetings/greeting.entity';
import type { RoutingMethodValue } from './routing/routing.entity';

export enum Availability {
  ALWAYS = 'ALWAYS',
  AGENTS_LOGGED_IN = 'AGENTS_LOGGED_IN',
  AGENTS_AVAILABLE = 'AGENTS_AVAILABLE',
}
registerEnumType(Availability, {
  name: 'Availability',
  description: 'When a button or greeting shows: always, while some operator of the campaign is online, or while one is online and free for the visitor',
});

export enum PreChatFrequency {
  EVERY_TIME = 'EVERY_TIME',
  FIRST_TIME = 'FIRST_TIME',
}
registerEnumType(PreChatFrequency, { name: 'PreChatFrequency', description: "Whether pre-chat shows on every chat or only on the visitor's first" });

export enum CampaignTheme {
  LIGHT = 'LIGHT',
  DARK = 'DARK',
}
registerEnumType(CampaignTheme, { name: 'CampaignTheme', description: "The widget's colour scheme" });

export enum FeedbackScale {
  TWO_POINT = 'TWO_POINT',
  FIVE_POINT = 'FIVE_POINT',
  TEN_POINT = 'TEN_POINT',
}
registerEnumType(FeedbackScale, { name: 'FeedbackScale', description: 'The scale the bot asks a visitor to rate a conversation on: scores from 1 to 2, 5 or 10' });

export enum SurveyScale {
  THUMBS = 'THUMBS',
  SMILEYS = 'SMILEYS',
  TWO_POINT = 'TWO_POINT',
  FIVE_POINT = 'FIVE_POINT',
  TEN_POINT = 'TEN_POINT',
}
registerEnumType(SurveyScale, {
  name: 'SurveyScale',
  description: 'The scale of a rating: THUMBS 0 (down) or 1 (up), SMILEYS 1 to 3, TWO_POINT 1 to 2, FIVE_POINT 1 to 5, TEN_POINT 1 to 10',
});

@ObjectType('Survey', { description: 'The customer survey (seed 004, Goals): after a conversation closes, its visitor may rate it once' })
export class Survey {
  @Field() enabled: boolean;
  @Field(() => String, { nullable: true, description: 'What the widget asks; null: "How would you rate this conversation?"' }) question: string | null;
  @Field(() => SurveyScale) scale: SurveyScaleValue;
  @Field({ description: 'The visitor may add a comment to their score' }) commentsAllowed: boolean;
  @Field(() => String, { nullable: true, description: 'Shown to the visitor once they answered' }) thankYouText: string | null;
}

@InputType('SurveyInput', { description: 'Replaces the survey; parts left out take their defaults' })
export class SurveyInput {
  @Field() enabled: boolean;
  @Field(() => String, { nullable: true, description: 'At most 500 characters' }) question?: string | null;
  @Field(() => SurveyScale, { nullable: true, description: 'Default FIVE_POINT' }) scale?: SurveyScaleValue | null;
  @Field(() => Boolean, { nullable: true, description: 'Default false' }) commentsAllowed?: boolean | null;
  @Field(() => String, { nullable: true, description: 'At most 500 characters' }) thankYouText?: string | null;
}

export enum Messenger {
  TELEGRAM = 'TELEGRAM',
  WHATSAPP = 'WHATSAPP',
  VIBER = 'VIBER',
  FACEBOOK = 'FACEBOOK',
  INSTAGRAM = 'INSTAGRAM',
  VKONTAKTE = 'VKONTAKTE',
  SKYPE = 'SKYPE',
  SLACK = 'SLACK',
  WECHAT = 'WECHAT',
  SNAPCHAT = 'SNAPCHAT',
  LINE = 'LINE',
}
registerEnumType(Messenger, { name: 'Messenger', description: 'A messenger or social network the widget links to' });

export enum CampaignImageKind {
  LOGO = 'LOGO',
  BOT = 'BOT',
  OPERATOR = 'OPERATOR',
  USER = 'USER',
}
registerEnumType(CampaignImageKind, { name: 'CampaignImageKind', description: "The campaign's logo, or the picture shown beside the bot's, operators' or visitors' messages" });

@ObjectType('FeedbackRequest', { description: 'The bot asks the visitor to rate the conversation (seed 002)' })
export class FeedbackRequest {
  @Field() enabled: boolean;
  @Field(() => Int, { description: "Seconds after the conversation's start; a conversation closed sooner is asked at its close" }) afterSeconds: number;
  @Field(() => FeedbackScale) scale: FeedbackScaleValue;
  @Field(() => String, { nullable: true, description: 'What the bot says; null: "How would you rate this conversation?"' }) prompt: string | null;
}

@ObjectType('QueueNotice', { description: 'While a conversation waits in Unassigned, the bot tells the visitor so every few minutes (seed 002)' })
export class QueueNotice {
  @Field() enabled: boolean;
  @Field(() => Int, { description: '1 to 1,440' }) everyMinutes: number;
  @Field(() => String, { nullable: true }) text: string | null;
}

@ObjectType('ChatColors', { description: 'HEX, RGBA or HSLA; null: the theme decides' })
export class ChatColors {
  @Field(() => String, { nullable: true }) bot: string | null;
  @Field(() => String, { nullable: true }) operator: string | null;
  @Field(() => String, { nullable: true }) user: string | null;
  @Field(() => String, { nullable: true }) button: string | null;
  @Field(() => String, { nullable: true }) buttonText: string | null;
}

@ObjectType('MessengerLink', { description: 'A button beside the widget that opens the chat in a messenger' })
export class MessengerLink {
  @Field(() => Messenger) kind: MessengerValue;
  @Field() url: string;
}

@ObjectType('ServiceLevels', { description: "Seconds within which operators should answer a client's first and later messages; reports measure against them" })
export class ServiceLevels {
  @Field(() => Int, { nullable: true }) firstResponseSeconds: number | null;
  @Field(() => Int, { nullable: true }) nextResponseSeconds: number | null;
}

@ObjectType('ChatSettings', { description: "Seed 002's chat settings: the bot's automatic messages, colours, links and service levels" })
export class ChatSettings {
  @Field(() => FeedbackRequest) feedback: FeedbackRequest;
  @Field(() => Int, { nullable: true, description: "Seconds without an operator's reply before the bot takes over; null: never" }) operatorIdleSeconds: number | null;
  @Field(() => QueueNotice) queueNotice: QueueNotice;
  @Field(() => ChatColors) colors: ChatColors;
  @Field(() => String, { nullable: true, description: "The bot's reply to the client's first message of a conversation; null: none" }) firstMessageReply: string | null;
  @Field(() => String, { nullable: true }) knowledgeBaseUrl: string | null;
  @Field(() => [MessengerLink]) messengerLinks: MessengerLink[];
  @Field(() => ServiceLevels) serviceLevels: ServiceLevels;
}

@ObjectType('CampaignImages', { description: "Where the widget loads the campaign's images from; null where none was uploaded (the widget's own is used)" })
export class CampaignImages {
  @Field(() => String, { nullable: true }) logoUrl: string | null;
  @Field(() => String, { nullable: true }) botUrl: string | null;
  @Field(() => String, { nullable: true }) operatorUrl: string | null;
  @Field(() => String, { nullable: true }) userUrl: string | null;
}

export enum RoutingMethod {
  RANDOM = 'RANDOM',
  LEAST_CHATS = 'LEAST_CHATS',
  MOST_SPACE = 'MOST_SPACE',
  SEQUENTIAL = 'SEQUENTIAL',
  MOST_CHATS = 'MOST_CHATS',
}
registerEnumType(RoutingMethod, {
  name: 'RoutingMethod',
  description:
    "How a routing level picks among its free operators: at random; fewest open chats (ties: routed a chat longest ago); most free places; the next after the level's previous pick, in the level's order; most open chats below the limit",
});

@ObjectType('RoutingLevel', { description: "One level of a campaign's routing: its users and groups' members are offered conversations before the next level's" })
export class RoutingLevel {
  @Field() title: string;
  @Field(() => RoutingMethod) method: RoutingMethodValue;
  @Field(() => [UserRef]) users: UserRef[];
  @Field(() => [GroupRef]) groups: GroupRef[];
}

@ObjectType('ForwardingLevel', { description: 'Who receives transferred conversations (auto-forward and transfers) only' })
export class ForwardingLevel {
  @Field() enabled: boolean;
  @Field(() => [UserRef]) users: UserRef[];
  @Field(() => [GroupRef]) groups: GroupRef[];
}

@InputType('RoutingLevelInput')
export class RoutingLevelInput {
  @Field() title: string;
  @Field(() => RoutingMethod) method: RoutingMethodValue;
  @Field(() => [ID], { nullable: true }) userIds?: string[] | null;
  @Field(() => [ID], { nullable: true }) groupIds?: string[] | null;
}

@InputType('ForwardingLevelInput')
export class ForwardingLevelInput {
  @Field() enabled: boolean;
  @Field(() => [ID], { nullable: true }) userIds?: string[] | null;
  @Field(() => [ID], { nullable: true }) groupIds?: string[] | null;
}

export enum ChatButtonKind {
  FOOTER_INSTANT = 'FOOTER_INSTANT',
  FOOTER_AFTER_FIRST_MESSAGE = 'FOOTER_AFTER_FIRST_MESSAGE',
  CUSTOM_INSTANT = 'CUSTOM_INSTANT',
  CUSTOM_AFTER_FIRST_MESSAGE = 'CUSTOM_AFTER_FIRST_MESSAGE',
}
registerEnumType(ChatButtonKind, {
  name: 'ChatButtonKind',
  description: "A footer button at the bottom of the site's pages, or a custom one in the company's own HTML; the chat starts at once, or after the visitor's first message",
});

export enum ButtonPosition {
  BOTTOM_RIGHT = 'BOTTOM_RIGHT',
  BOTTOM_LEFT = 'BOTTOM_LEFT',
}
registerEnumType(ButtonPosition, { name: 'ButtonPosition' });

@ObjectType('ChatButton', { description: 'A chat button of a campaign (seed 004)' })
export class ChatButton {
  @Field(() => ID) id: string;
  @Field(() => ChatButtonKind) kind: ChatButtonKindValue;
  @Field() name: string;
  @Field() enabled: boolean;
  @Field(() => String, { nullable: true, description: 'Shown while the chat is minimised (footer buttons)' }) minimizedText: string | null;
  @Field(() => String, { nullable: true, description: 'HEX, RGBA or HSLA' }) color: string | null;
  @Field(() => ButtonPosition) position: ButtonPositionValue;
  @Field(() => [String], { description: 'Page URL prefixes it shows on (a trailing * is a wildcard); empty: every page' }) pages: string[];
  @Field(() => String, { nullable: true, description: "Custom buttons: the HTML and CSS to put in the company's pages" }) code: string | null;
}

@InputType('ChatButtonInput')
export class ChatButtonInput {
  @Field(() => ChatButtonKind) kind: ChatButtonKindValue;
  @Field() name: string;
  @Field(() => String, { nullable: true }) minimizedText?: string | null;
  @Field(() => String, { nullable: true }) color?: string | null;
  @Field(() => ButtonPosition, { nullable: true, description: 'Default BOTTOM_RIGHT' }) position?: ButtonPositionValue | null;
  @Field(() => [String], { nullable: true, description: 'Absolute http(s) URLs, at most 50; empty or left out: every page' }) pages?: string[] | null;
}

@InputType('UpdateChatButtonInput', { description: 'Fields left out keep their value' })
export class UpdateChatButtonInput {
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => String, { nullable: true }) minimizedText?: string | null;
  @Field(() => String, { nullable: true }) color?: string | null;
  @Field(() => ButtonPosition, { nullable: true }) position?: ButtonPositionValue | null;
  @Field(() => [String], { nullable: true }) pages?: string[] | null;
}

export enum GreetingKind {
  YES_NO = 'YES_NO',
  CHAT_WINDOW = 'CHAT_WINDOW',
}
registerEnumType(GreetingKind, { name: 'GreetingKind', description: 'YES_NO: the chat pops up with accept and decline buttons; CHAT_WINDOW: the visitor starts by typing' });

export enum CriterionKind {
  CURRENT_PAGE = 'CURRENT_PAGE',
  PREVIOUS_PAGE = 'PREVIOUS_PAGE',
  TIME_ON_PAGE = 'TIME_ON_PAGE',
  TIME_ON_SITE = 'TIME_ON_SITE',
}
registerEnumType(CriterionKind, { name: 'CriterionKind' });

@ObjectType('Criterion', { description: 'Page criteria: the page URL starts with url (a trailing * says so); time criteria: at least minutes have passed' })
export class Criterion {
  @Field(() => CriterionKind) kind: CriterionKindValue;
  @Field(() => String, { nullable: true }) url: string | null;
  @Field(() => Int, { nullable: true }) minutes: number | null;
}

@ObjectType('Moment', { description: 'Applies when all its criteria hold' })
export class Moment {
  @Field() name: string;
  @Field(() => [Criterion]) criteria: Criterion[];
}

@ObjectType('Greeting', { description: 'A greeting (Automatic Invites, seed 004): offered when any of its moments applies' })
export class Greeting {
  @Field(() => ID) id: string;
  @Field(() => GreetingKind) kind: GreetingKindValue;
  @Field() title: string;
  @Field() text: string;
  @Field(() => String, { nullable: true }) acceptText: string | null;
  @Field(() => String, { nullable: true }) declineText: string | null;
  @Field() enabled: boolean;
  @Field(() => [Moment]) moments: Moment[];
}

@InputType('CriterionInput')
export class CriterionInput {
  @Field(() => CriterionKind) kind: CriterionKindValue;
  @Field(() => String, { nullable: true, description: 'Page criteria: an absolute http(s) URL, a trailing * allowed' }) url?: string | null;
  @Field(() => Int, { nullable: true, description: 'Time criteria: 0 to 1,440' }) minutes?: number | null;
}

@InputType('MomentInput')
export class MomentInput {
  @Field() name: string;
  @Field(() => [CriterionInput]) criteria: CriterionInput[];
}

@InputType('GreetingInput')
export class GreetingInput {
  @Field(() => GreetingKind) kind: GreetingKindValue;
  @Field() title: string;
  @Field() text: string;
  @Field(() => String, { nullable: true, description: 'YES_NO: default "Yes"' }) acceptText?: string | null;
  @Field(() => String, { nullable: true, description: 'YES_NO: default "No, thanks"' }) declineText?: string | null;
  @Field(() => [MomentInput], { nullable: true, description: 'At most 10, each with 1 to 10 criteria; without moments the greeting is never offered' }) moments?:
    | MomentInput[]
    | null;
}

@ObjectType('Website', { description: "A domain the company's widget may run on; visitors' pages must come from one" })
export class Website {
  @Field(() => ID) id: string;
  @Field({ description: 'Host name, e.g. example.com; its subdomains are included' }) domain: string;
  @Field() createdAt: Date;
}

@ObjectType('PreChat', { description: 'A text and a button the visitor confirms before their first message starts a chat (seed 004)' })
export class PreChat {
  @Field() enabled: boolean;
  @Field(() => String, { nullable: true }) text: string | null;
  @Field(() => String, { nullable: true, description: 'The "start chat" button' }) buttonText: string | null;
  @Field(() => PreChatFrequency) frequency: PreChatFrequencyValue;
}

@ObjectType('AutoForward', { description: 'Forward a chat to another operator when the assigned one has not replied in time (seed 004)' })
export class AutoForward {
  @Field() enabled: boolean;
  @Field(() => Int, { description: '10 to 60' }) seconds: number;
  @Field({ description: 'Never forward within the same routing level' }) avoidSameLevel: boolean;
}

@ObjectType('ChatWindow', { description: "The chat window's look: colour, title and the company's own CSS" })
export class ChatWindow {
  @Field(() => String, { nullable: true, description: 'HEX, RGBA or HSLA' }) color: string | null;
  @Field(() => String, { nullable: true }) title: string | null;
  @Field(() => String, { nullable: true, description: 'At most 20,000 characters; served only as text/css at cssUrl' }) customCss: string | null;
  @Field(() => String, { nullable: true, description: 'Where the widget loads the custom CSS from; null without custom CSS' }) cssUrl: string | null;
}

@Directive('@key(fields: "id")')
@ObjectType('Campaign', { description: 'A widget configuration with its own widget key' })
export class Campaign {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field(() => ID, { description: 'Public key the widget on a website identifies itself with' }) widgetKey: string;
  @Field({ description: "The snippet to paste into the head tag of the site's pages" }) embedCode: string;
  @Field({ description: 'Show the offline form when no operator is free' }) offlineFormEnabled: boolean;
  @Field(() => String, { nullable: true, description: "The widget's language (e.g. en, uk); null: the visitor's browser decides" }) language: string | null;
  @Field(() => CampaignTheme) theme: CampaignThemeValue;
  @Field({ description: 'True: runs on every website of the company, also ones added later; false: on the websites chosen' }) allWebsites: boolean;
  @Field(() => ChatWindow) chatWindow: ChatWindow;
  @Field(() => String, { nullable: true, description: 'The first message a visitor sees on opening the chat window; stored as the bot when a chat opens' })
  openingText: string | null;
  @Field({ description: 'Make the opening text move slightly to draw the eye' }) visualReminder: boolean;
  @Field(() => String, { nullable: true, description: 'Sent by the bot when the operator or the visitor closes the chat' }) closingText: string | null;
  @Field(() => PreChat) preChat: PreChat;
  @Field(() => AutoForward) autoForward: AutoForward;
  @Field(() => Availability) buttonAvailability: AvailabilityValue;
  @Field(() => Availability) greetingAvailability: AvailabilityValue;
  @Field(() => ChatSettings) chat: ChatSettingsValue;
  @Field({ description: 'Operators may give a conversation several success codes' }) multipleSuccessCodes: boolean;
  @Field({ description: 'A success code is required before an operator closes a conversation' }) successCodeRequired: boolean;
  @Field(() => Survey) survey: SurveyValue;
  /** The follow-up settings' JSON (Campaign.followUp resolves it, without the password). */
  followUp: string | null;
  @Field(() => String, { nullable: true, description: 'Google Analytics measurement id (G-… or UA-…) the widget sends its events to; null: none' }) googleAnalyticsId:
    | string
    | null;
  @Field(() => CampaignTools, { description: "Seed 004's tools for operators in this campaign's chats; operators of the company read them through Conversation.campaign" })
  tools: CampaignToolsValue;
  @Field() createdAt: Date;
  companyId: string;
}

@ObjectType('WidgetConfig', { description: "What the widget needs before it shows itself (public, checked against the page's Origin)" })
export class WidgetConfig {
  @Field(() => ID) widgetKey: string;
  @Field({ description: 'True when an operator who serves this language is free; the widget hides itself otherwise' }) available: boolean;
  @Field() offlineFormEnabled: boolean;
  @Field(() => String, { nullable: true }) language: string | null;
  @Field(() => CampaignTheme) theme: CampaignThemeValue;
  @Field(() => String, { nullable: true }) openingText: string | null;
  @Field() visualReminder: boolean;
  @Field(() => PreChat) preChat: PreChat;
  @Field(() => ChatWindow) chatWindow: ChatWindow;
  @Field(() => ChatColors) colors: ChatColors;
  @Field(() => CampaignImages) images: CampaignImages;
  @Field(() => String, { nullable: true }) knowledgeBaseUrl: string | null;
  @Field(() => [MessengerLink]) messengerLinks: MessengerLink[];
  @Field(() => FeedbackScale, { nullable: true, description: 'The scale to offer when the bot asks for a rating; null: it never asks' }) feedbackScale: FeedbackScaleValue | null;
  @Field(() => [ChatButton], { description: "The enabled buttons, when the campaign's button availability holds now" }) buttons: ChatButton[];
  @Field({ description: "Chat Sneak Preview is on: the widget sends the visitor's draft with setTyping" }) sneakPreview: boolean;
  @Field(() => Survey, { description: 'The customer survey the widget shows after a conversation closes' }) survey: SurveyValue;
  @Field({ description: 'Follow-ups are on: the widget offers the visitor to leave an address (setVisitorEmail)' }) followUpEnabled: boolean;
  @Field(() => String, {
    nullable: true,
    description:
      'Google Analytics measurement id: when the page has gtag, the widget sends livechat_* events there (chat started, message sent, greeting accepted, offline form sent, chat rated)',
  })
  googleAnalyticsId: string | null;
  campaignId: string;
}

@InputType('CreateCampaignInput')
export class CreateCampaignInput {
  @Field(() => ID) companyId: string;
  @Field() name: string;
  @Field({ nullable: true, description: 'Show the offline form when no operator is free (default false)' }) offlineFormEnabled?: boolean;
}

@InputType('PreChatInput')
export class PreChatInput {
  @Field() enabled: boolean;
  @Field(() => String, { nullable: true, description: 'Required when enabled; at most 1,000 characters' }) text?: string | null;
  @Field(() => String, { nullable: true, description: 'Required when enabled; at most 100 characters' }) buttonText?: string | null;
  @Field(() => PreChatFrequency, { nullable: true, description: 'Default EVERY_TIME' }) frequency?: PreChatFrequencyValue | null;
}

@InputType('AutoForwardInput')
export class AutoForwardInput {
  @Field() enabled: boolean;
  @Field(() => Int, { nullable: true, description: '10 to 60; default 30' }) seconds?: number | null;
  @Field(() => Boolean, { nullable: true, description: 'Default false' }) avoidSameLevel?: boolean | null;
}

@ObjectType('WebTab', { description: 'A link shown to operators beside the chat (WebTabs)' })
export class WebTab {
  @Field() title: string;
  @Field() url: string;
}

@ObjectType('CampaignTools', { description: "Seed 004's tools, each switched on or off for the campaign's chats" })
export class CampaignTools {
  @Field({ description: 'Show the web tabs to operators' }) webTabs: boolean;
  @Field(() => [WebTab], { description: 'The web tabs, in order (kept while webTabs is off)' }) tabs: WebTab[];
  @Field({ description: "Offer the company's canned responses in these chats" }) cannedResponses: boolean;
  @Field({ description: "Show operators the visitor's click path, source and time on site (Client.pageViews, source, timeOnSiteSeconds)" }) visitorInfo: boolean;
  @Field({ description: "Chat Sneak Preview: operators see the visitor's draft as they type (TypingIndicator.draft)" }) sneakPreview: boolean;
}

@InputType('WebTabInput')
export class WebTabInput {
  @Field({ description: 'At most 50 characters' }) title: string;
  @Field({ description: 'An absolute http(s) URL' }) url: string;
}

@InputType('CampaignToolsInput', { description: 'Each toggle given replaces its value; tabs, when given, replaces the list' })
export class CampaignToolsInput {
  @Field(() => Boolean, { nullable: true }) webTabs?: boolean | null;
  @Field(() => [WebTabInput], { nullable: true, description: 'At most 10' }) tabs?: WebTabInput[] | null;
  @Field(() => Boolean, { nullable: true }) cannedResponses?: boolean | null;
  @Field(() => Boolean, { nullable: true }) visitorInfo?: boolean | null;
  @Field(() => Boolean, { nullable: true }) sneakPreview?: boolean | null;
}

@InputType('ChatWindowInput', { description: 'Each field given replaces the stored one; null clears it' })
export class ChatWindowInput {
  @Field(() => String, { nullable: true }) color?: string | null;
  @Field(() => String, { nullable: true }) title?: string | null;
  @Field(() => String, { nullable: true }) customCss?: string | null;
}

@InputType('FeedbackRequestInput')
export class FeedbackRequestInput {
  @Field() enabled: boolean;
  @Field(() => Int, { nullable: true, description: '0 to 86,400; default 300' }) afterSeconds?: number | null;
  @Field(() => FeedbackScale, { nullable: true, description: 'Default FIVE_POINT' }) scale?: FeedbackScaleValue | null;
  @Field(() => String, { nullable: true }) prompt?: string | null;
}

@InputType('QueueNoticeInput')
export class QueueNoticeInput {
  @Field() enabled: boolean;
  @Field(() => Int, { nullable: true, description: '1 to 1,440; default 2' }) everyMinutes?: number | null;
  @Field(() => String, { nullable: true, description: 'Required when enabled' }) text?: string | null;
}

@InputType('ChatColorsInput', { description: 'Each colour given replaces the stored one; null clears it' })
export class ChatColorsInput {
  @Field(() => String, { nullable: true }) bot?: string | null;
  @Field(() => String, { nullable: true }) operator?: string | null;
  @Field(() => String, { nullable: true }) user?: string | null;
  @Field(() => String, { nullable: true }) button?: string | null;
  @Field(() => String, { nullable: true }) buttonText?: string | null;
}

@InputType('MessengerLinkInput')
export class MessengerLinkInput {
  @Field(() => Messenger) kind: MessengerValue;
  @Field({ description: 'An absolute http(s) URL' }) url: string;
}

@InputType('ServiceLevelsInput')
export class ServiceLevelsInput {
  @Field(() => Int, { nullable: true, description: '1 to 86,400; null: none' }) firstResponseSeconds?: number | null;
  @Field(() => Int, { nullable: true, description: '1 to 86,400; null: none' }) nextResponseSeconds?: number | null;
}

@InputType('ChatSettingsInput', { description: 'Each part given replaces that part; parts left out keep their value' })
export class ChatSettingsInput {
  @Field(() => FeedbackRequestInput, { nullable: true }) feedback?: FeedbackRequestInput | null;
  @Field(() => Int, { nullable: true, description: '10 to 86,400; null: the bot never takes over' }) operatorIdleSeconds?: number | null;
  @Field(() => QueueNoticeInput, { nullable: true }) queueNotice?: QueueNoticeInput | null;
  @Field(() => ChatColorsInput, { nullable: true }) colors?: ChatColorsInput | null;
  @Field(() => String, { nullable: true }) firstMessageReply?: string | null;
  @Field(() => String, { nullable: true, description: 'An absolute http(s) URL' }) knowledgeBaseUrl?: string | null;
  @Field(() => [MessengerLinkInput], { nullable: true, description: 'Replaces the list; at most 20' }) messengerLinks?: MessengerLinkInput[] | null;
  @Field(() => ServiceLevelsInput, { nullable: true }) serviceLevels?: ServiceLevelsInput | null;
}

@InputType('UpdateCampaignInput', { description: 'Fields left out keep their value; a text field set to null (or blank) is cleared' })
export class UpdateCampaignInput {
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => String, { nullable: true }) language?: string | null;
  @Field(() => CampaignTheme, { nullable: true }) theme?: CampaignThemeValue | null;
  @Field(() => Boolean, { nullable: true }) allWebsites?: boolean | null;
  @Field(() => [ID], { nullable: true, description: "The websites to run on when allWebsites is false (at least one of the company's)" }) websiteIds?: string[] | null;
  @Field(() => ChatWindowInput, { nullable: true }) chatWindow?: ChatWindowInput | null;
  @Field(() => String, { nullable: true }) openingText?: string | null;
  @Field(() => Boolean, { nullable: true }) visualReminder?: boolean | null;
  @Field(() => String, { nullable: true }) closingText?: string | null;
  @Field(() => Boolean, { nullable: true }) offlineFormEnabled?: boolean | null;
  @Field(() => String, { nullable: true, description: 'G-XXXXXXXXXX or UA-12345678-1; null clears it' }) googleAnalyticsId?: string | null;
  @Field(() => PreChatInput, { nullable: true }) preChat?: PreChatInput | null;
  @Field(() => AutoForwardInput, { nullable: true }) autoForward?: AutoForwardInput | null;
  @Field(() => Availability, { nullable: true }) buttonAvailability?: AvailabilityValue | null;
  @Field(() => Availability, { nullable: true }) greetingAvailability?: AvailabilityValue | null;
  @Field(() => ChatSettingsInput, { nullable: true }) chat?: ChatSettingsInput | null;
  @Field(() => CampaignToolsInput, { nullable: true }) tools?: CampaignToolsInput | null;
}
