import { describe, expect, it } from 'vitest';
import { AsyncMutex } from './async-mutex';

describe('AsyncMutex', () => {
  it('runs holders one at a time in arrival order, and a failure does not block the next', async () => {
    const mutex = new AsyncMutex();
    const events: string[] = [];
    const hold = (name: string, fail = false) =>
      mutex.runExclusive(async () => {
        events.push(`${name}+`);
        await new Promise((resolve) => setTimeout(resolve, 2));
        events.push(`${name}-`);
        if (fail) throw new Error(name);
        return name;
      });
    const results = await Promise.allSettled([hold('a'), hold('b', true), hold('c')]);
    expect(events).toEqual(['a+', 'a-', 'b+', 'b-', 'c+', 'c-']);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });
});
