// Wire shapes from shared/API.md. Fields marked optional are ones the contract leaves open or
// that only some responses carry; the UI degrades when they are missing.

export type Role = 'member' | 'moderator' | 'admin';

export interface UserRef {
  id: number;
  username: string;
  isPlaceholder?: boolean;
}

export interface Sanction {
  kind?: string;
  type?: string;
  reason?: string;
  until?: string | null;
}

export interface PublicUser {
  id: number;
  username: string;
  role: Role;
  isPlaceholder: boolean;
  postCount: number;
  createdAt: string;
  sanctions?: Sanction[];
}

export interface Page<T, C = string> {
  items: T[];
  next: C | null;
  prev?: C | null;
}

/** A member reference as lists send it: a name, or an object with one. */
export type NameRef = string | { id?: number; username: string } | null | undefined;

export interface LastPost {
  at: string;
  by?: NameRef;
  threadId?: number;
  threadSlug?: string;
  threadTitle?: string;
  position?: number;
  postId?: number;
}

export interface Forum {
  id: number;
  slug: string;
  title: string;
  description: string;
  threadCount: number;
  postCount: number;
  lastPost?: LastPost | null;
  lastPostAt?: string | null;
}

export interface ThreadSummary {
  id: number;
  slug: string;
  title: string;
  author?: UserRef | null;
  createdAt?: string;
  pinned: boolean;
  locked: boolean;
  postCount: number;
  replyCount?: number;
  viewCount?: number;
  lastPost?: LastPost | null;
  lastPostAt?: string;
  lastPostBy?: string | null;
  lastReadPosition?: number | null;
  unread?: boolean;
  forumSlug?: string;
}

export interface Thread extends ThreadSummary {
  forum?: { id?: number; slug: string; title: string } | null;
  firstUnreadPosition?: number | null;
  lastPosition?: number;
  watching?: boolean;
  slowModeSeconds?: number;
}

export type PostState = 'visible' | 'pending' | 'hidden' | 'deleted';
export type PostKind = 'news' | 'opinion' | 'mixed';

export interface QuoteRef {
  postId: number | null;
  threadId?: number | null;
  position?: number | null;
  author?: NameRef;
  excerpt?: string;
  removed?: boolean;
}

export interface Source {
  url?: string | null;
  outlet?: string | null;
}

export interface Attachment {
  id?: number;
  filename: string;
  available: boolean;
  label?: string;
  url?: string | null;
}

export interface Post {
  id: number;
  threadId?: number;
  position: number;
  author?: UserRef | null;
  createdAt?: string;
  createdAtEstimated?: boolean;
  editedAt?: string | null;
  state: PostState;
  stateReason?: string | null;
  kind?: PostKind;
  bodySource: string | null;
  html: string | null;
  parts?: { articleHtml: string; commentHtml: string } | null;
  sources?: Source[];
  quotes?: QuoteRef[];
  attachments?: Attachment[];
  reactions?: Record<string, number>;
  myReactions?: string[];
}

export interface Revision {
  id: number;
  bodySource: string;
  html?: string | null;
  editor?: NameRef;
  reason?: string | null;
  createdAt: string;
}

export interface SearchHit {
  postId: number;
  threadId: number;
  threadSlug: string;
  threadTitle: string;
  position: number;
  author?: NameRef;
  createdAt: string;
  snippet: string;
}

export interface AppNotification {
  id: number;
  type: string;
  text: string;
  url: string;
  count?: number;
  read: boolean;
  createdAt: string;
}

export const REACTIONS = ['like', 'love', 'haha', 'wow', 'sad', 'angry', 'thanks'] as const;
export type ReactionKind = (typeof REACTIONS)[number];

export const FLAG_REASONS = ['spam', 'abuse', 'off-topic', 'misinformation', 'unsourced', 'duplicate', 'copyright', 'other'] as const;
export type FlagReason = (typeof FLAG_REASONS)[number];
