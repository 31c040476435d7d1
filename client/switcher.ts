// Layer switcher: one native checkbox per layer (so Tab, Space and screen readers just work), with a
// status line for loading, errors and "visible from zoom N". The choices are remembered per browser.
import type Layer from 'ol/layer/Layer.js';
import type OlMap from 'ol/Map.js';

const STORAGE_KEY = 'terrier.couches';

export type SwitcherEntry = { name: string; title: string; layer: Layer; minZoom?: number; zoomHint?: string };

function loadChoices(): Record<string, boolean> {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    const parsed: unknown = raw ? JSON.parse(raw) : {};
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, boolean>) : {};
  } catch {
    return {};
  }
}

function saveChoices(choices: Record<string, boolean>): void {
  try { localStorage.setItem(STORAGE_KEY, JSON.stringify(choices)); } catch { /* storage disabled: not remembered */ }
}

export type Switcher = {
  /** Shows a status for a layer: null clears it. */
  setStatus: (name: string, text: string | null, kind?: 'loading' | 'error' | 'hint') => void;
  /** Re-evaluates the zoom hints; call on every view change. */
  update: () => void;
};

export function createSwitcher(container: HTMLElement, map: OlMap, entries: SwitcherEntry[], onChange: () => void): Switcher {
  const choices = loadChoices();
  const statuses = new Map<string, HTMLElement>();
  const messages = new Map<string, { text: string; kind: string }>();
  container.replaceChildren();

  for (const e of entries) {
    if (typeof choices[e.name] === 'boolean') e.layer.setVisible(choices[e.name]!);
    const li = document.createElement('li');
    li.className = 'switcher-item';
    const id = `couche-${e.name}`;
    const input = document.createElement('input');
    input.type = 'checkbox';
    input.id = id;
    input.name = e.name;
    input.checked = e.layer.getVisible();
    const label = document.createElement('label');
    label.htmlFor = id;
    label.textContent = e.title;
    const status = document.createElement('span');
    status.className = 'switcher-status';
    status.id = `${id}-etat`;
    input.setAttribute('aria-describedby', status.id);
    input.addEventListener('change', () => {
      e.layer.setVisible(input.checked);
      choices[e.name] = input.checked;
      saveChoices(choices);
      render(e);
      onChange();
    });
    li.append(input, label, status);
    container.append(li);
    statuses.set(e.name, status);
  }

  function render(e: SwitcherEntry) {
    const el = statuses.get(e.name);
    if (!el) return;
    const zoom = map.getView().getZoom() ?? 0;
    const msg = messages.get(e.name);
    let text = '', kind = '';
    if (e.layer.getVisible() && e.minZoom !== undefined && zoom < e.minZoom) {
      text = e.zoomHint ?? 'Zoomez pour afficher cette couche';
      kind = 'hint';
    } else if (msg) {
      ({ text, kind } = msg);
    }
    el.textContent = text;
    el.dataset.kind = kind;
    el.closest('li')?.setAttribute('aria-busy', String(kind === 'loading'));
  }

  const byName = new Map(entries.map((e) => [e.name, e]));
  return {
    setStatus(name, text, kind = 'loading') {
      if (text === null) messages.delete(name);
      else messages.set(name, { text, kind });
      const e = byName.get(name);
      if (e) render(e);
    },
    update() {
      for (const e of entries) render(e);
    },
  };
}
