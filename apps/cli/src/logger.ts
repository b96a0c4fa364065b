import { pino, type Logger } from 'pino';

export type { Logger };

/** JSON lines on stdout: what operators' log collectors expect. One logger per process, children per app. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { app: 'vesselwatch' } });
}
