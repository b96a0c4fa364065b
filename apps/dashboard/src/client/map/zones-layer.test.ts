import { describe, expect, it } from 'vitest';
import { zoneAttribution } from './zones-layer';

describe('zoneAttribution', () => {
  it('shows the zone set attribution and always credits OpenStreetMap', () => {
    expect(
      zoneAttribution({
        attribution: ['© OpenStreetMap contributors (ODbL 1.0)', 'Made with Natural Earth'],
      }),
    ).toBe('© OpenStreetMap contributors (ODbL 1.0) · Made with Natural Earth');
    expect(zoneAttribution({ attribution: 'Decision 123/QD-BNN' })).toBe(
      'Decision 123/QD-BNN · © OpenStreetMap contributors (ODbL)',
    );
    expect(zoneAttribution({ attribution: [] })).toBe('© OpenStreetMap contributors (ODbL)');
  });
});
