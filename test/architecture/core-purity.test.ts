import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

// The core packages (domain, geo, rules, codecs) must stay pure: the lint rules are what keeps them so,
// and this test proves the rules really reject I/O imports (a misconfigured rule would pass silently).
const root = fileURLToPath(new URL('../..', import.meta.url));

async function lintAs(filePath: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: root });
  const [result] = await eslint.lintText(code, { filePath: `${root}/${filePath}` });
  return (result?.messages ?? []).filter((m) => m.severity === 2).map((m) => m.message);
}

describe('core package purity (lint)', () => {
  beforeAll(() => {
    // The Nx module-boundary rule reads the cached project graph; build it as `npm run lint` does.
    execFileSync('npx', ['nx', 'show', 'projects'], {
      cwd: root,
      env: { ...process.env, NX_DAEMON: 'false' },
    });
  }, 60_000);

  it.each(['pg', 'kafkajs', 'express', 'socket.io'])('rejects %s in a core package', async (moduleName) => {
    const errors = await lintAs(
      'packages/domain/src/probe.ts',
      `import x from '${moduleName}';\nexport const y = x;\n`,
    );
    expect(errors.join('\n')).toMatch(/not allowed to import|restricted/);
  });

  it.each(['node:fs', 'fs', 'node:net', 'http', 'child_process'])(
    'rejects the Node built-in %s in a core package',
    async (moduleName) => {
      const errors = await lintAs(
        'packages/domain/src/probe.ts',
        `import x from '${moduleName}';\nexport const y = x;\n`,
      );
      expect(errors.join('\n')).toMatch(/Core packages are pure/);
    },
  );

  it('rejects reading process.env inside a package', async () => {
    const errors = await lintAs('packages/domain/src/probe.ts', 'export const port = process.env.PORT;\n');
    expect(errors.join('\n')).toMatch(/apps read the environment/);
  });

  it('lets an I/O package use its driver', async () => {
    const errors = await lintAs(
      'packages/store/src/probe.ts',
      "import pg from 'pg';\nexport const y = pg;\n",
    );
    expect(errors).toEqual([]);
  });
});
