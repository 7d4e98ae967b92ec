import { Ctx, Field, Int, ObjectType, Query, Resolver } from 'type-graphql';
import type { AccountsContext } from '../context';

@ObjectType('CaptchaChallenge', {
  description:
    'A proof-of-work challenge for register: find a counter such that sha256("<challenge>:<counter>") starts with `difficulty` zero bits, then send "<challenge>:<counter>" as RegisterInput.captcha',
})
export class CaptchaChallenge {
  @Field({ description: 'Opaque, signed by the server' }) challenge: string;
  @Field(() => Int, { description: 'Leading zero bits required; 0 when the server has the check switched off' }) difficulty: number;
  @Field({ description: 'The challenge must be solved and used before this instant' }) expiresAt: Date;
  @Field({ description: 'Always "sha256"' }) algorithm: string;
  @Field({ description: 'Whether register requires a solved challenge' }) required: boolean;
}

@Resolver(() => CaptchaChallenge)
export class CaptchaResolver {
  @Query(() => CaptchaChallenge, { description: 'Public. A fresh anti-robot challenge for registration' })
  captchaChallenge(@Ctx() ctx: AccountsContext): CaptchaChallenge {
    return { ...ctx.services.auth.captchaChallenge(), algorithm: 'sha256' };
  }
}
