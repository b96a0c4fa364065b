import type { AppContext } from '../app-context';
import { clear, h } from '../ui/dom';

/** Search by registration number or name (GET /api/vessels?q=); choosing a result opens the vessel. */
export function searchBox(ctx: AppContext): HTMLElement {
  const { i18n } = ctx;
  const input = h('input', {
    type: 'search',
    name: 'q',
    autocomplete: 'off',
    'data-i18n-placeholder': 'search.placeholder',
    placeholder: i18n.t('search.placeholder'),
    'aria-label': i18n.t('search.placeholder'),
  });
  const results = h('ul', { class: 'search-results', hidden: true, role: 'listbox' });
  let timer = 0;
  let generation = 0;
  const run = async () => {
    const q = input.value.trim();
    const mine = ++generation;
    if (q.length < 2) {
      results.hidden = true;
      return;
    }
    try {
      const page = await ctx.api.searchVessels(q, 10);
      if (mine !== generation) return;
      clear(results);
      if (page.items.length === 0) results.append(h('li', { class: 'muted' }, i18n.t('search.none')));
      for (const vessel of page.items) {
        results.append(
          h(
            'li',
            { role: 'option' },
            h(
              'button',
              {
                type: 'button',
                'data-vessel-id': vessel.id,
                onclick: () => {
                  results.hidden = true;
                  input.value = vessel.registrationNumber;
                  ctx.openVessel(vessel.id, { fly: true });
                },
              },
              h('strong', {}, vessel.registrationNumber),
              vessel.name ? ` ${vessel.name}` : '',
            ),
          ),
        );
      }
      results.hidden = false;
    } catch (error) {
      ctx.toast(i18n.t('error.generic', { message: (error as Error).message }), 'error');
    }
  };
  input.addEventListener('input', () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(run, 250);
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      window.clearTimeout(timer);
      void run();
    }
    if (event.key === 'Escape') results.hidden = true;
  });
  return h('div', { class: 'search' }, input, results);
}
