import { describe, expect, it } from 'vitest';
import { loadConfig } from './config';

describe('dashboard configuration', () => {
  it('uses the bundled offline basemap unless a style URL is given', () => {
    expect(loadConfig({}).dashboard).toEqual({ styleUrl: null });
    expect(loadConfig({ VW_DASHBOARD_STYLE_URL: '' }).dashboard).toEqual({ styleUrl: null });
    expect(loadConfig({ VW_DASHBOARD_STYLE_URL: 'https://tiles.example.org/style.json' }).dashboard).toEqual({
      styleUrl: 'https://tiles.example.org/style.json',
    });
  });

  it('refuses a style URL that is not http(s)', () => {
    expect(() => loadConfig({ VW_DASHBOARD_STYLE_URL: 'javascript:alert(1)' })).toThrow(
      /VW_DASHBOARD_STYLE_URL/,
    );
    expect(() => loadConfig({ VW_DASHBOARD_STYLE_URL: 'not a url' })).toThrow(/VW_DASHBOARD_STYLE_URL/);
  });
});
