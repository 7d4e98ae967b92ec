import type { Database } from '../../../kernel/database';
import { companyOperators, displayNamesOf } from '../../accounts/reads';
import { campaignNamesOf, greetingDecisionsBetween, pageViewsBetween, pageViewsOfClients, websitesWithOwners } from '../../campaigns/reads';
import { dialogCostsOf, messagesOfConversations, type ReportMessage, statusChangesBetween, tagsOfConversations, visitorsOfConversations } from '../../conversations/reads';
import { ConversationFactEntity } from '../statistics/conversation-fact.entity';
import { localDateTime, localDayOf } from '../../../kernel/local-time';
import { ReportKind } from './report.types';

export type Cell = string | number | null;

/** What a report covers: conversations opened (or things that happened) in [from, to), shown in the company's time zone. */
export interface ReportRequest {
  companyId: string;
  kind: ReportKind;
  from: Date;
  to: Date;
  /** "With time in dialogs" (seed 002): dialogs and phrases carry the time of each message. */
  withTimes: boolean;
  timeZone: string | null;
  /** Where a conversation's stable link points (PUBLIC_URL). */
  publicUrl: string;
}

export interface ReportDefinition {
  /** The first row of the sheet. */
  columns: string[];
  /** The rows, produced a page at a time so a long report never sits in memory whole. */
  rows(db: Database, request: ReportRequest): AsyncIterable<Cell[]>;
}

/** Conversations read a page at a time. */
const PAGE = 500;

/** The period's conversations (analytics' facts), oldest first, a page at a time. */
async function* conversationPages(db: Database, request: ReportRequest): AsyncIterable<ConversationFactEntity[]> {
  let after: { openedAt: Date; id: string } | null = null;
  for (;;) {
    const query = db.manager.createQueryBuilder(ConversationFactEntity, 'fact').where('fact.company_id = :companyId AND fact.opened_at >= :from AND fact.opened_at < :to', request);
    // The leading >= bounds the index range (company, opened_at, id) on both databases; the rest skips what came before.
    if (after) query.andWhere('fact.opened_at >= :afterAt AND (fact.opened_at > :afterAt OR fact.conversation_id > :afterId)', { afterAt: after.openedAt, afterId: after.id });
    const page = await query.orderBy('fact.opened_at', 'ASC').addOrderBy('fact.conversation_id', 'ASC').limit(PAGE).getMany();
    if (page.length === 0) return;
    yield page;
    if (page.length < PAGE) return;
    const last = page[page.length - 1];
    after = { openedAt: last.openedAt, id: last.conversationId };
  }
}

const seconds = (ms: number) => Math.round(ms / 1000);
const mean = (sum: number, count: number) => (count ? Math.round((sum / count) * 10) / 10 : null);
const when = (at: Date, request: ReportRequest) => localDateTime(at, request.timeZone);
const conversationLink = (request: ReportRequest, id: string) => `${request.publicUrl}/conversations/${id}`;

/**
 * Response times in a dialog: each operator message answers the client messages written since the
 * last operator message; its response time runs from the first of them.
 */
function responsesOf(messages: ReportMessage[]): { operatorId: string | null; seconds: number }[] {
  const responses: { operatorId: string | null; seconds: number }[] = [];
  let waitingSince: Date | null = null;
  for (const message of messages) {
    if (message.authorKind === 'CLIENT') waitingSince ??= message.createdAt;
    else if (message.authorKind === 'OPERATOR' && waitingSince) {
      responses.push({ operatorId: message.authorId, seconds: seconds(message.createdAt.getTime() - waitingSince.getTime()) });
      waitingSince = null;
    }
  }
  return responses;
}

/** The map's value for the key, made and stored first when missing. */
function entryOf<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) entryOf(groups, key(item), () => [] as T[]).push(item);
  return groups;
}

