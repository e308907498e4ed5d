// Room names. A socket is also in its own room (its id), which catch-up uses to skip it.

export const rooms = {
  thread: (threadId: number) => `thread:${threadId}`,
  forum: (forumId: number) => `forum:${forumId}`,
  member: (userId: number) => `member:${userId}`,
  moderators: 'moderators',
} as const;

export const threadIdOfRoom = (room: string): number | null => {
  const match = /^thread:(\d+)$/.exec(room);
  return match ? Number(match[1]) : null;
};
