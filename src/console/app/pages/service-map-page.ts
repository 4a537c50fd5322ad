// Service map: waits for the API's `serviceMap` field. The console holds only what the API gives,
// so while the server does not offer the field, the page says so instead of drawing anything.
import { h, replaceChildren } from '../dom.ts';
import type { PageContext } from '../shell.ts';

export async function renderServiceMap(context: PageContext): Promise<void> {
  context.setTitle('Service map');
  replaceChildren(
    context.main,
    h('h1', {}, 'Service map'),
    h('p', { class: 'notice', role: 'status', 'data-testid': 'map-unavailable' }, 'This gateway does not offer Query.serviceMap yet, so there is no map to draw.'),
  );
}
