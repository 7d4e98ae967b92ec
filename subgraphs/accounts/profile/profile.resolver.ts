import { Parent } from '../../../kernel/parent';
import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver } from 'type-graphql';
import { AccountsContext, operator } from '../context';
import { toUser } from '../mappers';
import { ProfileInput, User } from '../types';
import { generatePassword } from './profile.service';

@Resolver(() => User)
export class ProfileResolver {
  @Query(() => String, { description: 'A strong random password for the "Generate" button (seed 004); nothing is stored' })
  generatePassword(): string {
    return generatePassword();
  }

  @Mutation(() => User, { description: 'Edits the viewer\'s own profile: names, nickname, language, "view profile photo"' })
  async updateProfile(@Arg('input', () => ProfileInput) input: ProfileInput, @Ctx() ctx: AccountsContext): Promise<User> {
    return toUser(await ctx.services.profiles.updateOwn(operator(ctx), input));
  }

  @Mutation(() => User, {
    description: "Sets the viewer's avatar: a JPEG or PNG of at most 5 MB, base64-encoded (a data: URL prefix is accepted). The content is checked, not the name.",
  })
  async setAvatar(@Arg('imageBase64') imageBase64: string, @Ctx() ctx: AccountsContext): Promise<User> {
    return toUser(await ctx.services.profiles.setAvatar(operator(ctx), imageBase64));
  }

  @Mutation(() => User, { description: "Removes the viewer's avatar" })
  async removeAvatar(@Ctx() ctx: AccountsContext): Promise<User> {
    return toUser(await ctx.services.profiles.removeAvatar(operator(ctx)));
  }

  @Mutation(() => User, {
    description: 'Restricts where the viewer may sign in and work from: IPv4/IPv6 addresses or CIDR subnets, one per line; empty for anywhere. Must include the address in use.',
  })
  async setMyIpAllowlist(@Arg('ipAllowlist') ipAllowlist: string, @Ctx() ctx: AccountsContext): Promise<User> {
    return toUser(await ctx.services.profiles.setOwnIpAllowlist(operator(ctx), ipAllowlist));
  }

  @FieldResolver(() => String, { nullable: true, description: 'Where the avatar image is served; null without one or while "view profile photo" is off' })
  async avatarUrl(@Parent() user: User, @Ctx() ctx: AccountsContext): Promise<string | null> {
    if (!user.showProfilePhoto) return null;
    const [stamp] = await ctx.loaders.avatarStampByUser.load(user.id);
    return stamp ? `${ctx.publicUrl}/avatars/${user.id}?v=${stamp.updatedAt.getTime()}` : null;
  }

  @FieldResolver(() => String, { nullable: true, description: 'IP allowlist, one entry per line; null for anywhere. Readable by the user and their super-admins.' })
  async ipAllowlist(@Parent() user: User, @Ctx() ctx: AccountsContext): Promise<string | null> {
    const memberships = await ctx.loaders.activeMembershipsByUser.load(user.id);
    ctx.services.profiles.assertMayReadSecurity(
      operator(ctx),
      user.id,
      memberships.map((m) => m.companyId),
    );
    return (await ctx.loaders.userById.load(user.id))?.ipAllowlist ?? null;
  }
}
