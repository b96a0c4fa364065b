import { describe, expect, it } from 'vitest';
import { rolesText } from './users-panel';

describe('rolesText', () => {
  it('lists roles with their scope', () => {
    expect(
      rolesText([
        { role: 'port_officer', scope: 'vn-nha-trang' },
        { role: 'viewer', scope: '' },
      ]),
    ).toBe('port_officer: vn-nha-trang, viewer');
  });
});
