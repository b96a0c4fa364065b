import helmet from 'helmet';
import type { RequestHandler } from 'express';

/**
 * Security headers for everything the server answers (API, dashboard, status page). The Content Security
 * Policy allows only this origin's own scripts, styles, fonts, images and connections (socket.io, API), plus
 * what MapLibre GL needs: web workers from blob: URLs, blob: and data: images (sprites, glyph atlases) and
 * data: fonts. Inline styles are allowed because MapLibre sets element styles; inline scripts are not.
 * No third-party origin is allowed unless given in `extraOrigins` (an online base-map style and its tiles,
 * VW_DASHBOARD_STYLE_URL): by default the dashboard's base map is served by this server.
 */
export function securityHeaders(options: {
  hsts: boolean;
  extraOrigins?: readonly string[];
}): RequestHandler {
  const extra = [...(options.extraOrigins ?? [])];
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'base-uri': ["'self'"],
        'script-src': ["'self'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:', 'blob:', ...extra],
        'font-src': ["'self'", 'data:', ...extra],
        'connect-src': ["'self'", ...extra],
        'worker-src': ["'self'", 'blob:'],
        'child-src': ["'self'", 'blob:'],
        'object-src': ["'none'"],
        'frame-ancestors': ["'none'"],
        'form-action': ["'self'"],
      },
    },
    // Only behind HTTPS: an HSTS header on plain HTTP is ignored by browsers anyway.
    strictTransportSecurity: options.hsts ? { maxAge: 180 * 24 * 3600 } : false,
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'same-origin' },
  });
}
