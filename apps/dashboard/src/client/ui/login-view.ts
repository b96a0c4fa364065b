import type { ApiClient } from '../api/client';
import { ApiError } from '../api/client';
import type { SessionUser } from '../api/types';
import type { I18n } from '../i18n/i18n';
import { clear, h } from './dom';

/** The sign-in form; resolves with the signed-in user. */
export function showLogin(
  root: HTMLElement,
  api: ApiClient,
  i18n: I18n,
  languageSwitch: () => HTMLElement,
): Promise<SessionUser> {
  return new Promise((resolve) => {
    const username = h('input', {
      name: 'username',
      autocomplete: 'username',
      required: true,
      autofocus: true,
    });
    const password = h('input', {
      name: 'password',
      type: 'password',
      autocomplete: 'current-password',
      required: true,
    });
    const message = h('p', { class: 'error', role: 'alert' });
    const form = h(
      'form',
      { class: 'card login', 'data-testid': 'login-form' },
      h('h1', {}, i18n.t('app.title')),
      h('h2', {}, i18n.t('login.title')),
      h('label', {}, i18n.t('login.username'), username),
      h('label', {}, i18n.t('login.password'), password),
      message,
      h('button', { class: 'primary', type: 'submit' }, i18n.t('login.submit')),
      languageSwitch(),
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      message.textContent = '';
      try {
        const { user } = await api.login(username.value.trim(), password.value);
        resolve(user);
      } catch (error) {
        message.textContent =
          error instanceof ApiError && (error.status === 401 || error.status === 400)
            ? i18n.t('login.failed')
            : i18n.t('error.generic', { message: (error as Error).message });
      }
    });
    clear(root);
    root.append(h('main', { class: 'centered' }, form));
    username.focus();
  });
}

/** The first-login password change (the printed one-time admin password); resolves when saved. */
export function showPasswordChange(root: HTMLElement, api: ApiClient, i18n: I18n): Promise<SessionUser> {
  return new Promise((resolve) => {
    const current = h('input', {
      name: 'currentPassword',
      type: 'password',
      autocomplete: 'current-password',
      required: true,
    });
    const next = h('input', {
      name: 'newPassword',
      type: 'password',
      autocomplete: 'new-password',
      required: true,
      minlength: 10,
    });
    const repeat = h('input', {
      name: 'repeatPassword',
      type: 'password',
      autocomplete: 'new-password',
      required: true,
      minlength: 10,
    });
    const message = h('p', { class: 'error', role: 'alert' });
    const form = h(
      'form',
      { class: 'card login', 'data-testid': 'password-form' },
      h('h2', {}, i18n.t('password.title')),
      h('p', {}, i18n.t('password.explain')),
      h('label', {}, i18n.t('password.current'), current),
      h('label', {}, i18n.t('password.new'), next),
      h('label', {}, i18n.t('password.repeat'), repeat),
      message,
      h('button', { class: 'primary', type: 'submit' }, i18n.t('password.submit')),
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (next.value !== repeat.value) {
        message.textContent = i18n.t('password.mismatch');
        return;
      }
      try {
        const answer = await api.changePassword(current.value, next.value);
        resolve(answer?.user ?? (await api.me()).user);
      } catch (error) {
        message.textContent = i18n.t('error.generic', { message: (error as Error).message });
      }
    });
    clear(root);
    root.append(h('main', { class: 'centered' }, form));
    current.focus();
  });
}
