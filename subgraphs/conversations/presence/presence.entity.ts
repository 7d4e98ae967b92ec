import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Whether an operator is online for a company: the widget shows itself only when someone is. An
 * operator is present (routable, counted as logged in) while `online` says so **and** their app
 * holds a connection: `connectedUntil` is renewed while they have an open WebSocket to a gateway
 * (gateway/connections.ts), so a closed laptop drops out within a lease.
 */
@Entity('operator_presence')
export class OperatorPresenceEntity {
  @PrimaryColumn({ name: 'user_id', type: 'varchar', length: 36 }) userId: string;
  @PrimaryColumn({ name: 'company_id', type: 'varchar', length: 36 }) companyId: string;
  @Column({ type: 'boolean', default: false }) online: boolean;
  @Column({ name: 'updated_at', type: 'datetime', precision: 3 }) updatedAt: Date;
  /** When routing last gave this operator a chat (LEAST_CHATS' tie-break: longest ago first). */
  @Column({ name: 'last_routed_at', type: 'datetime', precision: 3, nullable: true }) lastRoutedAt: Date | null;
  @Column({ name: 'connected_until', type: 'datetime', precision: 3, nullable: true }) connectedUntil: Date | null;
}

/** The one rule of presence: online, and connected now. */
export const isPresent = (row: Pick<OperatorPresenceEntity, 'online' | 'connectedUntil'>, now = new Date()): boolean =>
  row.online && !!row.connectedUntil && row.connectedUntil > now;

/** The same rule as SQL on the table under `alias`, for statements built once, with `online: true` and `now` bound (present-operators.ts). */
export const presentSql = (alias: string) => `${alias}.online = :online AND ${alias}.connected_until > :now`;

/** Each change of an operator's online status in a company, for the AGENT_ACTIVITY and AGENT_PERFORMANCE reports. */
@Entity('operator_status_changes')
export class OperatorStatusChangeEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ name: 'company_id', type: 'varchar', length: 36 }) companyId: string;
  @Column({ name: 'user_id', type: 'varchar', length: 36 }) userId: string;
  @Column({ type: 'boolean' }) online: boolean;
  @Column({ type: 'datetime', precision: 3 }) at: Date;
}
