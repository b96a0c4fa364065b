import { describe, expect, it } from 'vitest';
import { SERVER_SETTINGS_DEFAULT } from '@vesselwatch/server';
import { loadConfig } from './config';

describe('server configuration', () => {
  it('has named defaults and reads sessions, login limits and the live frame interval', () => {
    expect(loadConfig({}).server).toEqual({
      sessionTtlMs: SERVER_SETTINGS_DEFAULT.sessionTtlMs,
      secureCookies: false,
      trustProxy: false,
      loginMaxFailures: 5,
      loginWindowMs: 15 * 60_000,
      liveFrameIntervalMs: 1_000,
    });
    expect(
      loadConfig({
        VW_SESSION_TTL_H: '8',
        VW_SECURE_COOKIES: 'true',
        VW_TRUST_PROXY: 'loopback,10.0.0.0/8',
        VW_LOGIN_MAX_FAILURES: '3',
        VW_LOGIN_WINDOW_MIN: '30',
        VW_LIVE_FRAME_INTERVAL_MS: '500',
      }).server,
    ).toEqual({
      sessionTtlMs: 8 * 3_600_000,
      secureCookies: true,
      trustProxy: ['loopback', '10.0.0.0/8'],
      loginMaxFailures: 3,
      loginWindowMs: 30 * 60_000,
      liveFrameIntervalMs: 500,
    });
  });

  it('names every bad server variable', () => {
    expect(() =>
      loadConfig({ VW_SECURE_COOKIES: 'yes', VW_LIVE_FRAME_INTERVAL_MS: '10', VW_SESSION_TTL_H: '0' }),
    ).toThrow(/VW_SESSION_TTL_H.*VW_SECURE_COOKIES.*VW_LIVE_FRAME_INTERVAL_MS|VW_SECURE_COOKIES/);
    expect(() => loadConfig({ VW_TRUST_PROXY: 'yes' })).toThrow(/VW_TRUST_PROXY.*"yes"/);
    expect(loadConfig({ VW_TRUST_PROXY: '2' }).server.trustProxy).toBe(2);
  });
});
