import type { AppContext } from '../app-context';
import type { UserRole } from '../api/types';
import { clear, h } from '../ui/dom';

/** Roles the server knows (packages/store USER_ROLES); the scope narrows a role to a port, province or vessel. */
export const USER_ROLES = ['admin', 'port_officer', 'inspector', 'owner', 'viewer'] as const;

export interface UserRow {
  id: string;
  displayName: string;
  roles: UserRole[];
  disabled?: boolean;
  mustChangePassword?: boolean;
}

/** "port_officer: vn-nha-trang, viewer" */
export function rolesText(roles: readonly UserRole[]): string {
  return roles.map((grant) => (grant.scope ? `${grant.role}: ${grant.scope}` : grant.role)).join(', ');
}

/**
 * Users (administrators only): who can sign in with which role and scope, and a form to add one. The new
 * user must change the password chosen here at first login.
 */
export function renderUsersPanel(container: HTMLElement, ctx: AppContext): () => void {
  const { i18n } = ctx;
  const list = h('ul', { class: 'user-list', 'data-testid': 'user-list' });
  const username = h('input', { name: 'newUsername', required: true, autocomplete: 'off' });
  const displayName = h('input', { name: 'displayName', required: true });
  const password = h('input', {
    name: 'initialPassword',
    type: 'password',
    required: true,
    minlength: 10,
    autocomplete: 'new-password',
  });
  const role = h(
    'select',
    { name: 'role' },
    ...USER_ROLES.map((value) => h('option', { value }, i18n.tDynamic('role', value))),
  );
  role.value = 'port_officer';
  const scope = h('input', { name: 'scope', placeholder: i18n.t('users.scopeHint') });

  const load = async () => {
    try {
      const { items } = await ctx.api.request<{ items: UserRow[] }>('GET', '/api/users');
      clear(list);
      for (const user of items) {
        list.append(
          h(
            'li',
            { 'data-user-id': user.id },
            h('strong', {}, user.displayName),
            ` (${user.id}) · ${rolesText(user.roles)}`,
            user.disabled ? ` · ${i18n.t('users.disabled')}` : '',
          ),
        );
      }
    } catch (error) {
      ctx.toast(i18n.t('error.generic', { message: (error as Error).message }), 'error');
    }
  };
  const form = h(
    'form',
    { class: 'user-form' },
    h('label', {}, i18n.t('users.username'), username),
    h('label', {}, i18n.t('users.displayName'), displayName),
    h('label', {}, i18n.t('users.password'), password),
    h('label', {}, i18n.t('users.role'), role),
    h('label', {}, i18n.t('users.scope'), scope),
    h('button', { class: 'primary', type: 'submit' }, i18n.t('users.add')),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await ctx.api.request('POST', '/api/users', {
        username: username.value.trim(),
        displayName: displayName.value.trim(),
        password: password.value,
        roles: [{ role: role.value, scope: scope.value.trim() }],
      });
      form.reset();
      role.value = 'port_officer';
      ctx.toast(i18n.t('users.added'));
      await load();
    } catch (error) {
      ctx.toast(i18n.t('error.generic', { message: (error as Error).message }), 'error');
    }
  });
  clear(container);
  container.append(h('h2', {}, i18n.t('users.title')), list, h('h3', {}, i18n.t('users.add')), form);
  void load();
  return () => undefined;
}
