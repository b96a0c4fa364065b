/**
 * What a test's child process (a processor or notifier started in a process of its own, so a test can
 * SIGKILL it) needs: its settings from the environment, and JSON log lines on stdout for the test to read.
 */

/** The environment variable, or an error naming it and the child that needs it. */
export function requiredEnv(name: string, child: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${child} needs ${name}`);
  return value;
}

const LEVELS = ['debug', 'info', 'warn', 'error'] as const;
type Level = (typeof LEVELS)[number];
type LogLine = (fields: Record<string, unknown>, message: string) => void;

/** A logger (debug/info/warn/error with fields and a message) writing JSON lines from LOG_LEVEL (default info) up. */
export function jsonLinesLogger(): Record<Level, LogLine> {
  const minimum = LEVELS.indexOf((process.env.LOG_LEVEL as Level | undefined) ?? 'info');
  const line =
    (level: Level): LogLine =>
    (fields, message) => {
      if (LEVELS.indexOf(level) < minimum) return;
      const err =
        fields.err instanceof Error ? { message: fields.err.message, name: fields.err.name } : fields.err;
      process.stdout.write(`${JSON.stringify({ level, msg: message, ...fields, err, pid: process.pid })}\n`);
    };
  return { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') };
}
