import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** Entities owned by the accounts subgraph, referenced here by key only. */

@Directive('@key(fields: "id", resolvable: false)')
@ObjectType('User')
export class UserRef {
  @Field(() => ID) id: string;
}

@Directive('@key(fields: "id", resolvable: false)')
@ObjectType('Group')
export class GroupRef {
  @Field(() => ID) id: string;
}

@Directive('@key(fields: "id", resolvable: false)')
@ObjectType('Campaign')
export class CampaignRef {
  @Field(() => ID) id: string;
}

@Directive('@key(fields: "id", resolvable: false)')
@ObjectType('SuccessCode')
export class SuccessCodeRef {
  @Field(() => ID) id: string;
}
