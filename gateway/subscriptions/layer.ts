import { DocumentNode, ExecutionArgs, ExecutionResult, FieldNode, getOperationAST, GraphQLError, Kind, print, SelectionSetNode } from 'graphql';
import { getArgumentValues, getVariableValues } from 'graphql/execution/values';
import type { Identity } from '../../kernel/auth';
import type { Logger } from '../../kernel/logger';
import { channels, PubSub } from '../../kernel/pubsub';
import { companyAccess } from '../../kernel/rules';
import { activeSubscriptions } from '../../kernel/metrics';
import { checkOperationLimits, QueryLimits } from '../../kernel/query-limits';
import { subscribeEvents } from '../../subgraphs/events';
import { viewerScope } from '../authenticate';
import { EventStream } from './event-stream';
import { argument, ClientSelection, field, FOLLOW_UP_VARIABLE_PREFIX, followUpQuery, payloadCovers, projectPayload, RootLookup, ROOT_ALIAS, selectionSet } from './selection';

/** Runs a query document through the gateway in-process, as the given viewer. */
export type GatewayExecutor = (document: DocumentNode, variables: Record<string, unknown>, identity: Identity) => Promise<ExecutionResult>;

/** Replay pages hold at most this many messages, fewer when the client's selection is costly. */
const REPLAY_PAGE = 100;
/** Fields the replay wraps around the client's selection: conversation { messages { edges { node. */
const REPLAY_WRAP_DEPTH = 3;
const REPLAY_SEQ_ALIAS = 'subscriptionReplaySeq';
/** How long the result of one follow-up is shared between subscribers of the same event. */
const SHARED_RESULT_MS = 5000;

interface Subscriber {
  identity: Identity;
  /** Messages per replay page, so that a page stays within the cost limit. */
  replayPage: number;
  selection: ClientSelection;
  responseKey: string;
  stream: EventStream<ExecutionResult>;
}

/**
 * Events about one operator (their read marks and counters, their personal canned responses)
 * carry `userId` and reach only that operator's subscriptions.
 */
const concernsSubscriber = (event: { userId?: string } | undefined, subscriber: Subscriber) =>
  !event?.userId || (subscriber.identity.kind === 'operator' && subscriber.identity.userId === event.userId);

const error = (code: string, message: string) => new GraphQLError(message, { extensions: { code } });

/**
 * The gateway's subscription layer (ARCHITECTURE.md). @apollo/gateway does not execute
 * subscriptions, so each Subscription field is implemented here: authorise once by asking the
 * graph as the subscriber, listen to the entity's pub/sub channel, and turn each event into the
 * client's selection, from the payload when it carries every field, otherwise by running the
 * client's own selection set through the gateway in-process.
 */
export class SubscriptionLayer {
  private readonly shared = new Map<string, Promise<ExecutionResult>>();

  constructor(
    private readonly pubsub: PubSub,
    private readonly executeAs: GatewayExecutor,
    private readonly limits: QueryLimits,
    private readonly log: Logger,
  ) {}

