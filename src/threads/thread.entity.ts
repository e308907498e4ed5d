import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('threads')
export class Thread {
  @PrimaryGeneratedColumn()
  id: number;

  @Column('integer')
  forumId: number;

  @Column('text')
  slug: string;

  @Column('text')
  title: string;

  @Column('integer')
  authorId: number;

  @Column('boolean', { default: false })
  pinned: boolean;

  @Column('boolean', { default: false })
  locked: boolean;

  /** positions handed out so far */
  @Column('integer', { default: 0 })
  lastPosition: number;

  @Column('integer', { default: 0 })
  postCount: number;

  @Column('integer', { default: 0 })
  replyCount: number;

  @Column('timestamptz')
  lastPostAt: Date;

  @Column('bigint', { nullable: true })
  lastPostId: string | null;

  @Column('integer', { nullable: true })
  lastPostUserId: number | null;

  @Column('bigint', { default: 0 })
  viewCount: string;

  @Column('integer', { default: 0 })
  slowModeSeconds: number;

  @Column('integer', { nullable: true })
  mergedIntoId: number | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

@Entity('thread_reads')
export class ThreadRead {
  @Column('integer', { primary: true })
  userId: number;

  @Column('integer', { primary: true })
  threadId: number;

  @Column('integer', { default: 0 })
  lastReadPosition: number;

  @Column('boolean', { default: false })
  watching: boolean;

  @Column('timestamptz')
  updatedAt: Date;
}
