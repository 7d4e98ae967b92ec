import { Field, ID, InputType, ObjectType } from 'type-graphql';

@ObjectType('Website', { description: "A domain the company's widget may run on; visitors' pages must come from one" })
export class Website {
  @Field(() => ID) id: string;
  @Field({ description: 'Host name, e.g. example.com; its subdomains are included' }) domain: string;
  @Field() createdAt: Date;
}

@ObjectType('Campaign', { description: 'A widget configuration with its own widget key' })
export class Campaign {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field(() => ID, { description: 'Public key the widget on a website identifies itself with' }) widgetKey: string;
  @Field({ description: "The snippet to paste into the head tag of the site's pages" }) embedCode: string;
  @Field({ description: 'Show the offline form when no operator is free' }) offlineFormEnabled: boolean;
  @Field() createdAt: Date;
  companyId: string;
}

@ObjectType('WidgetConfig', { description: "What the widget needs before it shows itself (public, checked against the page's Origin)" })
export class WidgetConfig {
  @Field(() => ID) widgetKey: string;
  @Field({ description: 'True when an operator who serves this language is free; the widget hides itself otherwise' }) available: boolean;
  @Field() offlineFormEnabled: boolean;
}

@InputType('CreateCampaignInput')
export class CreateCampaignInput {
  @Field(() => ID) companyId: string;
  @Field() name: string;
  @Field({ nullable: true, description: 'Show the offline form when no operator is free (default false)' }) offlineFormEnabled?: boolean;
}
