import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE, ERROR_CODES } from '@vesselwatch/domain';

const errorsDoc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
const documentedCodes = [...errorsDoc.matchAll(/^## (VW_ERR_[A-Z0-9_]+)\s*$/gm)].map((match) => match[1]);

describe('docs/errors.md', () => {
  it('documents every catalogued error code', () => {
    const undocumented = ERROR_CODES.filter((code) => !documentedCodes.includes(code));
    expect(undocumented).toEqual([]);
  });

  it('documents no code that the catalogue lacks', () => {
    const unknown = documentedCodes.filter((code) => !(code && code in ERROR_CATALOGUE));
    expect(unknown).toEqual([]);
  });

  it('states for each code whether it is retriable, as the catalogue does', () => {
    for (const code of ERROR_CODES) {
      const section = errorsDoc.split(`## ${code}`)[1]?.split('\n## ')[0] ?? '';
      const saysRetriable = /^\s*Retriable\./.test(section);
      expect(saysRetriable, `${code} in docs/errors.md`).toBe(ERROR_CATALOGUE[code].retriable);
    }
  });
});
