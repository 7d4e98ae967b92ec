import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('users')
export class UserEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ type: 'varchar', length: 254 }) email: string;
  @Column({ type: 'varchar', length: 100 }) name: string;
  @Column({ name: 'display_name', type: 'varchar', length: 100, nullable: true }) displayName: string | null;
  @Column({ type: 'varchar', length: 32 }) phone: string;
  @Column({ name: 'password_hash', type: 'varchar', length: 200, nullable: true }) passwordHash: string | null;
  @Column({ name: 'email_verified_at', type: 'datetime', precision: 3, nullable: true }) emailVerifiedAt: Date | null;
  @Column({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt: Date;
  /** Short name for canned-response lookup by `\nick` (seed 001). */
  @Column({ type: 'varchar', length: 50, nullable: true }) nickname: string | null;
  @Column({ type: 'varchar', length: 16, nullable: true }) language: string | null;
  /** "View profile photo": when off, visitors do not see the avatar (seed 004). */
  @Column({ name: 'show_photo', type: 'boolean', default: true }) showPhoto: boolean;
  /** Normalised addresses and CIDR subnets, one per line; null lets every address in. */
  @Column({ name: 'ip_allowlist', type: 'text', nullable: true }) ipAllowlist: string | null;
}

/** The name visitors and colleagues see: the display name, else the name. */
export const shownName = (user: Pick<UserEntity, 'name' | 'displayName'>): string => user.displayName ?? user.name;

/** Avatars live in the database so that every process serves them without shared storage. */
@Entity('user_avatars')
export class UserAvatarEntity {
  @PrimaryColumn({ name: 'user_id', type: 'varchar', length: 36 }) userId: string;
  @Column({ name: 'content_type', type: 'varchar', length: 16 }) contentType: string;
  @Column({ type: 'blob' }) data: Buffer;
  @Column({ name: 'updated_at', type: 'datetime', precision: 3 }) updatedAt: Date;
}

export type OneTimeTokenPurpose = 'verify' | 'reset';

/** Links in mails: only the hash is stored; each is single-use and expires. */
@Entity('one_time_tokens')
export class OneTimeTokenEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ name: 'user_id', type: 'varchar', length: 36 }) userId: string;
  @Column({ type: 'varchar', length: 16 }) purpose: OneTimeTokenPurpose;
  @Column({ name: 'token_hash', type: 'varchar', length: 64 }) tokenHash: string;
  @Column({ name: 'expires_at', type: 'datetime', precision: 3 }) expiresAt: Date;
  @Column({ name: 'used_at', type: 'datetime', precision: 3, nullable: true }) usedAt: Date | null;
  @Column({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt: Date;
}
