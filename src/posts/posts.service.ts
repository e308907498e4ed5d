import { Inject, Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { EntityManager } from 'typeorm';
import { type AuthUser, isModerator } from '../auth/auth-user.js';
import { DomainError, forbidden, invalid, notFound, rateLimited } from '../common/domain-error.js';
import { EVENTS, type PostCreatedEvent, type PostPositionTakenEvent, type PostStateChangedEvent, type PostUpdatedEvent, type ReactionChangedEvent } from '../common/events.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.js';
import { type AssessmentInput, CONTENT_ASSESSOR, type ContentAssessor, type PostAssessment } from '../moderation/content-assessment.js';
import { MEMBER_STANDING, type MemberStanding } from '../moderation/member-standing.js';
import { type PostState, REACTION_KINDS, type ReactionKind } from './post.entity.js';
import { canSeePost, mapPost, type PostView } from './posts.dto.js';
import { type NewQuote, PostsRepository, type ThreadForWrite } from './posts.repository.js';
import { renderBody, type RenderedBody } from './rendering/render-body.js';

export interface WritePostInput {
  body: string;
  quotePostIds?: number[];
  /** import: fixed time, marked estimated, attachments from the dump */
  createdAt?: Date;
  createdAtEstimated?: boolean;
  attachments?: string[];
  imported?: boolean;
  /** import: the year of neighbouring posts for datelines without one */
  yearHint?: number;
}

interface PreparedPost {
  source: string;
  rendered: RenderedBody;
  quotes: NewQuote[];
  assessment: PostAssessment;
  assessmentInput: AssessmentInput;
}

// XenForo drops nested quotes when a post is quoted; innermost first until none are left.
function stripQuotes(source: string): string {
  let previous: string;
  let current = source;
  do {
    previous = current;
    current = current.replace(/\[quote(?:=[^\]]*)?\](?:(?!\[quote)[\s\S])*?\[\/quote\]/gi, '');
  } while (current !== previous);
  return current.trim();
}

const quoteAttribute = (name: string) => name.replace(/["[\]]/g, '');
const BBCODE_TAG = /\[\/?(quote|b|i|u|s|url|img|list|code|spoiler)\b/i;

@Injectable()
export class PostsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CONTENT_ASSESSOR) private readonly assessor: ContentAssessor,
    @Inject(MEMBER_STANDING) private readonly standing: MemberStanding,
    private readonly posts: PostsRepository,
    private readonly events: EventEmitter2,
  ) {}

  // ---- reading -------------------------------------------------------------------------------

  async getPost(viewer: AuthUser | null, postId: number): Promise<PostView & { threadSlug: string }> {
    const row = await this.posts.findPost(postId, viewer?.id ?? null);
    // a post its reader may not see answers like a missing one
    if (!row || (!canSeePost(row, viewer) && row.state !== 'deleted' && row.state !== 'hidden')) throw notFound('Post');
    const thread = await this.posts.threadForWrite(row.thread_id);
    return { ...mapPost(row, viewer), threadSlug: thread?.slug ?? '' };
  }

  async revisions(viewer: AuthUser | null, postId: number) {
    const row = await this.posts.findPost(postId, null);
    if (!row || !canSeePost(row, viewer)) throw notFound('Post');
    if (!viewer || (viewer.id !== row.author_id && !isModerator(viewer))) throw forbidden('Only the author and moderators can read the edit history');
    const items = await this.posts.revisions(postId);
    return {
      items: items.map((r) => ({ id: Number(r.id), bodySource: r.body_source, editor: r.editor, reason: r.reason, createdAt: new Date(r.created_at).toISOString() })),
      next: null,
      prev: null,
    };
  }

  /** BBCode to insert into a reply ("quote this post"). */
  async quoteBbcode(viewer: AuthUser | null, postId: number): Promise<{ bbcode: string }> {
    const [post] = await this.posts.quotablePosts([postId]);
    if (!post || !canSeePost({ state: post.state, author_id: post.author_id }, viewer) || post.state !== 'visible') throw notFound('Post');
    return { bbcode: this.quoteOf(post) };
  }

  preview(body: string): { html: string } {
    this.checkBodyLength(body);
    return { html: renderBody(body).html };
  }

  // ---- writing -------------------------------------------------------------------------------

  async reply(user: AuthUser, threadId: number, input: WritePostInput): Promise<PostView> {
    const thread = await this.writableThread(user, threadId);
    await this.checkPostingRate(user, thread);
    const prepared = await this.prepare(user, thread, input);
    // the thread row stays locked until commit, so positions are taken in commit order; the
    // commits themselves may come back out of order, so live events are queued from here
    let taken: PostPositionTakenEvent | null = null;
    const created = await this.posts
      .transaction(async (manager) => {
        const inserted = await this.insertPrepared(manager, user, thread, prepared, input);
        taken = { threadId: thread.id, postId: inserted.id };
        this.events.emit(EVENTS.postPositionTaken, taken);
        return inserted;
      })
      .catch((error: unknown) => {
        if (taken) this.events.emit(EVENTS.postWriteAbandoned, taken);
        throw error;
      });
    this.emitCreated(created.id, thread, user, created.position, prepared, false);
    created.announce?.();
    return this.viewAfterWrite(created.id, user);
  }

  /** The first post of a new thread, inside the thread's own transaction (threads module). */
  async writeFirstPost(manager: EntityManager, user: AuthUser, thread: ThreadForWrite, input: WritePostInput) {
    const prepared = await this.prepare(user, thread, input, undefined, user.id, manager);
    const created = await this.insertPrepared(manager, user, thread, prepared, input);
    return { ...created, prepared, emit: () => (this.emitCreated(created.id, thread, user, created.position, prepared, true), created.announce?.()) };
  }

  /** A reply inside a caller's transaction (the importer writes a whole thread in one). */
  async writeReplyIn(manager: EntityManager, user: AuthUser, thread: ThreadForWrite, input: WritePostInput) {
    const prepared = await this.prepare(user, thread, input, undefined, user.id, manager);
    const created = await this.insertPrepared(manager, user, thread, prepared, input);
    return { ...created, prepared, emit: () => (this.emitCreated(created.id, thread, user, created.position, prepared, false), created.announce?.()) };
  }

  async checkPostingAllowed(user: AuthUser): Promise<void> {
    await this.standing.assertCanPost(user);
  }

  async checkPostingRate(user: AuthUser, thread: ThreadForWrite | null): Promise<void> {
    if (isModerator(user)) return;
    if ((await this.posts.recentPostCount(user.id, 60)) >= this.config.postsPerMinute) {
      throw rateLimited(`You can post at most ${this.config.postsPerMinute} times a minute`, 60);
    }
    if (thread && thread.slow_mode_seconds > 0) {
      const last = await this.posts.lastPostInThreadAt(user.id, thread.id);
      const wait = last ? Math.ceil(thread.slow_mode_seconds - (Date.now() - new Date(last).getTime()) / 1000) : 0;
      if (wait > 0) throw rateLimited(`Slow mode: you can post in this thread again in ${wait} seconds`, wait);
    }
  }

  async edit(user: AuthUser, postId: number, body: string, reason: string | null): Promise<PostView> {
    const row = await this.posts.findPost(postId, null);
    if (!row || !canSeePost(row, user)) throw notFound('Post');
    const moderator = isModerator(user);
    if (!moderator) {
      if (row.author_id !== user.id) throw forbidden('You can only edit your own posts');
      if (row.state === 'deleted') throw notFound('Post');
      const age = (Date.now() - new Date(row.created_at).getTime()) / 1000;
      if (age > this.config.editWindowSeconds) throw forbidden('The time to edit this post has passed');
      await this.standing.assertCanPost(user);
    }
    const thread = await this.posts.threadForWrite(row.thread_id);
    if (!thread) throw notFound('Post');
    if (thread.locked && !moderator) throw forbidden('This thread is locked');
    if (body === row.body_source) return mapPost(row, user);
    const prepared = await this.prepare(user, thread, { body }, Number(row.id), row.author_id);
    const announce = await this.posts.transaction(async (manager) => {
      await this.posts.updateBody(manager, postId, {
        bodySource: prepared.source,
        bodyHtml: prepared.rendered.html,
        bodyText: prepared.rendered.text,
        kind: row.kind_overridden ? null : prepared.assessment.kind,
        analysis: prepared.assessment.analysis,
        editorId: user.id,
        previousSource: row.body_source,
        reason,
      });
      await this.posts.replaceQuotes(manager, postId, prepared.quotes);
      await this.posts.replaceSources(manager, postId, prepared.assessment.sources);
      // screening may hold an edited post back, but never un-hides one
      if (prepared.assessment.state !== 'visible' && row.state === 'visible') {
        await this.changeStateIn(manager, postId, prepared.assessment.state, prepared.assessment.stateReason);
      }
      return this.assessor.record(manager, postId, prepared.assessment, prepared.assessmentInput);
    });
    announce?.();
    this.events.emit(EVENTS.postUpdated, { postId, threadId: row.thread_id, editorId: user.id } satisfies PostUpdatedEvent);
    if (prepared.assessment.state !== 'visible' && row.state === 'visible') this.emitStateChanged(postId, thread, 'visible', prepared.assessment.state, null, prepared.assessment.stateReason);
    return this.viewAfterWrite(postId, user);
  }

  /** A member deletes their own post (soft: it stays as a placeholder in its position). */
  async deleteOwn(user: AuthUser, postId: number): Promise<void> {
    const row = await this.posts.findPost(postId, null);
    if (!row || !canSeePost(row, user) || row.state === 'deleted') throw notFound('Post');
    if (row.author_id !== user.id && !isModerator(user)) throw forbidden('You can only delete your own posts');
    await this.setState(user, postId, 'deleted', row.author_id === user.id ? 'Deleted by its author' : null);
  }

  /** Any state change, with counters kept in step; used by members' deletes and moderation. */
  async setState(actor: AuthUser | null, postId: number, state: PostState, reason: string | null, manager?: EntityManager): Promise<PostState> {
    const run = async (m: EntityManager) => this.changeStateIn(m, postId, state, reason);
    const result = manager ? await run(manager) : await this.posts.transaction(run);
    if (!result) throw notFound('Post');
    if (result.from !== state && !manager) {
      const thread = await this.posts.threadForWrite(result.threadId);
      if (thread) this.emitStateChanged(postId, thread, result.from, state, actor?.id ?? null, reason);
    }
    return result.from;
  }

  emitStateChanged(postId: number, thread: { id: number; forum_id: number }, from: PostState, to: PostState, actorId: number | null, reason: string | null): void {
    this.events.emit(EVENTS.postStateChanged, { postId, threadId: thread.id, forumId: thread.forum_id, from, to, actorId, reason } satisfies PostStateChangedEvent);
  }

  async react(user: AuthUser, postId: number, kind: string | null): Promise<{ reactions: Record<string, number>; myReactions: string[] }> {
    if (kind !== null && !REACTION_KINDS.includes(kind as ReactionKind)) throw invalid(`Reaction must be one of ${REACTION_KINDS.join(', ')}`);
    const row = await this.posts.findPost(postId, null);
    if (!row || row.state !== 'visible') throw notFound('Post');
    if (row.author_id === user.id) throw forbidden('You cannot react to your own post');
    await this.standing.assertCanPost(user);
    const reactions = await this.posts.transaction((m) => this.posts.setReaction(m, postId, user.id, kind as ReactionKind | null));
    this.events.emit(EVENTS.reactionChanged, { postId, threadId: row.thread_id, userId: user.id, postAuthorId: row.author_id, kind, reactions } satisfies ReactionChangedEvent);
    return { reactions, myReactions: kind ? [kind] : [] };
  }

  // ---- internals -----------------------------------------------------------------------------

  private async writableThread(user: AuthUser, threadId: number): Promise<ThreadForWrite> {
    await this.standing.assertCanPost(user);
    const thread = await this.posts.threadForWrite(threadId);
    if (!thread || thread.merged_into_id !== null) throw notFound('Thread');
    if (thread.locked && !isModerator(user)) throw forbidden('This thread is locked');
    return thread;
  }

  private checkBodyLength(body: string): void {
    if (body.trim().length === 0) throw invalid('body must not be empty');
    if (body.length > this.config.maxBodyLength) throw new DomainError('too_large', `body must be at most ${this.config.maxBodyLength} characters`);
  }

  private quoteOf(post: { id: string; author_id: number; username: string; body_source: string }): string {
    return `[QUOTE="${quoteAttribute(post.username)}, post: ${post.id}, member: ${post.author_id}"]\n${stripQuotes(post.body_source)}\n[/QUOTE]\n`;
  }

  private async prepare(user: AuthUser, thread: ThreadForWrite, input: WritePostInput, postId?: number, authorId = user.id, manager?: EntityManager): Promise<PreparedPost> {
    let source = input.body;
    if (input.quotePostIds?.length) {
      const ids = [...new Set(input.quotePostIds)];
      const quoted = await this.posts.quotablePosts(ids);
      const byId = new Map(quoted.map((p) => [Number(p.id), p]));
      const prefix = ids.map((id) => {
        const post = byId.get(id);
        if (!post || post.state !== 'visible') throw invalid(`Post ${id} cannot be quoted`);
        return this.quoteOf(post);
      });
      source = `${prefix.join('')}${source}`;
    }
    this.checkBodyLength(source);
    let rendered = renderBody(source);
    let assessmentInput: AssessmentInput = { source, text: rendered.text, authorId, threadId: thread.id, postId, attachments: input.attachments, imported: input.imported, yearHint: input.yearHint };
    let assessment = await this.assessor.assess(assessmentInput, manager);
    if (assessment.quotesPostId !== null) {
      // the post repeats an earlier one in full, then comments: store it as a quote of that post
      const quoted = await this.flattenedQuote(source, assessment, manager);
      if (quoted) {
        source = quoted;
        rendered = renderBody(source);
        assessmentInput = { ...assessmentInput, source, text: rendered.text };
        const reassessed = await this.assessor.assess(assessmentInput, manager);
        assessment = { ...reassessed, quotesPostId: null, analysis: { ...reassessed.analysis, reconstructedQuoteOf: assessment.analysis.quotes ?? null } };
      }
    }
    if (assessment.censoredSource !== null && assessment.censoredSource !== source) {
      source = assessment.censoredSource;
      rendered = renderBody(source);
    }
    const quotes = await this.resolveQuotes(user, rendered, manager);
    return { source, rendered, quotes, assessment, assessmentInput };
  }

  /**
   * Rewrites "earlier post's text, then a comment" as [QUOTE]earlier text[/QUOTE] + comment, when
   * the body is plain text that starts with the quoted post's words (the flattened quotes of a dump).
   */
  private async flattenedQuote(source: string, assessment: PostAssessment, manager?: EntityManager): Promise<string | null> {
    const [quoted] = await this.posts.quotablePosts([assessment.quotesPostId!], manager);
    if (!quoted || BBCODE_TAG.test(source)) return null;
    const quotedWords = quoted.body_text.split(/\s+/).filter(Boolean);
    // find where the quoted words end in this text, tolerant of whitespace differences
    let index = 0;
    let matched = 0;
    const pattern = /\S+/g;
    let match: RegExpExecArray | null;
    while (matched < quotedWords.length && (match = pattern.exec(source))) {
      if (match[0] !== quotedWords[matched]) return null;
      matched++;
      index = match.index + match[0].length;
    }
    const comment = source.slice(index).trim();
    if (matched < quotedWords.length || !comment) return null;
    return `[QUOTE="${quoteAttribute(quoted.username)}, post: ${quoted.id}, member: ${quoted.author_id}"]\n${source.slice(0, index).trim()}\n[/QUOTE]\n${comment}`;
  }

  /** Quote rows from the body's [QUOTE] tags; a link is kept only to a post the member may see. */
  private async resolveQuotes(user: AuthUser, rendered: RenderedBody, manager?: EntityManager): Promise<NewQuote[]> {
    const ids = rendered.quotes.map((q) => q.postId).filter((id): id is number => id !== null);
    const found = new Map((await this.posts.quotablePosts(ids, manager)).map((p) => [Number(p.id), p]));
    return rendered.quotes.map((q) => {
      const post = q.postId === null ? undefined : found.get(q.postId);
      const linkable = post && canSeePost({ state: post.state, author_id: post.author_id }, user);
      return { quotedPostId: linkable ? Number(post.id) : null, quotedAuthorName: linkable ? post.username : q.name, excerpt: q.excerpt };
    });
  }

  private async insertPrepared(manager: EntityManager, user: AuthUser, thread: ThreadForWrite, prepared: PreparedPost, input: WritePostInput) {
    const { assessment, rendered } = prepared;
    const created = await this.posts.insertPost(
      manager,
      {
        threadId: thread.id,
        authorId: user.id,
        bodySource: prepared.source,
        bodyHtml: rendered.html,
        bodyText: rendered.text,
        state: assessment.state,
        stateReason: assessment.stateReason,
        kind: assessment.kind,
        analysis: assessment.analysis,
        createdAt: input.createdAt,
        createdAtEstimated: input.createdAtEstimated,
      },
      // replying makes the author watch the thread, and they have read up to their own post
      { quotes: prepared.quotes, sources: assessment.sources, attachments: input.attachments ?? [], watchAndRead: !input.imported },
    );
    const announce = await this.assessor.record(manager, created.id, assessment, prepared.assessmentInput);
    return { ...created, announce };
  }

  private async changeStateIn(manager: EntityManager, postId: number, state: PostState, reason: string | null) {
    const result = await this.posts.setState(manager, postId, state, reason);
    if (!result || result.from === state) return result;
    const post = { id: postId, threadId: result.threadId, authorId: result.authorId, createdAt: result.createdAt };
    if (result.from === 'visible') await this.posts.countVisiblePost(manager, post, -1);
    if (state === 'visible') await this.posts.countVisiblePost(manager, post, 1);
    return result;
  }

  private emitCreated(postId: number, thread: ThreadForWrite, user: AuthUser, position: number, prepared: PreparedPost, isFirstPost: boolean): void {
    this.events.emit(EVENTS.postCreated, {
      postId,
      threadId: thread.id,
      forumId: thread.forum_id,
      position,
      authorId: user.id,
      state: prepared.assessment.state,
      mentions: prepared.rendered.mentions,
      quotedPostIds: prepared.quotes.map((q) => q.quotedPostId).filter((id): id is number => id !== null),
      isFirstPost,
    } satisfies PostCreatedEvent);
  }

  private async viewAfterWrite(postId: number, user: AuthUser): Promise<PostView> {
    const row = await this.posts.findPost(postId, user.id);
    if (!row) throw notFound('Post');
    return mapPost(row, user);
  }
}
