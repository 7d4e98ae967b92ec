import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A success code of a campaign (seed 004, Goals): the topic an operator gives a conversation (Sales, Support...). */
@Entity('success_codes')
export class SuccessCodeEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ name: 'campaign_id', type: 'varchar', length: 36 }) campaignId: string;
  @Column({ type: 'varchar', length: 50 }) name: string;
  @Column({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt: Date;
}
