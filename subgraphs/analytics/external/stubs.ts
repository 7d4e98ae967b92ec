import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** Entities of the accounts and campaigns subgraphs, referenced here by key only. */

@Directive('@key(fields: "id", resolvable: false)')
@ObjectType('User')
export class UserRef {
  @Field(() => ID) id: string;
}

@Directive('@key(fields: "id", resolvable: false)')
@ObjectType('SuccessCode')
export class SuccessCodeRef {
  @Field(() => ID) id: string;
}
