import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** Entities owned by the accounts subgraph, referenced here by key only. */

@Directive('@key(fields: "id", resolvable: false)')
@ObjectType('User')
export class UserRef {
  @Field(() => ID) id: string;
  /**
   * Owned by accounts, provided here only where a list names its rows' operators (a conversation's
   * and a message's `operator`): the gateway then reads it with the list, in the same subgraph
   * call, instead of a second call to accounts for every page (external/user.resolver.ts).
   */
  @Directive('@external')
  @Field({ description: 'Name shown to visitors; defaults to name' })
  displayName?: string;
}

/** What a field that names an operator puts in its `@provides`. */
export const PROVIDES_OPERATOR_NAME = '@provides(fields: "displayName")';

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
