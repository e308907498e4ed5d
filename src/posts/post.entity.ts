import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

export const POST_STATES = ['visible', 'pending', 'hidden', 'deleted'] as const;
export type PostState = (typeof POST_STATES)[number];
export const POST_KINDS = ['news', 'opinion', 'mixed'] as const;
export type PostKind = (typeof POST_KINDS)[number];
export const REACTION_KINDS = ['like', 'love', 'haha', 'wow', 'sad', 'angry', 'thanks'] as const;
export type ReactionKind = (typeof REACTION_KINDS)[number];

// bigint ids arrive from pg as strings; the API speaks numbers (safe far past any forum's size)

@Entity('posts')
export class Post {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column('integer')
  threadId: number;

  @Column('integer')
  position: number;

  @Column('integer')
  authorId: number;

  @Column('text')
  bodySource: string;

  @Column('text')
  bodyHtml: string;

  @Column('text')
  bodyText: string;

  @Column('text', { default: 'visible' })
  state: PostState;

  @Column('text', { nullable: true })
  stateReason: string | null;

  @Column('text', { default: 'opinion' })
  kind: PostKind;

  @Column('boolean', { default: false })
  kindOverridden: boolean;

  @Column('jsonb', { nullable: true })
  analysis: Record<string, unknown> | null;

  @Column('jsonb', { default: {} })
  reactionCounts: Record<string, number>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column('boolean', { default: false })
  createdAtEstimated: boolean;

  @Column('timestamptz', { nullable: true })
  editedAt: Date | null;

  @Column('integer', { nullable: true })
  editedById: number | null;
}

@Entity('post_revisions')
export class PostRevision {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column('bigint')
  postId: string;

  @Column('text')
  bodySource: string;

  @Column('integer')
  editorId: number;

  @Column('text', { nullable: true })
  reason: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

@Entity('post_quotes')
export class PostQuote {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column('bigint')
  postId: string;

  @Column('bigint', { nullable: true })
  quotedPostId: string | null;

  @Column('text', { nullable: true })
  quotedAuthorName: string | null;

  @Column('text')
  excerpt: string;

  @Column('smallint', { default: 0 })
  ordinal: number;
}

@Entity('post_reactions')
export class PostReaction {
  @PrimaryColumn('bigint')
  postId: string;

  @PrimaryColumn('integer')
  userId: number;

  @Column('text')
  kind: ReactionKind;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

@Entity('post_sources')
export class PostSource {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column('bigint')
  postId: string;

  @Column('text', { nullable: true })
  url: string | null;

  @Column('text', { nullable: true })
  outlet: string | null;
}

@Entity('post_attachments')
export class PostAttachment {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column('bigint')
  postId: string;

  @Column('text')
  filename: string;

  @Column('boolean', { default: false })
  available: boolean;
}
