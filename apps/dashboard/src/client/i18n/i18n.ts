import { en, type MessageKey } from './en';
import { vi } from './vi';

export type Language = 'vi' | 'en';
export type { MessageKey };

const dictionaries: Record<Language, Record<MessageKey, string>> = { vi, en };
const LOCALES: Record<Language, string> = { vi: 'vi-VN', en: 'en-GB' };
const STORAGE_KEY = 'vesselwatch.language';

/**
 * Texts in Vietnamese (default) and English. `t` fills `{name}` placeholders; elements with a
 * `data-i18n` attribute are re-labelled when the language changes, other views listen with `onChange`.
 */
export class I18n {
  private listeners = new Set<(language: Language) => void>();

  constructor(public language: Language = 'vi') {}

  static fromStorage(storage: Pick<Storage, 'getItem'> | null): I18n {
    const stored = storage?.getItem(STORAGE_KEY);
    return new I18n(stored === 'en' || stored === 'vi' ? stored : 'vi');
  }

  get locale(): string {
    return LOCALES[this.language];
  }

  t(key: MessageKey, params: Record<string, string | number> = {}): string {
    const text = dictionaries[this.language][key];
    return text.replace(/\{(\w+)\}/g, (_match, name: string) =>
      params[name] === undefined ? `{${name}}` : String(params[name]),
    );
  }

  /** A translated label for a dynamic key (alert type, status, zone kind), or the key itself when unknown. */
  tDynamic(prefix: string, value: string): string {
    const key = `${prefix}.${value}` as MessageKey;
    return key in dictionaries[this.language] ? this.t(key) : value;
  }

  setLanguage(language: Language, storage: Pick<Storage, 'setItem'> | null = null): void {
    if (language === this.language) return;
    this.language = language;
    storage?.setItem(STORAGE_KEY, language);
    for (const listener of this.listeners) listener(language);
  }

  onChange(listener: (language: Language) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  dateTime(ms: number): string {
    return new Intl.DateTimeFormat(this.locale, {
      dateStyle: 'short',
      timeStyle: 'short',
    }).format(new Date(ms));
  }

  number(value: number, fractionDigits = 1): string {
    return new Intl.NumberFormat(this.locale, { maximumFractionDigits: fractionDigits }).format(value);
  }
}