/** Online periods per operator in [from, to) (or until now), from their status changes. */
async function onlinePeriods(db: Database, request: ReportRequest): Promise<{ userId: string; from: Date; to: Date }[]> {
  const end = new Date(Math.min(request.to.getTime(), Date.now()));
  const periods: { userId: string; from: Date; to: Date }[] = [];
  const since = new Map<string, Date>();
  for (const change of await statusChangesBetween(db, request.companyId, request.from, request.to)) {
    const at = change.at < request.from ? request.from : change.at;
    const start = since.get(change.userId);
    if (change.online && !start) since.set(change.userId, at);
    if (!change.online && start) {
      if (at > start) periods.push({ userId: change.userId, from: start, to: at });
      since.delete(change.userId);
    }
  }
  for (const [userId, start] of since) if (end > start) periods.push({ userId, from: start, to: end });
  return periods.sort((a, b) => a.from.getTime() - b.from.getTime() || a.userId.localeCompare(b.userId));
}

/** Per local day, folded from a stream: the days with something to count, oldest first. */
function perDay<T>(empty: () => T): { at(day: string): T; days(): [string, T][] } {
  const days = new Map<string, T>();
  return {
    at: (day) => entryOf(days, day, empty),
    days: () => [...days.entries()].sort(([a], [b]) => a.localeCompare(b)),
  };
}

