import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsInt, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import { type AuthUser, isModerator } from '../auth/auth-user.js';
import type { PostKind, PostState } from './post.entity.js';
import type { PostRow } from './posts.repository.js';

export class CreatePostDto {
  @ApiProperty({ description: 'BBCode (XenForo subset)' })
  @IsString()
  @MaxLength(1_000_000)
  body: string;

  @ApiPropertyOptional({ type: [Number], description: 'posts to quote at the top of the reply (multi-quote)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsInt({ each: true })
  @Min(1, { each: true })
  quotePostIds?: number[];
}

export class EditPostDto {
  @ApiProperty()
  @IsString()
  @MaxLength(1_000_000)
  body: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class PreviewDto {
  @ApiProperty()
  @IsString()
  @MaxLength(1_000_000)
  body: string;
}

export interface QuoteView {
  postId: number | null;
  threadId: number | null;
  position: number | null;
  author: string | null;
  excerpt: string;
  /** the quoted post was hidden or deleted since: the excerpt stays, marked */
  removed: boolean;
}

export interface PostView {
  id: number;
  threadId: number;
  position: number;
  author: { id: number; username: string; isPlaceholder: boolean } | null;
  createdAt: string;
  createdAtEstimated: boolean;
  editedAt: string | null;
  state: PostState;
  stateReason?: string | null;
  kind: PostKind | null;
  bodySource: string | null;
  html: string | null;
  analysis?: Record<string, unknown> | null;
  sources: { url: string | null; outlet: string | null }[];
  quotes: QuoteView[];
  attachments: { filename: string; available: boolean; label: string }[];
  reactions: Record<string, number>;
  myReactions: string[];
}

/** Who may read a post's content: everyone when visible; its author unless deleted; moderators always. */
export function canSeePost(post: { state: PostState; author_id: number }, viewer: AuthUser | null): boolean {
  if (post.state === 'visible') return true;
  if (isModerator(viewer)) return true;
  return post.state !== 'deleted' && viewer?.id === post.author_id;
}

/** The one mapper from a post row to the API: it knows who is asking and never leaks a hidden post. */
export function mapPost(row: PostRow, viewer: AuthUser | null): PostView {
  const base = { id: Number(row.id), threadId: row.thread_id, position: row.position, createdAt: new Date(row.created_at).toISOString() };
  if (!canSeePost(row, viewer)) {
    return {
      ...base,
      author: null,
      createdAtEstimated: row.created_at_estimated,
      editedAt: null,
      state: row.state,
      kind: null,
      bodySource: null,
      html: null,
      sources: [],
      quotes: [],
      attachments: [],
      reactions: {},
      myReactions: [],
    };
  }
  const showReason = row.state !== 'visible';
  return {
    ...base,
    author: { id: row.author_id, username: row.author_username, isPlaceholder: row.author_is_placeholder },
    createdAtEstimated: row.created_at_estimated,
    editedAt: row.edited_at ? new Date(row.edited_at).toISOString() : null,
    state: row.state,
    ...(showReason ? { stateReason: row.state_reason } : {}),
    kind: row.kind,
    bodySource: row.body_source,
    html: row.body_html,
    analysis: row.analysis,
    sources: row.sources,
    quotes: row.quotes.map((q) => ({
      postId: q.quoted_post_id === null ? null : Number(q.quoted_post_id),
      threadId: q.thread_id,
      position: q.position,
      author: q.author,
      excerpt: q.excerpt,
      removed: q.quoted_post_id === null ? false : q.state !== 'visible',
    })),
    attachments: row.attachments.map((a) => ({ ...a, label: a.available ? a.filename : `image not included in the archive: ${a.filename}` })),
    reactions: row.reaction_counts,
    myReactions: row.my_reaction ? [row.my_reaction] : [],
  };
}
