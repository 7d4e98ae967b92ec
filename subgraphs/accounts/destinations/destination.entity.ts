import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A language the company answers in (seed 001: "Add supported languages"). */
@Entity('company_languages')
export class LanguageEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ name: 'company_id', type: 'varchar', length: 36 }) companyId: string;
  /** A lower-case BCP 47 tag: "en", "uk", "pt-br". */
  @Column({ type: 'varchar', length: 16 }) code: string;
  @Column({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt: Date;
}

/** A topic visitors choose; category support is on while the company has at least one. */
@Entity('company_categories')
export class CategoryEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ name: 'company_id', type: 'varchar', length: 36 }) companyId: string;
  @Column({ type: 'varchar', length: 100 }) name: string;
  @Column({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt: Date;
}

/** What an operator serves: a language, and a category while categories are on. */
@Entity('operator_destinations')
export class DestinationEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ name: 'company_id', type: 'varchar', length: 36 }) companyId: string;
  @Column({ name: 'user_id', type: 'varchar', length: 36 }) userId: string;
  @Column({ name: 'language_id', type: 'varchar', length: 36 }) languageId: string;
  @Column({ name: 'category_id', type: 'varchar', length: 36, nullable: true }) categoryId: string | null;
}