const WORD = /[\p{L}\p{N}']+/gu;
/** Words too common to make a phrase of their own. */
const STOP_WORDS = new Set('a an and are as at be but by for from has have hi hello i if in is it me my no not of on or so that the this to was we what with you your'.split(' '));
const POPULAR_PHRASES_SHOWN = 1000;

export const REPORTS: Record<ReportKind, ReportDefinition> = {
  [ReportKind.AGENT_ACTIVITY]: {
    columns: ['Operator id', 'Operator', 'Online from', 'Online until', 'Online (s)'],
    async *rows(db, request) {
      const periods = await onlinePeriods(db, request);
      const names = await displayNamesOf(db, [...new Set(periods.map((period) => period.userId))]);
      for (const period of periods)
        yield [period.userId, names.get(period.userId) ?? '', when(period.from, request), when(period.to, request), seconds(period.to.getTime() - period.from.getTime())];
    },
  },
  [ReportKind.AGENT_PERFORMANCE]: {
    columns: ['Operator id', 'Operator', 'Chats', 'Average chat duration (s)', 'Average first response (s)', 'Online (s)', 'Offline (s)'],
    async *rows(db, request) {
      const operators = new Map<string, { chats: number; durations: number; durationSum: number; responses: number; responseSum: number; online: number }>();
      const of = (userId: string) => entryOf(operators, userId, () => ({ chats: 0, durations: 0, durationSum: 0, responses: 0, responseSum: 0, online: 0 }));
      for (const member of await companyOperators(db, request.companyId)) if (!member.removedAt) of(member.userId);
      for await (const page of conversationPages(db, request))
        for (const fact of page) {
          if (!fact.operatorId) continue;
          const row = of(fact.operatorId);
          row.chats++;
          if (fact.durationSeconds !== null) {
            row.durations++;
            row.durationSum += fact.durationSeconds;
          }
          if (fact.firstResponseSeconds !== null) {
            row.responses++;
            row.responseSum += fact.firstResponseSeconds;
          }
        }
      for (const period of await onlinePeriods(db, request)) of(period.userId).online += seconds(period.to.getTime() - period.from.getTime());
      const names = await displayNamesOf(db, [...operators.keys()]);
      const span = seconds(Math.min(request.to.getTime(), Date.now()) - request.from.getTime());
      for (const [userId, row] of [...operators.entries()].sort((a, b) => b[1].chats - a[1].chats || a[0].localeCompare(b[0])))
        yield [userId, names.get(userId) ?? '', row.chats, mean(row.durationSum, row.durations), mean(row.responseSum, row.responses), row.online, Math.max(span - row.online, 0)];
    },
  },
  [ReportKind.AGENTS]: {
    columns: ['Operator id', 'Username', 'First name', 'Last name', 'Email', 'Account id', 'Joined', 'Deleted'],
    async *rows(db, request) {
      for (const operator of await companyOperators(db, request.companyId)) {
        const [first, ...rest] = operator.name.trim().split(/\s+/);
        yield [
          operator.userId,
          operator.nickname ?? operator.email,
          first ?? '',
          rest.join(' '),
          operator.email,
          request.companyId,
          when(operator.joinedAt, request),
          operator.removedAt ? 'yes' : 'no',
        ];
      }
    },
  },
  [ReportKind.CONVERSATIONS]: {
    columns: ['Day', 'Chats', 'Answered', 'Average first response (s)', 'Closed', 'Average duration (s)', 'Proactive', 'Reactive', 'Ratings', 'Positive ratings'],
    async *rows(db, request) {
      const days = perDay(() => ({ chats: 0, answered: 0, responseSum: 0, closed: 0, durationSum: 0, proactive: 0, ratings: 0, positive: 0 }));
      for await (const page of conversationPages(db, request))
        for (const fact of page) {
          const day = days.at(fact.day);
          day.chats++;
          if (fact.firstResponseSeconds !== null) {
            day.answered++;
            day.responseSum += fact.firstResponseSeconds;
          }
          if (fact.durationSeconds !== null) {
            day.closed++;
            day.durationSum += fact.durationSeconds;
          }
          day.proactive += fact.proactive;
          if (fact.ratingPositive !== null) {
            day.ratings++;
            day.positive += fact.ratingPositive;
          }
        }
      for (const [day, row] of days.days())
        yield [
          day,
          row.chats,
          row.answered,
          mean(row.responseSum, row.answered),
          row.closed,
          mean(row.durationSum, row.closed),
          row.proactive,
          row.chats - row.proactive,
          row.ratings,
          row.positive,
        ];
    },
  },
  [ReportKind.AUTOMATIC_INVITES]: {
    columns: ['Day', 'Greeting', 'Shown', 'Accepted', 'Declined', 'Not shown (no operator available)'],
    async *rows(db, request) {
      const rows = new Map<string, { day: string; title: string; SHOWN: number; ACCEPTED: number; DECLINED: number; SUPPRESSED: number }>();
      for (const decision of await greetingDecisionsBetween(db, request.companyId, request.from, request.to)) {
        const day = localDayOf(decision.at, request.timeZone);
        const id = `${day} ${decision.greetingId}`;
        entryOf(rows, id, () => ({ day, title: decision.title, SHOWN: 0, ACCEPTED: 0, DECLINED: 0, SUPPRESSED: 0 }))[decision.decision]++;
      }
      for (const row of [...rows.values()].sort((a, b) => a.day.localeCompare(b.day) || a.title.localeCompare(b.title)))
        yield [row.day, row.title, row.SHOWN, row.ACCEPTED, row.DECLINED, row.SUPPRESSED];
    },
  },
  [ReportKind.HOSTS]: {
    columns: ['Website', 'Added', 'Also added by other accounts'],
    async *rows(db, request) {
      for (const website of await websitesWithOwners(db, request.companyId)) yield [website.domain, when(website.createdAt, request), website.otherOwners];
    },
  },
  [ReportKind.TRAFFIC]: {
    columns: ['Day', 'Page views', 'Visitors', 'Greetings shown', 'Greetings accepted', 'Chats', 'Proactive chats'],
    async *rows(db, request) {
      const days = perDay(() => ({ views: 0, visitors: new Set<string>(), shown: 0, accepted: 0, chats: 0, proactive: 0 }));
      for (let after: { at: Date; id: string } | null = null; ; ) {
        const views = await pageViewsBetween(db, request.companyId, request.from, request.to, after, 5000);
        for (const view of views) {
          const day = days.at(localDayOf(view.at, request.timeZone));
          day.views++;
          day.visitors.add(view.clientId);
        }
        if (views.length < 5000) break;
        after = views[views.length - 1];
      }
      for (const decision of await greetingDecisionsBetween(db, request.companyId, request.from, request.to)) {
        const day = days.at(localDayOf(decision.at, request.timeZone));
        if (decision.decision === 'SHOWN') day.shown++;
        if (decision.decision === 'ACCEPTED') day.accepted++;
      }
      for await (const page of conversationPages(db, request))
        for (const fact of page) {
          const day = days.at(fact.day);
          day.chats++;
          day.proactive += fact.proactive;
        }
      for (const [day, row] of days.days()) yield [day, row.views, row.visitors.size, row.shown, row.accepted, row.chats, row.proactive];
    },
  },
  [ReportKind.SLOTS]: {
    columns: ['Day', 'Hour', 'Incoming chats', 'Active operators'],
    async *rows(db, request) {
      const slots = perDay(() => new Map<number, { chats: number; operators: Set<string> }>());
      for await (const page of conversationPages(db, request))
        for (const fact of page) {
          const hours = slots.at(fact.day);
          const slot = entryOf(hours, fact.hour, () => ({ chats: 0, operators: new Set<string>() }));
          slot.chats++;
          if (fact.operatorId) slot.operators.add(fact.operatorId);
        }
      for (const [day, hours] of slots.days()) for (const [hour, slot] of [...hours.entries()].sort((a, b) => a[0] - b[0])) yield [day, hour, slot.chats, slot.operators.size];
    },
  },
  [ReportKind.ALL_SESSIONS]: {
    columns: [
      'Conversation',
      'Link',
      'Opened',
      'Type',
      'Channel',
      'Campaign',
      'Visitor',
      'Start URL',
      'Operator',
      'Status',
      'Duration (s)',
      'First response (s)',
      'Rating',
      'Success codes',
      'Dialog',
    ],
    async *rows(db, request) {
      const { campaigns, successCodes } = await campaignNamesOf(db, request.companyId);
      for await (const page of conversationPages(db, request)) {
        const ids = page.map((fact) => fact.conversationId);
        const visitors = await visitorsOfConversations(db, ids);
        const messages = groupBy(await messagesOfConversations(db, ids), (message) => message.conversationId);
        const names = await displayNamesOf(db, [...new Set(page.map((fact) => fact.operatorId).filter(Boolean))]);
        for (const fact of page) {
          const visitor = visitors.get(fact.conversationId);
          const dialog = (messages.get(fact.conversationId) ?? [])
            .map((message) => `${request.withTimes ? `[${when(message.createdAt, request)}] ` : ''}${authorOf(message, visitor?.name, names)}: ${message.text}`)
            .join('\n');
          yield [
            fact.conversationId,
            conversationLink(request, fact.conversationId),
            when(fact.openedAt, request),
            fact.proactive ? 'Proactive' : 'Reactive',
            visitor?.channel ?? '',
            campaigns.get(fact.campaignId) ?? '',
            visitor?.name ?? '',
            visitor?.startUrl ?? '',
            names.get(fact.operatorId) ?? '',
            fact.status,
            fact.durationSeconds,
            fact.firstResponseSeconds,
            fact.ratingPositive === null ? '' : fact.ratingPositive ? 'Positive' : 'Negative',
            fact.successCodeIds
              ? fact.successCodeIds
                  .split(',')
                  .map((id) => successCodes.get(id) ?? id)
                  .join(', ')
              : '',
            dialog,
          ];
        }
      }
    },
  },
  [ReportKind.SESSIONS_WITH_MARKERS]: {
    columns: ['Conversation', 'Opened', 'Operator', 'Tag', 'Tagged by', 'Tagged at'],
    async *rows(db, request) {
      for await (const page of conversationPages(db, request)) {
        const tags = await tagsOfConversations(
          db,
          page.map((fact) => fact.conversationId),
        );
        if (tags.length === 0) continue;
        const facts = new Map(page.map((fact) => [fact.conversationId, fact]));
        const names = await displayNamesOf(db, [...new Set([...tags.map((tag) => tag.taggedBy), ...page.map((fact) => fact.operatorId).filter(Boolean)])]);
        for (const tag of tags) {
          const fact = facts.get(tag.conversationId)!;
          yield [tag.conversationId, when(fact.openedAt, request), names.get(fact.operatorId) ?? '', tag.tag, names.get(tag.taggedBy) ?? '', when(tag.createdAt, request)];
        }
      }
    },
  },
  [ReportKind.BILLING]: {
    columns: ['Channel', 'Chats', 'Messages', 'Paid messages', 'Cost'],
    async *rows(db, request) {
      // The website widget is free; billed channels (messengers) price their messages (seed 002).
      const channels = new Map<string, { chats: number; messages: number; paid: number; cents: number }>();
      for await (const page of messagePages(db, request)) {
        const costs = await dialogCostsOf(
          db,
          page.map(({ fact }) => fact.conversationId),
        );
        for (const { fact, channel, messages } of page) {
          const row = entryOf(channels, channel, () => ({ chats: 0, messages: 0, paid: 0, cents: 0 }));
          const cost = costs.get(fact.conversationId);
          row.chats++;
          row.messages += messages.length;
          row.paid += cost?.paidMessages ?? 0;
          row.cents += cost?.cents ?? 0;
        }
      }
      for (const [channel, row] of [...channels.entries()].sort()) yield [channel, row.chats, row.messages, row.paid, row.cents / 100];
    },
  },
  [ReportKind.OPERATOR_METRICS]: {
    columns: ['Conversation', 'Opened', 'Operator', 'Responses', 'First response (s)', 'Average response (s)', 'Longest response (s)'],
    async *rows(db, request) {
      for await (const page of messagePages(db, request)) {
        const responses = page.map((item) => ({ item, byOperator: groupBy(responsesOf(item.messages), (response) => response.operatorId ?? '') }));
        const names = await displayNamesOf(db, [...new Set(responses.flatMap(({ byOperator }) => [...byOperator.keys()]).filter(Boolean))]);
        for (const { item, byOperator } of responses)
          for (const [operatorId, times] of byOperator) {
            const values = times.map((response) => response.seconds);
            yield [
              item.fact.conversationId,
              when(item.fact.openedAt, request),
              names.get(operatorId) ?? '',
              values.length,
              values[0],
              mean(sum(values), values.length),
              Math.max(...values),
            ];
          }
      }
    },
  },
  [ReportKind.PRODUCTIVITY]: {
    columns: ['Conversation', 'Opened', 'Operator', 'Client messages', 'Operator messages', 'Longest response (s)', 'Average response (s)', 'Duration (s)'],
    async *rows(db, request) {
      for await (const page of messagePages(db, request)) {
        const names = await displayNamesOf(db, [...new Set(page.map((item) => item.fact.operatorId).filter(Boolean))]);
        for (const { fact, messages } of page) {
          const values = responsesOf(messages).map((response) => response.seconds);
          yield [
            fact.conversationId,
            when(fact.openedAt, request),
            names.get(fact.operatorId) ?? '',
            messages.filter((message) => message.authorKind === 'CLIENT').length,
            messages.filter((message) => message.authorKind === 'OPERATOR').length,
            values.length ? Math.max(...values) : null,
            mean(sum(values), values.length),
            fact.durationSeconds,
          ];
        }
      }
    },
  },
  [ReportKind.BOT_VS_OPERATOR]: {
    columns: ['Channel', 'Chats', 'Bot messages', 'Operator messages', 'Chats passed to an operator'],
    async *rows(db, request) {
      const channels = new Map<string, { chats: number; bot: number; operator: number; passed: number }>();
      for await (const page of messagePages(db, request))
        for (const { fact, channel, messages } of page) {
          const row = entryOf(channels, channel, () => ({ chats: 0, bot: 0, operator: 0, passed: 0 }));
          row.chats++;
          row.bot += messages.filter((message) => message.authorKind === 'BOT').length;
          row.operator += messages.filter((message) => message.authorKind === 'OPERATOR').length;
          if (fact.operatorId) row.passed++;
        }
      for (const [channel, row] of [...channels.entries()].sort()) yield [channel, row.chats, row.bot, row.operator, row.passed];
    },
  },
  [ReportKind.WEB_PAGES]: {
    columns: ['Conversation', 'Visitor', 'Page', 'Viewed at'],
    async *rows(db, request) {
      for await (const page of conversationPages(db, request)) {
        const visitors = await visitorsOfConversations(
          db,
          page.map((fact) => fact.conversationId),
        );
        // The visitors' views from the page's first opening on; each chat keeps those of its own span.
        const clientIds = [...new Set([...visitors.values()].map((visitor) => visitor.clientId))];
        const views = groupBy(await pageViewsOfClients(db, clientIds, page[0].openedAt, new Date(Date.now() + 1)), (view) => view.clientId);
        for (const fact of page) {
          const visitor = visitors.get(fact.conversationId);
          if (!visitor) continue;
          for (const view of views.get(visitor.clientId) ?? [])
            if (view.at >= fact.openedAt && (!fact.closedAt || view.at <= fact.closedAt)) yield [fact.conversationId, visitor.name, view.url, when(view.at, request)];
        }
      }
    },
  },
  [ReportKind.POPULAR_PHRASES]: {
    columns: ['Phrase', 'Words', 'Count'],
    async *rows(db, request) {
      const counts = new Map<string, number>();
      for await (const page of messagePages(db, request))
        for (const { messages } of page)
          for (const message of messages) {
            if (message.authorKind !== 'CLIENT') continue;
            const words = (message.text.toLowerCase().match(WORD) ?? []).filter((word) => word.length > 1);
            for (let i = 0; i < words.length; i++) {
              if (!STOP_WORDS.has(words[i])) counts.set(words[i], (counts.get(words[i]) ?? 0) + 1);
              if (i + 1 < words.length && !(STOP_WORDS.has(words[i]) && STOP_WORDS.has(words[i + 1]))) {
                const phrase = `${words[i]} ${words[i + 1]}`;
                counts.set(phrase, (counts.get(phrase) ?? 0) + 1);
              }
            }
          }
      const top = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, POPULAR_PHRASES_SHOWN);
      for (const [phrase, count] of top) yield [phrase, phrase.split(' ').length, count];
    },
  },
  [ReportKind.CLIENT_PHRASES]: {
    columns: ['Conversation', 'Visitor', 'Sent at', 'Message'],
    async *rows(db, request) {
      for await (const page of messagePages(db, request))
        for (const { fact, visitorName, messages } of page)
          for (const message of messages)
            if (message.authorKind === 'CLIENT') yield [fact.conversationId, visitorName, request.withTimes ? when(message.createdAt, request) : null, message.text];
    },
  },
};

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

function authorOf(message: ReportMessage, visitorName: string | undefined, operators: Map<string, string>): string {
  if (message.authorKind === 'CLIENT') return visitorName || 'Visitor';
  if (message.authorKind === 'OPERATOR') return operators.get(message.authorId ?? '') ?? 'Operator';
  return message.authorKind === 'BOT' ? 'Bot' : 'System';
}

/** The period's conversations with their channel, visitor and messages, a page at a time. */
async function* messagePages(
  db: Database,
  request: ReportRequest,
): AsyncIterable<{ fact: ConversationFactEntity; channel: string; visitorName: string; messages: ReportMessage[] }[]> {
  for await (const page of conversationPages(db, request)) {
    const ids = page.map((fact) => fact.conversationId);
    const visitors = await visitorsOfConversations(db, ids);
    const messages = groupBy(await messagesOfConversations(db, ids), (message) => message.conversationId);
    yield page.map((fact) => ({
      fact,
      channel: visitors.get(fact.conversationId)?.channel ?? '',
      visitorName: visitors.get(fact.conversationId)?.name ?? '',
      messages: messages.get(fact.conversationId) ?? [],
    }));
  }
}
