import { Column, Entity, PrimaryColumn } from 'typeorm';

export type RoutingMethodValue = 'RANDOM' | 'LEAST_CHATS' | 'MOST_SPACE' | 'SEQUENTIAL' | 'MOST_CHATS';

/** Where the forwarding level is kept among a campaign's levels. */
export const FORWARDING_POSITION = -1;

/** One routing level of a campaign (seed 004), tried in `position` order; the forwarding level sits at -1. */
@Entity('routing_levels')
export class RoutingLevelEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ name: 'campaign_id', type: 'varchar', length: 36 }) campaignId: string;
  @Column({ type: 'int' }) position: number;
  @Column({ type: 'varchar', length: 100 }) title: string;
  @Column({ type: 'varchar', length: 16 }) method: RoutingMethodValue;
}

/** A user or group of a level, in the level's order (SEQUENTIAL goes round in it). */
@Entity('routing_level_members')
export class RoutingMemberEntity {
  @PrimaryColumn({ name: 'level_id', type: 'varchar', length: 36 }) levelId: string;
  @PrimaryColumn({ name: 'member_kind', type: 'varchar', length: 8 }) memberKind: 'USER' | 'GROUP';
  @PrimaryColumn({ name: 'member_id', type: 'varchar', length: 36 }) memberId: string;
  @Column({ type: 'int' }) position: number;
}
