/**
 * The value of one cookie from a Cookie request header, or null. Cookie values VesselWatch sets are
 * base64url, so no decoding is needed; a malformed header yields null rather than an exception.
 */
export function cookieValue(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    return value === '' ? null : value;
  }
  return null;
}
