import type { ProcessorClock } from './settings';

/**
 * The time a partition's vessels are judged at for signal loss.
 *
 * event (replays): the newest accepted fix time on the partition. Nothing but the data moves it.
 *
 * live: the wall clock, except while the partition is behind. Taken literally, "now" would declare every
 * vessel of a partition that is still catching up (after an outage, or the all-in-one simulator replaying
 * its week of history) lost, although its newer fixes are waiting in the log; they would then flap lost /
 * restored at every sweep. So the watermark is the partition's newest event time plus the wall-clock time
 * since its last fix arrived, never beyond now: caught up, that is now (event time is about arrival time);
 * catching up, it follows the data; when the feed goes silent, it runs with the wall clock from where the
 * data stopped, and a silent fleet is reported lost as time passes.
 */
export function partitionWatermarkMs(
  clock: ProcessorClock,
  partition: { maxEventTimeMs: number; lastMessageWallMs: number },
  nowMs: number,
): number {
  if (clock === 'event') return partition.maxEventTimeMs;
  if (partition.maxEventTimeMs <= 0) return nowMs;
  return Math.min(nowMs, partition.maxEventTimeMs + Math.max(0, nowMs - partition.lastMessageWallMs));
}
