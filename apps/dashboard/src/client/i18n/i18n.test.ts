import { describe, expect, it } from 'vitest';
import { en } from './en';
import { I18n } from './i18n';
import { vi } from './vi';

describe('I18n', () => {
  it('speaks Vietnamese by default and English when chosen', () => {
    const i18n = I18n.fromStorage(null);
    expect(i18n.language).toBe('vi');
    expect(i18n.t('nav.alerts')).toBe('Cảnh báo');
    const stored = new Map<string, string>();
    const storage = {
      setItem: (k: string, v: string) => void stored.set(k, v),
      getItem: (k: string) => stored.get(k) ?? null,
    };
    const changes: string[] = [];
    i18n.onChange((language) => changes.push(language));
    i18n.setLanguage('en', storage);
    expect(i18n.t('nav.alerts')).toBe('Alerts');
    expect(changes).toEqual(['en']);
    expect(I18n.fromStorage(storage).language).toBe('en');
  });

  it('fills placeholders and labels dynamic values', () => {
    const i18n = new I18n('en');
    expect(i18n.t('alerts.distance', { nm: 4.2 })).toBe('4.2 nm from the boundary');
    expect(i18n.tDynamic('alertType', 'border.crossed')).toBe('Border crossed');
    expect(i18n.tDynamic('alertType', 'something.new')).toBe('something.new');
  });

  it('has the same placeholders in both languages', () => {
    const names = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(en) as Array<keyof typeof en>) {
      expect(names(vi[key]), key).toEqual(names(en[key]));
      expect(vi[key].length, key).toBeGreaterThan(0);
    }
  });
});
