/**
 * @module writer
 * Group commit for posts. With synchronous=FULL every commit waits for an fsync; posts that
 * arrive while one is under way would each wait for their own. Instead, posts queued during
 * one turn of the event loop are written in one transaction and share one fsync. Each post's
 * promise settles only after that COMMIT, so a 2xx still means "on disk"; if the commit fails,
 * every post in the batch gets the error and none was stored.
 */
import type { Message, NewMessage, Store } from '../store/store.ts';

type Pending = { msg: NewMessage; resolve: (m: Message) => void; reject: (e: unknown) => void };

/** Told of each group commit: how many posts it wrote and how long the transaction took (failed ones too). */
export type OnCommit = (size: number, seconds: number) => void;

export function createWriter(store: Pick<Store, 'addMessages'>, onCommit?: OnCommit) {
  let queue: Pending[] = [];

  function flush() {
    const batch = queue;
    queue = [];
    const started = performance.now();
    let saved: Message[];
    try {
      saved = store.addMessages(batch.map((p) => p.msg));
    } catch (err) {
      onCommit?.(batch.length, (performance.now() - started) / 1000);
      for (const p of batch) p.reject(err);
      return;
    }
    onCommit?.(batch.length, (performance.now() - started) / 1000);
    batch.forEach((p, i) => p.resolve(saved[i]!));
  }

  return {
    /** Resolves with the stored message once it is committed. */
    add(msg: NewMessage): Promise<Message> {
      return new Promise((resolve, reject) => {
        if (queue.push({ msg, resolve, reject }) === 1) setImmediate(flush);
      });
    },
  };
}

export type Writer = ReturnType<typeof createWriter>;
