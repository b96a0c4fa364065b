import { describe, expect, it } from 'vitest';
import { VesselIdSchema } from '@vesselwatch/domain';
import { InMemoryTerminalDirectory, unregisteredVesselId } from './terminal-directory';

describe('InMemoryTerminalDirectory', () => {
  it('maps a terminal by source first, then by id alone', () => {
    const directory = new InMemoryTerminalDirectory([
      { vesselId: 'v-ais', terminalId: '574000001', source: 'ais' },
      { vesselId: 'v-any', terminalId: 'BOX-1' },
    ]);
    expect(directory.lookup('574000001', 'ais')).toBe('v-ais');
    expect(directory.lookup('574000001', 'naf')).toBeNull();
    expect(directory.lookup('BOX-1', 'naf')).toBe('v-any');
  });

  it('refuses a registration whose vessel id is invalid', () => {
    expect(() => new InMemoryTerminalDirectory([{ vesselId: 'has space', terminalId: 'x' }])).toThrow();
  });
});

describe('unregisteredVesselId', () => {
  it('keeps plain ids readable and makes any id a valid, distinct vessel id', () => {
    expect(unregisteredVesselId('ais', '413503050')).toBe('unregistered:ais:413503050');
    const spaced = unregisteredVesselId('naf', 'CHUNG KUO/87');
    const underscored = unregisteredVesselId('naf', 'CHUNG_KUO_87');
    expect(spaced).not.toBe(underscored);
    const long = unregisteredVesselId('json', 'x'.repeat(64));
    for (const id of [spaced, underscored, long]) expect(VesselIdSchema.safeParse(id).success).toBe(true);
  });
});
