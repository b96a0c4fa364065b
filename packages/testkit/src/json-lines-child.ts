import { spawn, type ChildProcess } from 'node:child_process';

/** A TypeScript script run in a process of its own (so a test can SIGKILL it), and what it has printed. */
export interface JsonLinesChild {
  process: ChildProcess;
  /** Its JSON log lines on stdout (jsonLinesLogger), parsed, as they arrive. */
  lines: Array<Record<string, unknown>>;
  /** Everything it printed on stdout and stderr, for failure messages. */
  output: () => string;
  /** SIGKILL unless it has already ended: for the test's clean-up. */
  kill: () => Promise<void>;
}

/** Starts `node --import tsx <script>` with the test's environment plus `env`. */
export function startJsonLinesChild(script: string, env: Record<string, string>): JsonLinesChild {
  const lines: Array<Record<string, unknown>> = [];
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let pending = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    output += chunk;
    pending += chunk;
    const complete = pending.split('\n');
    pending = complete.pop()!;
    for (const text of complete)
      if (text.startsWith('{')) lines.push(JSON.parse(text) as Record<string, unknown>);
  });
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk));
  return {
    process: child,
    lines,
    output: () => output,
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}
