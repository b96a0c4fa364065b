import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';

/** Debian's Chromium (installed by scripts/services/chromium.sh); CHROMIUM_PATH overrides it. */
export const CHROMIUM_PATH_DEFAULT = '/usr/bin/chromium';

const INSTALL_HINT = 'install it with `bash scripts/services/chromium.sh install` (Debian package chromium)';

export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.CHROMIUM_PATH ?? CHROMIUM_PATH_DEFAULT;
}

/** True when the binary exists, is executable and prints its version. */
export function isChromiumUsable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
  } catch {
    return false;
  }
  return spawnSync(path, ['--headless', '--no-sandbox', '--version'], { timeout: 30_000 }).status === 0;
}

/**
 * The Chromium binary for a browser test, or null when it is missing outside CI. Under CI=true a missing
 * browser throws, so the suite fails instead of silently skipping (like requireService).
 */
export function requireChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  const path = chromiumPath(env);
  if (isChromiumUsable(path)) return path;
  const problem = `Chromium is not usable at ${path}; ${INSTALL_HINT}`;
  if (env.CI === 'true') throw new Error(`CI=true and a test needs a browser: ${problem}`);
  console.warn(`[vesselwatch tests] skipping browser tests: ${problem}`);
  return null;
}

/**
 * Flags for headless Debian Chromium on a machine without GPU or outside network: software WebGL
 * (SwiftShader through ANGLE) for MapLibre, no sandbox when running as root, and none of the background
 * services that would try to reach the network.
 */
export const CHROMIUM_HEADLESS_ARGS = [
  '--no-sandbox',
  '--disable-dev-shm-usage',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--ignore-gpu-blocklist',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
  '--disable-features=Translate,MediaRouter,OptimizationHints',
  '--autoplay-policy=no-user-gesture-required',
];
