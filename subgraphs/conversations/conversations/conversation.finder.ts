import { Brackets, EntityManager, EntityTarget, SelectQueryBuilder } from 'typeorm';
import type { OperatorIdentity } from '../../../kernel/auth';
import type { Database } from '../../../kernel/database';
import { entitiesFromRows, ShapedQueries } from '../../../kernel/hot-reads';
import { badInput, forbidden } from '../../../kernel/errors';
import { decodeCursor, DEFAULT_PAGE_SIZE, encodeCursor, MAX_PAGE_SIZE } from '../../../kernel/pagination';
import { localPeriod } from '../../../kernel/local-time';
import { companyAccess, hasPermission } from '../../../kernel/rules';
import { timeZoneOf } from '../../accounts/reads';
import * as validate from '../../../kernel/validate';
import { ClientEntity } from '../clients/client.entity';
import { MessageEntity } from '../messages/message.entity';
import { planSearch, SearchPlan, searchWords, whereMatches } from '../search/search.index';
import { ConversationFilter, ConversationTab } from '../types';
import { visibleGroupIds } from './conversation.access';
import { ConversationEntity, ConversationReadEntity } from './conversation.entity';

/** The tab's time (seed 003, element #8): when the conversation entered Unassigned or Closed, else its last message. */
type TimedRow = Pick<ConversationEntity, 'statusChangedAt' | 'lastActivityAt'>;
const TAB_TIME: Record<ConversationTab, { column: 'status_changed_at' | 'last_activity_at'; of: (row: TimedRow) => Date }> = {
  [ConversationTab.UNASSIGNED]: { column: 'status_changed_at', of: (row) => row.statusChangedAt },
  [ConversationTab.CLOSED]: { column: 'status_changed_at', of: (row) => row.statusChangedAt },
  [ConversationTab.MY_INBOX]: { column: 'last_activity_at', of: (row) => row.lastActivityAt },
  [ConversationTab.ALL]: { column: 'last_activity_at', of: (row) => row.lastActivityAt },
  [ConversationTab.BLACKLIST]: { column: 'last_activity_at', of: (row) => row.lastActivityAt },
};

/** The time a conversation shows in a tab, which the tab also sorts by. */
export const tabTimeOf = (tab: ConversationTab, row: TimedRow): Date => TAB_TIME[tab].of(row);

interface TabQuery {
  apply(query: SelectQueryBuilder<ConversationEntity>): SelectQueryBuilder<ConversationEntity>;
  /** What of the tab's condition changes its SQL text (ShapedQueries). */
  shape: string;
}

export interface ConversationPage {
  rows: ConversationEntity[];
  /** The viewer's read mark per row (client messages read), fetched with the page. */
  readCounts: number[];
  /** Each row's client and newest message, fetched with the page: every list shows them. */
  clients: (ClientEntity | null)[];
  lastMessages: (MessageEntity | null)[];
  cursors: string[];
  hasNextPage: boolean;
  totalCount: number;
}

export const SEARCH_COUNT_CAP = 1000;

/** Seed 003: which filter works in which tab; the Chats section (seed 004) filters the All tab further. */
const CHATS_FILTERS: (keyof ConversationFilter)[] = ['campaignId', 'proactive', 'successCodeId', 'participantId', 'channel', 'opened', 'openedFrom', 'openedTo'];
const FILTERS_BY_TAB: Record<ConversationTab, (keyof ConversationFilter)[]> = {
  [ConversationTab.UNASSIGNED]: ['groupId'],
  [ConversationTab.MY_INBOX]: ['groupId'],
  [ConversationTab.CLOSED]: ['groupId'],
  [ConversationTab.ALL]: ['groupId', 'status', 'operatorId', ...CHATS_FILTERS],
  [ConversationTab.BLACKLIST]: ['groupId', 'operatorId'],
};

