import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('forums')
export class Forum {
  @PrimaryGeneratedColumn()
  id: number;

  @Column('text')
  slug: string;

  @Column('text')
  title: string;

  @Column('text', { default: '' })
  description: string;

  @Column('integer', { default: 0 })
  position: number;

  @Column('integer', { default: 0 })
  threadCount: number;

  @Column('integer', { default: 0 })
  postCount: number;

  @Column('timestamptz', { nullable: true })
  lastPostAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
