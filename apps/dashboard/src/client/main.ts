import 'maplibre-gl/dist/maplibre-gl.css';
import './styles.css';
import { ApiClient, ApiError } from './api/client';
import type { SessionUser } from './api/types';
import { DEFAULT_CONFIG, startDashboard, type DashboardConfig, type RunningDashboard } from './app';
import { I18n } from './i18n/i18n';
import { h } from './ui/dom';
import { showLogin, showPasswordChange } from './ui/login-view';

declare global {
  interface Window {
    /** The running dashboard, for the browser tests and the benchmark (read-only use). */
    vesselwatch?: RunningDashboard;
  }
}

async function loadConfig(): Promise<DashboardConfig> {
  try {
    const response = await fetch('/dashboard-config.json', { credentials: 'same-origin' });
    if (!response.ok) return DEFAULT_CONFIG;
    return { ...DEFAULT_CONFIG, ...((await response.json()) as Partial<DashboardConfig>) };
  } catch {
    return DEFAULT_CONFIG;
  }
}

async function currentUser(api: ApiClient): Promise<SessionUser | null> {
  try {
    return (await api.me()).user;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

/** Sign-in, first-login password change, then the dashboard; Vietnamese unless the user chose English. */
async function boot(): Promise<void> {
  const root = document.getElementById('root');
  if (!root) throw new Error('index.html has no #root');
  const i18n = I18n.fromStorage(window.localStorage);
  document.documentElement.lang = i18n.language;
  document.title = i18n.t('app.title');
  const api = new ApiClient();
  const languageSwitch = () =>
    h(
      'button',
      {
        type: 'button',
        class: 'lang',
        'data-testid': 'language',
        onclick: () => {
          i18n.setLanguage(i18n.language === 'vi' ? 'en' : 'vi', window.localStorage);
          // Every view is built from the dictionary: a reload shows it all in the new language.
          window.location.reload();
        },
      },
      i18n.t('lang.switch'),
    );
  const [config, signedIn] = await Promise.all([loadConfig(), currentUser(api)]);
  let user = signedIn ?? (await showLogin(root, api, i18n, languageSwitch));
  if (user.mustChangePassword) user = await showPasswordChange(root, api, i18n);
  const signOut = () => {
    void api
      .logout()
      .catch(() => undefined)
      .finally(() => window.location.reload());
  };
  window.vesselwatch = startDashboard(root, api, i18n, user, config, languageSwitch, signOut);
}

boot().catch((error: unknown) => {
  document.body.textContent = `VesselWatch: ${(error as Error).message}`;
  console.error(error);
});
