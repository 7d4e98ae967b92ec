import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('operator_groups')
export class GroupEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ name: 'company_id', type: 'varchar', length: 36 }) companyId: string;
  @Column({ type: 'varchar', length: 100 }) name: string;
  @Column({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt: Date;
}

@Entity('group_members')
export class GroupMemberEntity {
  @PrimaryColumn({ name: 'group_id', type: 'varchar', length: 36 }) groupId: string;
  @PrimaryColumn({ name: 'user_id', type: 'varchar', length: 36 }) userId: string;
}