function checkFilter(tab: ConversationTab, filter: ConversationFilter | null | undefined, timeZone: string | null) {
  if (filter?.opened && (filter.openedFrom || filter.openedTo)) throw badInput('opened', 'Give either opened or openedFrom and openedTo, not both');
  const preset = filter?.opened ? localPeriod(filter.opened, new Date(), timeZone) : null;
  const given = {
    groupId: filter?.groupId ? validate.id('groupId', filter.groupId) : null,
    operatorId: filter?.operatorId ? validate.id('operatorId', filter.operatorId) : null,
    status: filter?.status ?? null,
    campaignId: filter?.campaignId ? validate.id('campaignId', filter.campaignId) : null,
    proactive: typeof filter?.proactive === 'boolean' ? filter.proactive : null,
    successCodeId: filter?.successCodeId ? validate.id('successCodeId', filter.successCodeId) : null,
    participantId: filter?.participantId ? validate.id('participantId', filter.participantId) : null,
    channel: filter?.channel ?? null,
    opened: filter?.opened ?? null,
    openedFrom: preset?.from ?? filter?.openedFrom ?? null,
    openedTo: preset?.to ?? filter?.openedTo ?? null,
  };
  const words = filter?.search !== null && filter?.search !== undefined ? searchWords(filter.search) : null;
  for (const [name, value] of Object.entries(given) as [keyof ConversationFilter, unknown][]) {
    if (value !== null && !FILTERS_BY_TAB[tab].includes(name)) throw badInput(name, `The ${name} filter does not apply to the ${tab} tab`);
  }
  for (const name of ['openedFrom', 'openedTo'] as const) {
    const time = given[name];
    if (time !== null && (!(time instanceof Date) || Number.isNaN(time.getTime()))) throw badInput(name, `${name} must be a date-time`);
  }
  if (given.openedFrom && given.openedTo && given.openedTo <= given.openedFrom) throw badInput('openedTo', 'openedTo must be after openedFrom');
  return {
    words,
    /** Which filters are set: what of them changes the SQL text (ShapedQueries). */
    shape: Object.keys(given)
      .filter((name) => given[name as keyof typeof given] !== null)
      .join(','),
    apply: (query: SelectQueryBuilder<ConversationEntity>, search: SearchPlan | null) => {
      if (given.groupId) query.andWhere('c.group_id = :filterGroupId', { filterGroupId: given.groupId });
      if (given.operatorId) query.andWhere('c.operator_id = :filterOperatorId', { filterOperatorId: given.operatorId });
      if (given.status) query.andWhere('c.status = :filterStatus', { filterStatus: given.status });
      if (given.campaignId) query.andWhere('c.campaign_id = :filterCampaignId', { filterCampaignId: given.campaignId });
      if (given.proactive !== null) query.andWhere('c.proactive = :filterProactive', { filterProactive: given.proactive });
      if (given.openedFrom) query.andWhere('c.created_at >= :filterOpenedFrom', { filterOpenedFrom: given.openedFrom });
      if (given.openedTo) query.andWhere('c.created_at < :filterOpenedTo', { filterOpenedTo: given.openedTo });
      if (given.channel) query.andWhere('c.channel = :filterChannel', { filterChannel: given.channel });
      // Participants: whoever wrote in it or was made responsible for it at some point (its access log).
      if (given.participantId) {
        query.andWhere(
          new Brackets((q) =>
            q
              .where("EXISTS (SELECT 1 FROM messages pm WHERE pm.conversation_id = c.id AND pm.author_kind = 'OPERATOR' AND pm.author_id = :filterParticipantId)")
              .orWhere('EXISTS (SELECT 1 FROM conversation_events pe WHERE pe.conversation_id = c.id AND pe.operator_id = :filterParticipantId)'),
          ),
          { filterParticipantId: given.participantId },
        );
      }
      if (given.successCodeId) {
        query.andWhere('c.id IN (SELECT csc.conversation_id FROM conversation_success_codes csc WHERE csc.success_code_id = :filterSuccessCodeId)', {
          filterSuccessCodeId: given.successCodeId,
        });
      }
      return search ? whereMatches(query, search) : query;
    },
  };
}

/** The page's joins: each row's client and newest message come back with it under these aliases. */
const ROW_CLIENT = 'row_client';
const ROW_MESSAGE = 'row_message';

/** The entities joined under `alias`, one per raw row; null where the join found none (its id is null). */
function joinedEntities<T extends { id: string }>(manager: EntityManager, entity: EntityTarget<T>, alias: string, raw: Record<string, unknown>[]): (T | null)[] {
  return entitiesFromRows(manager, entity, alias, raw).map((joined) => (joined.id == null ? null : joined));
}

/**
 * The operators' conversation list (seed 003), one tab at a time, newest first by the tab's time.
 * Each tab's filter and sort match one index, and a page costs two statements (rows and count):
 * the rows come with the viewer's read marks, their clients and their newest messages, which
 * every list shows, joined by primary key (two statements fewer than loading them after).
 */
