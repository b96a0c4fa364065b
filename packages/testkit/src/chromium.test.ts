import { describe, expect, it } from 'vitest';
import { chromiumPath, requireChromium } from './chromium';

describe('requireChromium', () => {
  const missing = { CHROMIUM_PATH: '/nonexistent/chromium' };

  it('fails under CI=true when the browser is missing', () => {
    expect(() => requireChromium({ ...missing, CI: 'true' })).toThrow(/CI=true and a test needs a browser/);
  });

  it('answers null (skip with a warning) elsewhere', () => {
    expect(requireChromium(missing)).toBeNull();
  });

  it('defaults to Debian chromium and honours CHROMIUM_PATH', () => {
    expect(chromiumPath({})).toBe('/usr/bin/chromium');
    expect(chromiumPath(missing)).toBe('/nonexistent/chromium');
  });
});
