// The time range of a page: the TimeRange presets as a radio group, and a custom from/to (UTC).
import { h } from './dom.ts';
import { RANGE_PRESETS } from './shell.ts';

/** datetime-local values are zone-less: the console reads and writes them as UTC, like the API. */
function toInputValue(iso: string | null): string {
  return iso ? iso.slice(0, 16) : '';
}

function fromInputValue(value: string): string | undefined {
  return value ? `${value}:00.000Z` : undefined;
}

export function rangePicker(params: URLSearchParams, navigate: (params: URLSearchParams) => void): HTMLElement {
  const custom = params.has('from');
  const current = custom ? 'custom' : (params.get('last') ?? '1h');
  const choose = (last: string) => {
    const next = new URLSearchParams(params);
    next.delete('from');
    next.delete('to');
    next.set('last', last);
    navigate(next);
  };
  const group = h('fieldset', { class: 'range-picker' }, h('legend', { class: 'visually-hidden' }, 'Time range'));
  for (const preset of RANGE_PRESETS) {
    const id = `range-${preset}`;
    group.append(
      h('input', { type: 'radio', name: 'range', id, value: preset, checked: current === preset, onchange: () => choose(preset) }),
      h('label', { for: id }, preset),
    );
  }
  const from = h('input', { type: 'datetime-local', id: 'range-from', value: toInputValue(params.get('from')), required: true });
  const to = h('input', { type: 'datetime-local', id: 'range-to', value: toInputValue(params.get('to')) });
  const form = h(
    'form',
    {
      class: 'custom-range',
      onsubmit: (event: Event) => {
        event.preventDefault();
        const next = new URLSearchParams(params);
        next.delete('last');
        const fromIso = fromInputValue(from.value);
        const toIso = fromInputValue(to.value);
        if (!fromIso) return;
        next.set('from', fromIso);
        if (toIso) next.set('to', toIso);
        else next.delete('to');
        navigate(next);
      },
    },
    h('label', { for: 'range-from' }, 'From (UTC)'),
    from,
    h('label', { for: 'range-to' }, 'To (UTC, empty: now)'),
    to,
    h('button', { type: 'submit' }, custom ? 'Apply custom range' : 'Custom range'),
  );
  return h('div', { class: 'range-controls' }, group, form);
}
