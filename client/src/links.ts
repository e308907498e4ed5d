import { useEffect } from 'react';
import type { NavigateFunction } from 'react-router';
import { get } from './api';
import { threadPath } from './format';

interface PostLocation {
  id: number;
  threadId: number;
  threadSlug?: string;
  position: number;
  thread?: { slug?: string };
}

/** Where /p/:id lives now: /t/<slug>/<threadId>/<position>. */
export async function resolvePostPath(postId: string | number): Promise<string> {
  const found = await get<PostLocation>(`/api/posts/${postId}`);
  return threadPath(found.threadSlug ?? found.thread?.slug, found.threadId, found.position);
}

/**
 * Same-origin links inside rendered posts and snippets go through the router; /p/:id links are
 * resolved through the API first (a plain load would work too: the server redirects).
 */
export function usePostLinks(navigate: NavigateFunction): void {
  useEffect(() => {
    const onClick = (event: MouseEvent) => {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const anchor = (event.target as Element | null)?.closest?.('a[href]');
      if (!(anchor instanceof HTMLAnchorElement) || anchor.target === '_blank' || anchor.hasAttribute('download')) return;
      const href = anchor.getAttribute('href') ?? '';
      const postMatch = /^\/p\/(\d+)\/?(?:[?#].*)?$/.exec(href);
      if (postMatch) {
        event.preventDefault();
        resolvePostPath(postMatch[1]!)
          .then((path) => navigate(path))
          .catch(() => window.location.assign(href));
        return;
      }
      // only links the server wrote into post bodies; the app's own links already use <Link>
      if (!anchor.closest('.post-body, .snippet')) return;
      if (href.startsWith('/') && !href.startsWith('//') && !href.endsWith('.atom') && !href.startsWith('/api/')) {
        event.preventDefault();
        navigate(href);
      }
    };
    document.addEventListener('click', onClick);
    return () => document.removeEventListener('click', onClick);
  }, [navigate]);
}
