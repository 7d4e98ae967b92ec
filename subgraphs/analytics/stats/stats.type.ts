import { Field, Float, ID, Int, ObjectType } from 'type-graphql';

@ObjectType('DailyConversations', { description: 'Conversations opened on one day (UTC)' })
export class DailyConversations {
  @Field({ description: 'YYYY-MM-DD' }) date: string;
  @Field(() => Int) conversations: number;
}

@ObjectType('CompanyStats', { description: 'Conversation statistics of a company over a period, from the access log' })
export class CompanyStats {
  @Field(() => ID) companyId: string;
  @Field() from: Date;
  @Field() to: Date;
  @Field(() => Int, { description: 'Conversations opened in the period' }) totalConversations: number;
  @Field(() => [DailyConversations], { description: 'One entry per day of the period, days without conversations included' }) days: DailyConversations[];
  @Field(() => Int, { description: 'Conversations opened in the period that an operator has answered' }) answeredConversations: number;
  @Field(() => Float, { nullable: true, description: 'Mean seconds from opening to the first operator reply, over answered conversations; null when none' })
  averageFirstResponseSeconds: number | null;
}
