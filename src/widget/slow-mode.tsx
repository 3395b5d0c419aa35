/**
 * @module widget/slow-mode
 * The flood guard's slow mode as open boxes learn it: one line, `#slow-mode`, in the widget
 * page, and the same line in poll answers when slow mode starts, goes on or ends, so nobody
 * has to post (and be refused) to find out. The contract with public/widget.js:
 *
 *   on:  <p id="slow-mode" data-until="EPOCH_MS" data-seconds="N" role="status">sentence</p>
 *   off: <p id="slow-mode" role="status"></p>
 *
 * `data-until`: when slow mode ends unless the flood goes on (a later answer moves it);
 * `data-seconds`: how long each poster waits between posts meanwhile. The sentence is in the
 * visitor's language. Answers swap it with outerMorph: the element (a live region) stays, so
 * a new sentence is announced and an unchanged one (only `data-until` moved) is not repeated.
 *
 * A poll learns of it through its URL: the poller carries `slow=EPOCH` (when this slow mode
 * began; absent when off) beside its rev, and poll.ts answers 204 only when both are current.
 */
import { secondsUp } from '../rate-limit.ts';
import type { SlowMode } from '../posting/spam.ts';
import type { View } from './views.tsx';

export function SlowModeLine({ slow, view }: { slow: SlowMode | null; view: View }) {
  if (!slow) return <p id="slow-mode" role="status"></p>;
  const seconds = secondsUp(slow.intervalMs);
  return (
    <p id="slow-mode" data-until={slow.until} data-seconds={seconds} role="status">
      {view.t('slow_notice', { count: seconds })}
    </p>
  );
}

/** The line for an htmx answer (a poll's or a post's). */
export function SlowModePartial({ slow, view }: { slow: SlowMode | null; view: View }) {
  return (
    <hx-partial hx-target="#slow-mode" hx-swap="outerMorph">
      <SlowModeLine slow={slow} view={view} />
    </hx-partial>
  );
}
