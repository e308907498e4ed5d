import { RefreshToken } from '../auth/refresh-token.entity.js';
import { Forum } from '../forums/forum.entity.js';
import { Post, PostAttachment, PostQuote, PostReaction, PostRevision, PostSource } from '../posts/post.entity.js';
import { Thread, ThreadRead } from '../threads/thread.entity.js';
import { User } from '../users/user.entity.js';

export const entities = [User, RefreshToken, Forum, Thread, ThreadRead, Post, PostRevision, PostQuote, PostReaction, PostSource, PostAttachment];
