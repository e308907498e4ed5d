import { Injectable, type OnModuleDestroy } from '@nestjs/common';

// how long a catch-up remembers what it sent, for live broadcasts still on their way
const SENT_MEMORY_MS = 15_000;
// how long a reply's place in the line is kept for it: past this its transaction is taken as lost
// and the line moves on (a late announcement still goes out, at the end of the line)
const RESERVATION_MS = 5_000;

type Step = () => Promise<void>;

/**
 * Keeps each thread's live events in the order their writes reached this instance (a reply's from
 * the moment it took its position, whenever its commit comes back), and hands a catching-up
 * socket over to the live stream without gaps or repeats: the hand-over step runs in the same
 * order as the broadcasts, and later broadcasts of posts the catch-up already sent skip that
 * socket.
 */
@Injectable()
export class ThreadSequencer implements OnModuleDestroy {
  private readonly tails = new Map<number, Promise<void>>();
  /** thread -> post -> sockets whose catch-up carried that post */
  private readonly sent = new Map<number, Map<number, Set<string>>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  /** post -> its place in its thread's line, waiting for the step that announces it */
  private readonly reserved = new Map<number, (work: Step | null) => Promise<void>>();

  /** Runs `work` after every earlier step of this thread; its failure is the caller's and does not stop the line. */
  run(threadId: number, work: Step): Promise<void> {
    const result = (this.tails.get(threadId) ?? Promise.resolve()).then(work);
    const tail = result.catch(() => undefined);
    this.tails.set(threadId, tail);
    void tail.then(() => {
      if (this.tails.get(threadId) === tail) this.tails.delete(threadId);
    });
    return result;
  }

  /**
   * Keeps a place in the thread's line for a post whose transaction has not committed yet: its
   * announcement (`runReserved`) takes that place, however late it comes back from the database.
   */
  reserve(threadId: number, postId: number): void {
    let open!: (work: Step | null) => void;
    const gate = new Promise<Step | null>((resolve) => (open = resolve));
    const step = this.run(threadId, async () => {
      const work = await gate;
      if (work) await work();
    });
    const timer = setTimeout(() => void take(null), RESERVATION_MS);
    timer.unref();
    const take = (work: Step | null) => {
      clearTimeout(timer);
      this.reserved.delete(postId);
      open(work);
      return step;
    };
    this.reserved.set(postId, take);
  }

  /** Runs the post's announcement in the place reserved for it, or at the end of the line. */
  runReserved(threadId: number, postId: number, work: Step): Promise<void> {
    const take = this.reserved.get(postId);
    return take ? take(work) : this.run(threadId, work);
  }

  /** The post will not be announced (its transaction failed): the line moves on. */
  abandon(postId: number): void {
    void this.reserved.get(postId)?.(null);
  }

  rememberSent(threadId: number, socketId: string, postIds: number[]): void {
    if (postIds.length === 0) return;
    const posts = this.sent.get(threadId) ?? new Map<number, Set<string>>();
    this.sent.set(threadId, posts);
    for (const postId of postIds) posts.set(postId, (posts.get(postId) ?? new Set()).add(socketId));
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      for (const postId of postIds) {
        const sockets = posts.get(postId);
        sockets?.delete(socketId);
        if (sockets?.size === 0) posts.delete(postId);
      }
      if (posts.size === 0 && this.sent.get(threadId) === posts) this.sent.delete(threadId);
    }, SENT_MEMORY_MS);
    timer.unref();
    this.timers.add(timer);
  }

  /** Sockets that already have this post from their catch-up. */
  alreadySent(threadId: number, postId: number): string[] {
    return [...(this.sent.get(threadId)?.get(postId) ?? [])];
  }

  onModuleDestroy(): void {
    for (const take of [...this.reserved.values()]) void take(null);
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
