import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A signed-in device. The bearer token is random; only its hash is stored, so a leak of the table signs nobody in. */
@Entity('sessions')
export class SessionEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ name: 'user_id', type: 'varchar', length: 36 }) userId: string;
  @Column({ name: 'token_hash', type: 'varchar', length: 64 }) tokenHash: string;
  @Column({ type: 'varchar', length: 64, nullable: true }) ip: string | null;
  @Column({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt: Date;
  @Column({ name: 'revoked_at', type: 'datetime', precision: 3, nullable: true }) revokedAt: Date | null;
}

/** Sessions end after this long even when never revoked. */
export const SESSION_LIFETIME_MS = 30 * 24 * 3600 * 1000;
