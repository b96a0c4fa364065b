import { describe, expect, it } from 'vitest';
import { WakeSignal } from './wake-signal';

describe('WakeSignal', () => {
  it('keeps a notification that came while nobody waited, for the next wait only', async () => {
    const signal = new WakeSignal();
    signal.notify();
    signal.notify();
    await signal.wait(); // returns at once
    // Two notifies made one pending wake-up, not two: the next wait sleeps until its timeout.
    const started = Date.now();
    await signal.wait(50);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
  });

  it('wakes a waiter on notify and resolves on its own after the timeout', async () => {
    const signal = new WakeSignal();
    const started = Date.now();
    const waiting = signal.wait();
    setTimeout(() => signal.notify(), 20);
    await waiting;
    expect(Date.now() - started).toBeLessThan(1_000);
    const timedStart = Date.now();
    await signal.wait(30);
    expect(Date.now() - timedStart).toBeGreaterThanOrEqual(25);
  });
});
