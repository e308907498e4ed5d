import { useMemo } from 'react';
import type { Post } from '../types';

/**
 * The server sanitizes post HTML; here we only mark quotes of removed posts so readers know why a
 * quoted text has no live source. Parsed in an inert <template>, so nothing runs.
 */
function markRemovedQuotes(html: string, post: Post): string {
  const removed = new Set((post.quotes ?? []).filter((q) => q.removed && q.postId !== null).map((q) => String(q.postId)));
  if (removed.size === 0 && !(post.quotes ?? []).some((q) => q.removed)) return html;
  const template = document.createElement('template');
  template.innerHTML = html;
  const quotes = template.content.querySelectorAll<HTMLElement>('blockquote.bbcode-quote');
  let index = 0;
  for (const quote of quotes) {
    const ref = quote.dataset.postId;
    // a removed quote may have lost its post id; fall back to its order among the post's quotes
    const byOrder = post.quotes?.[index];
    const isRemoved = ref ? removed.has(ref) : Boolean(byOrder?.removed);
    index += 1;
    if (!isRemoved) continue;
    quote.classList.add('quote-removed');
    const note = document.createElement('p');
    note.className = 'quote-removed-note';
    note.textContent = 'This quote is from a removed post.';
    quote.prepend(note);
  }
  return template.innerHTML;
}

export function PostHtml({ html, post, className = 'post-body' }: { html: string; post: Post; className?: string }) {
  const marked = useMemo(() => markRemovedQuotes(html, post), [html, post]);
  return <div className={className} dangerouslySetInnerHTML={{ __html: marked }} />;
}

const PLACEHOLDER: Record<string, string> = {
  hidden: 'This post is hidden.',
  pending: 'This post is awaiting approval.',
  deleted: 'This post was deleted.',
};

export function PostContent({ post }: { post: Post }) {
  if (post.html === null) {
    return <p className="post-placeholder">{PLACEHOLDER[post.state] ?? 'This post is not available.'}</p>;
  }
  if (post.parts) {
    return (
      <>
        <PostHtml html={post.parts.articleHtml} post={post} />
        <section className="member-comment" aria-label="Member's comment">
          <h3 className="member-comment-heading">Member's comment</h3>
          <PostHtml html={post.parts.commentHtml} post={post} />
        </section>
      </>
    );
  }
  return <PostHtml html={post.html} post={post} />;
}