export class ConversationFinder {
  private readonly queries = new ShapedQueries();

  constructor(private readonly db: Database) {}

  async page(
    identity: OperatorIdentity,
    companyId: string,
    tab: ConversationTab,
    first?: number | null,
    after?: string | null,
    filter?: ConversationFilter | null,
  ): Promise<ConversationPage> {
    const size = validate.pageSize('first', first, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
    const cursor = decodeCursor('after', after);
    const tabQuery = this.tabQuery(identity, companyId, tab);
    const sortColumn = TAB_TIME[tab].column;
    // Named periods are local days of the company (seed 004's Chats section: today, yesterday...).
    const filters = checkFilter(tab, filter, filter?.opened ? await timeZoneOf(this.db, companyId) : null);
    const search = filters.words ? await planSearch(this.db, companyId, filters.words) : null;
    const base = () => filters.apply(tabQuery.apply(this.db.manager.createQueryBuilder(ConversationEntity, 'c').where('c.company_id = :companyId', { companyId })), search);
    // A search's SQL depends on its words' plan; everything else on the tab, the filters set, the cursor and the size.
    const shape = search ? null : `${tab}:${tabQuery.shape}:${filters.shape}:${cursor ? 'after' : 'first'}:${size}`;
    const page = base()
      .orderBy(`c.${sortColumn}`, 'DESC')
      .addOrderBy('c.id', 'DESC')
      .leftJoin(ConversationReadEntity, 'r', 'r.conversation_id = c.id AND r.user_id = :viewerId', { viewerId: identity.userId })
      .addSelect('r.read_count', 'viewer_read_count')
      .leftJoinAndSelect(ClientEntity, ROW_CLIENT, `${ROW_CLIENT}.id = c.client_id`)
      .leftJoinAndSelect(MessageEntity, ROW_MESSAGE, `${ROW_MESSAGE}.id = c.last_message_id`)
      .limit(size + 1);
    if (cursor) {
      const [time, id] = cursor;
      page.andWhere(
        new Brackets((q) =>
          q.where(`c.${sortColumn} < :time`, { time: new Date(time as string) }).orWhere(`c.${sortColumn} = :time AND c.id < :id`, { time: new Date(time as string), id }),
        ),
      );
    }
    const [raw, totalCount] = await Promise.all([this.rowsOf(page, shape && `page:${shape}`), this.count(base(), search, shape && `count:${shape}`)]);
    const rows = entitiesFromRows(this.db.manager, ConversationEntity, 'c', raw);
    const visible = rows.slice(0, size);
    const visibleRaw = raw.slice(0, size);
    return {
      rows: visible,
      readCounts: visibleRaw.map((row) => Number(row.viewer_read_count ?? 0)),
      clients: joinedEntities(this.db.manager, ClientEntity, ROW_CLIENT, visibleRaw),
      lastMessages: joinedEntities(this.db.manager, MessageEntity, ROW_MESSAGE, visibleRaw),
      cursors: visible.map((row) => encodeCursor([tabTimeOf(tab, row).toISOString(), row.id])),
      hasNextPage: rows.length > size,
      totalCount,
    };
  }

  /**
   * Exact, except for a search whose every word is common: counting all of its matches would
   * visit most of the company's conversations, so it stops at SEARCH_COUNT_CAP + 1 ("1000+").
   */
  private async count(query: SelectQueryBuilder<ConversationEntity>, search: SearchPlan | null, shape: string | null): Promise<number> {
    if (!search || search.ids) {
      const [row] = await this.rowsOf(query.select('COUNT(1)', 'cnt'), shape);
      return Number(row?.cnt ?? 0);
    }
    const capped = query.select('c.id').limit(SEARCH_COUNT_CAP + 1);
    const row = await this.db.manager
      .createQueryBuilder()
      .select('COUNT(*)', 'n')
      .from(`(${capped.getQuery()})`, 'matches')
      .setParameters(capped.getParameters())
      .getRawOne<{ n: number | string }>();
    return Number(row?.n ?? 0);
  }

  private rowsOf(query: SelectQueryBuilder<ConversationEntity>, shape: string | null): Promise<Record<string, unknown>[]> {
    const [sql, parameters] = this.queries.sqlOf(query, shape);
    return this.db.manager.query(sql, parameters);
  }

  private tabQuery(identity: OperatorIdentity, companyId: string, tab: ConversationTab): TabQuery {
    const access = companyAccess(identity, companyId);
    const userId = identity.userId;
    switch (tab) {
      case ConversationTab.UNASSIGNED: {
        const groupIds = access && visibleGroupIds(access);
        return {
          apply: (q) => (groupIds ? q.andWhere("c.status = 'UNASSIGNED' AND c.group_id IN (:...groupIds)", { groupIds }) : q.andWhere("c.status = 'UNASSIGNED'")),
          // The IN list's length is bound with the values, not part of the SQL kept.
          shape: groupIds ? 'groups' : 'all groups',
        };
      }
      case ConversationTab.MY_INBOX:
        return { apply: (q) => q.andWhere("c.status = 'ASSIGNED' AND c.operator_id = :userId", { userId }), shape: '' };
      case ConversationTab.CLOSED:
        return { apply: (q) => q.andWhere("c.status = 'CLOSED' AND c.closed_by = :userId", { userId }), shape: '' };
      case ConversationTab.ALL:
        if (!hasPermission(access, 'VIEW_ALL_CONVERSATIONS') && !hasPermission(access, 'MANAGE_CONVERSATIONS')) {
          throw forbidden('The All tab needs the VIEW_ALL_CONVERSATIONS permission');
        }
        return { apply: (q) => q, shape: '' };
      case ConversationTab.BLACKLIST:
        if (!hasPermission(access, 'MANAGE_CONVERSATIONS')) throw forbidden('The Blacklist tab needs the MANAGE_CONVERSATIONS permission');
        return {
          apply: (q) => q.innerJoin(ClientEntity, 'client', 'client.id = c.client_id AND client.blacklisted_at IS NOT NULL'),
          shape: '',
        };
    }
  }

  /** The viewer's tab counters: three statements whatever the number of groups. */
  async queueCounts(identity: OperatorIdentity, companyId: string) {
    const access = companyAccess(identity, companyId);
    const groupIds = access?.groupIds ?? [];
    const visible = access ? visibleGroupIds(access) : null;
    const userId = identity.userId;
    const [unassignedRows, inboxRows, closed] = await Promise.all([
      this.db.manager
        .createQueryBuilder(ConversationEntity, 'c')
        .select('c.group_id', 'groupId')
        .addSelect('COUNT(*)', 'count')
        .where("c.company_id = :companyId AND c.status = 'UNASSIGNED'", { companyId })
        .groupBy('c.group_id')
        .getRawMany<{ groupId: string | null; count: string | number }>(),
      this.db.manager
        .createQueryBuilder(ConversationEntity, 'c')
        .leftJoin(ConversationReadEntity, 'r', 'r.conversation_id = c.id AND r.user_id = :userId', { userId })
        .select('c.group_id', 'groupId')
        .addSelect('COUNT(*)', 'count')
        .addSelect('SUM(CASE WHEN c.client_message_count > COALESCE(r.read_count, 0) THEN 1 ELSE 0 END)', 'unread')
        .where("c.operator_id = :userId AND c.status = 'ASSIGNED' AND c.company_id = :companyId", { userId, companyId })
        .groupBy('c.group_id')
        .getRawMany<{ groupId: string | null; count: string | number; unread: string | number | null }>(),
      this.db.manager.countBy(ConversationEntity, { companyId, status: 'CLOSED', closedBy: userId }),
    ]);
    const unassignedByGroup = new Map(unassignedRows.map((row) => [row.groupId, Number(row.count)]));
    const inboxByGroup = new Map(inboxRows.map((row) => [row.groupId, Number(row.count)]));
    const sum = (values: Iterable<number>) => [...values].reduce((total, value) => total + value, 0);
    return {
      companyId,
      // What the viewer's Unassigned tab shows: their groups' queues only when they are limited to them.
      unassigned: visible ? sum(visible.map((groupId) => unassignedByGroup.get(groupId) ?? 0)) : sum(unassignedByGroup.values()),
      myInbox: sum(inboxByGroup.values()),
      unreadConversations: sum(inboxRows.map((row) => Number(row.unread ?? 0))),
      closed,
      groups: groupIds.map((groupId) => ({ group: { id: groupId }, unassigned: unassignedByGroup.get(groupId) ?? 0, myInbox: inboxByGroup.get(groupId) ?? 0 })),
    };
  }
}
