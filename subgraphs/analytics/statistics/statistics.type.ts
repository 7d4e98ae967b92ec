import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { SuccessCodeRef, UserRef } from '../external/stubs';

/** The conversations subgraph's statuses, for the filter (the same enum in the composed graph). */
export enum ConversationStatus {
  UNASSIGNED = 'UNASSIGNED',
  ASSIGNED = 'ASSIGNED',
  CLOSED = 'CLOSED',
}
registerEnumType(ConversationStatus, { name: 'ConversationStatus' });

@ObjectType('DayCount', { description: 'Conversations opened on one local day' })
export class DayCount {
  @Field({ description: "YYYY-MM-DD in the company's time zone" }) day: string;
  @Field(() => Int) count: number;
}

@ObjectType('HourCount', { description: 'Conversations opened in one local hour of the day, over the whole period' })
export class HourCount {
  @Field(() => Int, { description: "0-23 in the company's time zone" }) hour: number;
  @Field(() => Int) count: number;
}

@ObjectType('OperatorCount', { description: 'Conversations whose responsible operator is this one (the last assigned)' })
export class OperatorCount {
  @Field(() => UserRef) operator: UserRef;
  @Field(() => Int) count: number;
}

@ObjectType('SuccessCodeShare', { description: 'Conversations of the period that have this success code' })
export class SuccessCodeShare {
  @Field(() => SuccessCodeRef) successCode: SuccessCodeRef;
  @Field(() => Int) count: number;
  @Field(() => Float, { description: '0-1 of the conversations in the period' }) share: number;
}

@ObjectType('Satisfaction', { description: "The visitors' ratings of the period's conversations" })
export class Satisfaction {
  @Field(() => Int) ratings: number;
  @Field(() => Float, { nullable: true, description: '0-1: ratings in the upper half of their scale; null without ratings' }) positiveShare: number | null;
}

@ObjectType('Statistics', { description: "A company's conversations opened in a period, counted in its time zone (seed 004's Statistics)" })
export class Statistics {
  @Field(() => Int, { description: 'Conversations opened in [from, to)' }) total: number;
  @Field(() => [DayCount], { description: 'Every local day the period touches, days without conversations included' }) chatsPerDay: DayCount[];
  @Field(() => [HourCount], { description: 'The 24 local hours of the day, each summed over the period' }) chatsPerHour: HourCount[];
  @Field(() => [OperatorCount], { description: 'Operators by conversations, most first; conversations nobody took are left out' }) chatsPerOperator: OperatorCount[];
  @Field(() => Satisfaction) satisfaction: Satisfaction;
  @Field(() => Float, { nullable: true, description: '0-1: opened after the visitor accepted a greeting; null without conversations' }) proactiveShare: number | null;
  @Field(() => Float, { nullable: true, description: 'Mean seconds from opening to close, over the closed ones' }) averageDurationSeconds: number | null;
  @Field(() => Float, { nullable: true, description: 'Mean seconds from opening to the first operator message, over the answered ones' }) averageFirstResponseSeconds:
    | number
    | null;
  @Field(() => [SuccessCodeShare], { description: "Each success code's conversations, most first (with a successCodeId filter: that code only)" }) successCodes: SuccessCodeShare[];
  @Field(() => Float, {
    nullable: true,
    description:
      '0-1: service-level compliance, of conversations whose campaign sets a first-response level, those answered within it (closed unanswered ones count as missed); null when none is measured',
  })
  serviceLevelCompliance: number | null;
}

@InputType('StatisticsFilter', { description: 'Like the Chats section: each given field narrows the conversations counted' })
export class StatisticsFilter {
  @Field(() => ID, { nullable: true, description: 'The responsible operator' }) operatorId?: string | null;
  @Field(() => ID, { nullable: true }) campaignId?: string | null;
  @Field(() => ID, { nullable: true }) successCodeId?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'true: opened after a greeting; false: the visitor wrote first' }) proactive?: boolean | null;
  @Field(() => ConversationStatus, { nullable: true, description: 'The status now' }) status?: ConversationStatus | null;
}
