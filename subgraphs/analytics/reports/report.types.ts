import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';

/** The reports of seeds 002 and 004's Exports section, each an .xlsx workbook (report-kinds.ts says what each holds). */
export enum ReportKind {
  AGENT_ACTIVITY = 'AGENT_ACTIVITY',
  AGENT_PERFORMANCE = 'AGENT_PERFORMANCE',
  AGENTS = 'AGENTS',
  CONVERSATIONS = 'CONVERSATIONS',
  AUTOMATIC_INVITES = 'AUTOMATIC_INVITES',
  HOSTS = 'HOSTS',
  TRAFFIC = 'TRAFFIC',
  SLOTS = 'SLOTS',
  ALL_SESSIONS = 'ALL_SESSIONS',
  SESSIONS_WITH_MARKERS = 'SESSIONS_WITH_MARKERS',
  BILLING = 'BILLING',
  OPERATOR_METRICS = 'OPERATOR_METRICS',
  PRODUCTIVITY = 'PRODUCTIVITY',
  BOT_VS_OPERATOR = 'BOT_VS_OPERATOR',
  WEB_PAGES = 'WEB_PAGES',
  POPULAR_PHRASES = 'POPULAR_PHRASES',
  CLIENT_PHRASES = 'CLIENT_PHRASES',
}
registerEnumType(ReportKind, {
  name: 'ReportKind',
  description: 'A downloadable report (seed 004 Exports, seed 002 dialog reports)',
  valuesConfig: {
    AGENT_ACTIVITY: { description: "Operators' online and offline periods, with their durations" },
    AGENT_PERFORMANCE: { description: 'Per operator: chats, average duration and first response, time online' },
    AGENTS: { description: 'The operators, removed ones included: id, username, first and last name, email, account id' },
    CONVERSATIONS: { description: "Per day: chats, the operators' behaviour (answered, first response, duration) and the visitors' (proactive, ratings)" },
    AUTOMATIC_INVITES: { description: 'Per greeting and day: shown, accepted, declined, and not shown because no operator was available' },
    HOSTS: { description: "The company's websites, and whether another account has the same domain" },
    TRAFFIC: { description: 'Per day: page views, visitors, greetings shown and accepted, chats' },
    SLOTS: { description: 'Per day and hour: incoming chats and the operators active in them' },
    ALL_SESSIONS: { description: 'Every chat session in detail (with withTimes: its dialog with the time of each message)' },
    SESSIONS_WITH_MARKERS: { description: 'Tagged messages (markers): tag, operator, conversation and time' },
    BILLING: { description: 'Per channel: chats, messages, paid messages and their cost' },
    OPERATOR_METRICS: { description: "Per chat and operator: first response, average and longest response to the client's messages" },
    PRODUCTIVITY: { description: 'Per chat: messages of the operator and the client, longest and average response time' },
    BOT_VS_OPERATOR: { description: 'Per channel: messages of the bot and of operators, chats the bot passed to an operator' },
    WEB_PAGES: { description: 'Per chat: the pages its visitor viewed during it' },
    POPULAR_PHRASES: { description: "The most frequent words and two-word phrases of clients' messages" },
    CLIENT_PHRASES: { description: 'Every client message (with withTimes: when it was sent)' },
  },
});

@ObjectType('ReportLink', { description: 'A permanent download link for automated systems: one company, one report kind, until revoked' })
export class ReportLink {
  @Field(() => ID) id: string;
  @Field(() => ReportKind) kind: ReportKind;
  @Field({ description: 'GET <url>?from=YYYY-MM-DD&to=YYYY-MM-DD returns the workbook; the token in it is shown only when the link is created' })
  url: string;
  @Field() createdAt: Date;
}

@ObjectType('ExportFile', { description: 'A one-off download of a report, good for an hour' })
export class ExportFile {
  @Field() url: string;
  @Field() expiresAt: Date;
}
