import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { AvailabilityValue, CampaignThemeValue, PreChatFrequencyValue } from './campaigns/campaign.entity';

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

@InputType('ChatWindowInput', { description: 'Each field given replaces the stored one; null clears it' })
export class ChatWindowInput {
  @Field(() => String, { nullable: true }) color?: string | null;
  @Field(() => String, { nullable: true }) title?: string | null;
  @Field(() => String, { nullable: true }) customCss?: string | null;
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
  @Field(() => PreChatInput, { nullable: true }) preChat?: PreChatInput | null;
  @Field(() => AutoForwardInput, { nullable: true }) autoForward?: AutoForwardInput | null;
  @Field(() => Availability, { nullable: true }) buttonAvailability?: AvailabilityValue | null;
  @Field(() => Availability, { nullable: true }) greetingAvailability?: AvailabilityValue | null;
}