  /** graphql-ws's `subscribe` hook. */
  async subscribe(args: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
    const identity = (args.contextValue as { identity: Identity }).identity;
    const operation = getOperationAST(args.document, args.operationName);
    const subscriptionType = args.schema.getSubscriptionType();
    if (!operation || operation.operation !== 'subscription' || !subscriptionType) {
      return { errors: [error('BAD_USER_INPUT', 'Expected a subscription operation')] };
    }
    const fields = operation.selectionSet.selections;
    if (fields.length !== 1 || fields[0].kind !== Kind.FIELD) {
      return { errors: [error('BAD_USER_INPUT', 'A subscription selects exactly one root field')] };
    }
    const rootField = fields[0] as FieldNode;
    if ((operation.variableDefinitions ?? []).some((d) => d.variable.name.value.startsWith(FOLLOW_UP_VARIABLE_PREFIX))) {
      return { errors: [error('BAD_USER_INPUT', `Variable names starting with ${FOLLOW_UP_VARIABLE_PREFIX} are reserved`)] };
    }
    const coerced = getVariableValues(args.schema, operation.variableDefinitions ?? [], (args.variableValues ?? {}) as Record<string, unknown>);
    if (coerced.errors) return { errors: coerced.errors };
    // The same limits as queries, less the depth the replay wraps around the selection.
    const { measure, refusal } = checkOperationLimits(args.schema, args.document, operation, coerced.coerced, {
      ...this.limits,
      maxDepth: this.limits.maxDepth - REPLAY_WRAP_DEPTH,
    });
    if (refusal) return { errors: [refusal] };
    const fieldDef = subscriptionType.getFields()[rootField.name.value];
    const fieldArgs = getArgumentValues(fieldDef, rootField, coerced.coerced);
    const subscriber: Subscriber = {
      identity,
      replayPage: Math.max(1, Math.min(REPLAY_PAGE, Math.floor((this.limits.maxCost - 10) / (measure.cost + 3)))),
      responseKey: rootField.alias?.value ?? rootField.name.value,
      stream: new EventStream<ExecutionResult>(),
      selection: {
        selectionSet: rootField.selectionSet!,
        fragments: args.document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION) as ClientSelection['fragments'],
        variableDefinitions: operation.variableDefinitions ?? [],
        variables: coerced.coerced,
      },
    };
    const fieldName = rootField.name.value;
    activeSubscriptions.inc({ field: fieldName });
    subscriber.stream.onClose(() => void activeSubscriptions.dec({ field: fieldName }));
    try {
      switch (fieldName) {
        case 'messageAdded':
          return await this.messageAdded(subscriber, String(fieldArgs.conversationId), fieldArgs.afterSeq as number | null | undefined);
        case 'queueCountsChanged':
          return await this.queueCountsChanged(subscriber, String(fieldArgs.companyId));
        case 'conversationChanged':
          return await this.conversationChanged(subscriber, String(fieldArgs.companyId));
        case 'typingChanged':
          return await this.typingChanged(subscriber, String(fieldArgs.conversationId));
        case 'cannedResponsesChanged':
          return await this.cannedResponsesChanged(subscriber, String(fieldArgs.companyId));
        default:
          return { errors: [error('BAD_USER_INPUT', `Unknown subscription ${fieldName}`)] };
      }
    } catch (caught) {
      await subscriber.stream.return();
      if (caught instanceof GraphQLError) return { errors: [caught] };
      this.log.error({ err: caught }, 'subscription failed to start');
      return { errors: [error('INTERNAL_SERVER_ERROR', 'Internal server error')] };
    }
  }

  /**
   * Stored messages after `afterSeq`, then live ones, each exactly once and in seq order. The
   * channel is joined before anything is read, so nothing committed in between is missed; a live
   * event that skips a seq (pub/sub is at-most-once) triggers a replay from the database.
   */
  private async messageAdded(subscriber: Subscriber, conversationId: string, afterSeq: number | null | undefined) {
    if (afterSeq !== null && afterSeq !== undefined && afterSeq < 0) throw error('BAD_USER_INPUT', 'afterSeq must be 0 or more');
    const pending: { seq: number; payload: Record<string, unknown> }[] = [];
    let ready = false;
    let lastSeq = 0;
    let queue = Promise.resolve();

    const deliver = async (event: { seq: number; payload: Record<string, unknown> }) => {
      if (event.seq <= lastSeq) return;
      if (event.seq > lastSeq + 1) {
        await this.replay(
          subscriber,
          conversationId,
          () => lastSeq,
          (seq) => (lastSeq = seq),
        );
        return;
      }
      const result = await this.resolveEvent(subscriber, 'Message', `message:${event.payload.id}`, event.payload, {
        field: 'message',
        args: [{ name: 'id', type: 'ID!', value: event.payload.id }],
      });
      if (result) {
        lastSeq = event.seq;
        subscriber.stream.push(result);
      }
    };
    const unsubscribe = await subscribeEvents(this.pubsub, channels.conversation(conversationId), (event) => {
      if (event.type !== 'message.created') return;
      const item = { seq: Number(event.message.seq), payload: event.message };
      if (!ready) pending.push(item);
      else queue = queue.then(() => deliver(item)).catch((caught) => this.log.warn({ err: caught }, 'messageAdded delivery failed'));
    });
    // After a pub/sub outage, catch up from the database at once rather than at the next message.
    const stopResync = this.pubsub.onReconnect(() => {
      if (!ready) return;
      queue = queue
        .then(() =>
          this.replay(
            subscriber,
            conversationId,
            () => lastSeq,
            (seq) => (lastSeq = seq),
          ),
        )
        .catch((caught) => this.log.warn({ err: caught }, 'messageAdded re-sync failed'));
    });
    subscriber.stream.onClose(async () => {
      stopResync();
      await unsubscribe();
    });

    const conversation = await this.requireVisibleConversation(subscriber, conversationId);

    if (afterSeq === null || afterSeq === undefined) lastSeq = conversation.lastMessage?.seq ?? 0;
    else {
      lastSeq = afterSeq;
      await this.replay(
        subscriber,
        conversationId,
        () => lastSeq,
        (seq) => (lastSeq = seq),
      );
    }
    ready = true;
    for (const item of pending.splice(0)) queue = queue.then(() => deliver(item));
    return subscriber.stream;
  }

  /** The conversation's newest seq, asked as the subscriber: NOT_FOUND when they may not see it. */
  private async requireVisibleConversation(subscriber: Subscriber, conversationId: string): Promise<{ lastMessage: { seq: number } | null }> {
    const query = followUpQuery(
      { ...subscriber.selection, selectionSet: selectionSet(field('id'), field('lastMessage', { selectionSet: selectionSet(field('seq')) })) },
      {
        field: 'conversation',
        args: [{ name: 'id', type: 'ID!', value: conversationId }],
      },
    );
    const check = await this.executeAs(query.document, query.variables, subscriber.identity);
    const conversation = check.data?.[ROOT_ALIAS] as { lastMessage: { seq: number } | null } | null | undefined;
    if (!conversation) {
      // A part that is down is not a conversation that does not exist: the client should retry.
      const unavailable = check.errors?.find((e) => (e as GraphQLError).extensions?.code === 'SERVICE_UNAVAILABLE');
      if (unavailable) throw error('SERVICE_UNAVAILABLE', unavailable.message);
      // Visitors see only their own conversation, operators only their companies': to others it does not exist.
      throw error('NOT_FOUND', 'Conversation not found');
    }
    return conversation;
  }

  /** Typing indicators of the others in the conversation, straight from the event (nothing to re-read). */
  private async typingChanged(subscriber: Subscriber, conversationId: string) {
    const { identity, selection } = subscriber;
    const sample = { conversationId, authorKind: 'CLIENT', operatorId: null, typing: true, at: '', draft: null };
    if (!payloadCovers(selection, selection.selectionSet, sample, 'TypingIndicator'))
      throw error('BAD_USER_INPUT', 'typingChanged takes plain field selections, without directives');
    await this.requireVisibleConversation(subscriber, conversationId);
    const unsubscribe = await subscribeEvents(this.pubsub, channels.conversation(conversationId), (event) => {
      if (event.type !== 'typing.changed') return;
      const own = identity.kind === 'visitor' ? event.authorKind === 'CLIENT' : identity.kind === 'operator' && event.operatorId === identity.userId;
      if (own) return;
      subscriber.stream.push({ data: { [subscriber.responseKey]: projectPayload(selection, selection.selectionSet, { ...event }, 'TypingIndicator') } });
    });
    subscriber.stream.onClose(unsubscribe);
    return subscriber.stream;
  }

  /** Pages through stored messages after the current seq, pushing each in the client's shape. */
  private async replay(subscriber: Subscriber, conversationId: string, current: () => number, advance: (seq: number) => void) {
    const wrap = (clientSelection: SelectionSetNode): SelectionSetNode =>
      selectionSet(
        field('messages', {
          args: [argument('afterSeq', `${FOLLOW_UP_VARIABLE_PREFIX}afterSeq`), argument('first', `${FOLLOW_UP_VARIABLE_PREFIX}first`)],
          selectionSet: selectionSet(
            field('edges', {
              selectionSet: selectionSet(
                field('node', { selectionSet: { ...clientSelection, selections: [field('seq', { alias: REPLAY_SEQ_ALIAS }), ...clientSelection.selections] } }),
              ),
            }),
            field('pageInfo', { selectionSet: selectionSet(field('hasNextPage')) }),
          ),
        }),
      );
    for (;;) {
      const query = followUpQuery(subscriber.selection, {
        field: 'conversation',
        args: [{ name: 'id', type: 'ID!', value: conversationId }],
        wrap,
        wrapVariables: [
          { name: 'afterSeq', type: 'Int', value: current() },
          { name: 'first', type: 'Int', value: subscriber.replayPage },
        ],
      });
      const result = await this.executeAs(query.document, query.variables, subscriber.identity);
      const page = (result.data?.[ROOT_ALIAS] as { messages: { edges: { node: Record<string, unknown> }[]; pageInfo: { hasNextPage: boolean } } } | null)?.messages;
      if (!page) {
        if (result.errors) throw result.errors[0];
        return;
      }
      const before = current();
      for (const { node } of page.edges) {
        const seq = node[REPLAY_SEQ_ALIAS] as number;
        delete node[REPLAY_SEQ_ALIAS];
        if (seq <= current()) continue;
        advance(seq);
        subscriber.stream.push({ data: { [subscriber.responseKey]: node } });
      }
      if (!page.pageInfo.hasNextPage || subscriber.stream.closed) return;
      // A page that moves nothing forward would be read again forever: refuse rather than spin.
      if (current() === before) throw new Error(`message replay made no progress after seq ${before}`);
    }
  }

  /** The viewer's counters whenever the company's queue changes. */
  private async queueCountsChanged(subscriber: Subscriber, companyId: string) {
    await this.requireCompanyMember(subscriber, companyId);
    return this.rereadOnEvent(subscriber, channels.companyQueue(companyId), 'queue', { field: 'queueCounts', args: [{ name: 'companyId', type: 'ID!', value: companyId }] });
  }

  /** The viewer's canned responses whenever the company's global ones or the viewer's own change. */
  private async cannedResponsesChanged(subscriber: Subscriber, companyId: string) {
    await this.requireCompanyMember(subscriber, companyId);
    return this.rereadOnEvent(subscriber, channels.companyCannedResponses(companyId), 'canned', {
      field: 'cannedResponses',
      args: [{ name: 'companyId', type: 'ID!', value: companyId }],
    });
  }

  /**
   * Re-reads `lookup` as the subscriber on each event that concerns them; a burst of events is
   * coalesced into one read after the one running.
   */
  private rereadOnEvent(subscriber: Subscriber, channel: string, eventKind: string, lookup: RootLookup) {
    let running = false;
    let dirty = false;
    let latestEventId = '';
    const refresh = async (): Promise<void> => {
      if (running) {
        dirty = true;
        return;
      }
      running = true;
      try {
        do {
          dirty = false;
          const result = await this.followUp(subscriber, `${eventKind}:${latestEventId}`, lookup);
          if (result) subscriber.stream.push(result);
        } while (dirty && !subscriber.stream.closed);
      } finally {
        running = false;
      }
    };
    return subscribeEvents(this.pubsub, channel, (event) => {
      if ((event.type !== 'queue.changed' && event.type !== 'canned-responses.changed') || !concernsSubscriber(event, subscriber)) return;
      latestEventId = event.eventId;
      refresh().catch((caught) => this.log.warn({ err: caught, channel }, 'subscription refresh failed'));
    }).then((unsubscribe) => {
      subscriber.stream.onClose(unsubscribe);
      return subscriber.stream;
    });
  }

  /** Each change of a company's conversation, re-read as the subscriber, so they only see what they may. */
  private async conversationChanged(subscriber: Subscriber, companyId: string) {
    await this.requireCompanyMember(subscriber, companyId);
    let queue = Promise.resolve();
    const unsubscribe = await subscribeEvents(this.pubsub, channels.companyConversations(companyId), (event) => {
      if (event.type !== 'conversation.changed' || !concernsSubscriber(event, subscriber)) return;
      queue = queue
        .then(async () => {
          const result = await this.followUp(subscriber, `conversation:${event.eventId}`, {
            field: 'conversation',
            args: [{ name: 'id', type: 'ID!', value: event.conversationId }],
          });
          if (result) subscriber.stream.push(result);
        })
        .catch((caught) => this.log.warn({ err: caught }, 'conversationChanged delivery failed'));
    });
    subscriber.stream.onClose(unsubscribe);
    return subscriber.stream;
  }

  private async requireCompanyMember(subscriber: Subscriber, companyId: string) {
    if (subscriber.identity.kind !== 'operator') throw error('UNAUTHENTICATED', 'Operators only');
    if (!companyAccess(subscriber.identity, companyId)) {
      throw error('FORBIDDEN', 'You are not an operator of this company');
    }
  }

  /** From the payload when it covers the selection, otherwise by a follow-up query. */
  private async resolveEvent(subscriber: Subscriber, typeName: string, eventKey: string, payload: Record<string, unknown>, lookup: RootLookup) {
    const { selection } = subscriber;
    if (payloadCovers(selection, selection.selectionSet, payload, typeName)) {
      return { data: { [subscriber.responseKey]: projectPayload(selection, selection.selectionSet, payload, typeName) } };
    }
    return this.followUp(subscriber, eventKey, lookup);
  }

  /**
   * Runs the client's selection through the gateway as the subscriber. Identical selections of
   * the same viewer for the same event share one execution. Null when the object is not visible.
   */
  private async followUp(subscriber: Subscriber, eventKey: string, lookup: RootLookup): Promise<ExecutionResult | null> {
    const { document, variables } = followUpQuery(subscriber.selection, lookup);
    const key = `${eventKey}|${viewerScope(subscriber.identity)}|${print(subscriber.selection.selectionSet)}|${JSON.stringify(variables)}`;
    let pending = this.shared.get(key);
    if (!pending) {
      pending = this.executeAs(document, variables, subscriber.identity);
      this.shared.set(key, pending);
      setTimeout(() => this.shared.delete(key), SHARED_RESULT_MS).unref();
    }
    const result = await pending;
    const data = result.data?.[ROOT_ALIAS];
    if (data === null || data === undefined) {
      if (result.errors?.length) this.log.debug({ errors: result.errors }, 'follow-up returned errors');
      return null;
    }
    return { data: { [subscriber.responseKey]: data }, ...(result.errors?.length ? { errors: result.errors } : {}) };
  }
}
