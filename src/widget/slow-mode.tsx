/**
 * @module widget/slow-mode
 * The flood guard's slow mode as open boxes learn it: one line, `#slow-mode`, in the widget
 * page, and the same line in poll answers when slow mode starts or ends, so nobody has to post
 * (and be refused) to find out. The contract with public/widget.js:
 *
 *   on:  <p id="slow-mode" data-ends="EPOCH_MS" data-seconds="N" [data-until="EPOCH_MS"] role="status">sentence</p>
 *   off: <p id="slow-mode" role="status"></p>
 *
 * `data-until`: until when THIS box's Send must wait (it counts down to it). Slow mode is one
 * post per N seconds each, so a box that has not posted may send at once: the page and the polls
 * (the same answer for everyone) carry no `data-until`; the answer to one's own accepted post
 * carries now + N s, a slow-mode refusal now + the wait it names.
 * `data-ends`: when the board's slow mode ends unless the flood goes on (a later page moves it).
 * `data-seconds`: N. The sentence is in the visitor's language.
 * Answers swap the line with outerMorph: the element (a live region) stays, so a new sentence is
 * announced and an unchanged one is not read again. Polls send it only when the box's slow-mode
 * epoch is not the board's (start, end), so a post's `data-until` is not morphed away meanwhile.
 *
 * A poll learns of it through its URL: the poller carries `slow=EPOCH` (when this slow mode
 * began; absent when off) beside its rev, and poll.ts answers 204 only when both are current.
 */
import { secondsUp } from '../rate-limit.ts';
import type { SlowMode } from '../posting/spam.ts';
import type { View } from './views.tsx';

/** Slow mode as part of a render cache key: on, since when and until when. */
export const slowCacheKey = (slow: SlowMode | null): string => (slow ? `${slow.since}:${slow.until}` : '');

type LineProps = { slow: SlowMode | null; view: View; until?: number };

export function SlowModeLine({ slow, view, until }: LineProps) {
  if (!slow) return <p id="slow-mode" role="status"></p>;
  const seconds = secondsUp(slow.intervalMs);
  return (
    <p id="slow-mode" data-ends={slow.until} data-seconds={seconds} data-until={until} role="status">
      {view.t('slow_notice', { count: seconds })}
    </p>
  );
}

/** The line for an htmx answer (a poll's or a post's; `until` only in the answer to one's own post). */
export function SlowModePartial(props: LineProps) {
  return (
    <hx-partial hx-target="#slow-mode" hx-swap="outerMorph">
      <SlowModeLine {...props} />
    </hx-partial>
  );
}
