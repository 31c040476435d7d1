// A tiny element builder for the desk's views: text is always set as text, never as HTML.
type Attrs = Record<string, string | number | boolean | null | undefined | ((e: Event) => void)>;
type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Child | Child[])[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (typeof v === 'function') el.addEventListener(k.replace(/^on/, ''), v);
    else if (k === 'class') el.className = String(v);
    else if (k === 'text') el.textContent = String(v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

/** A labelled form field: the label wraps its control, so clicking the text focuses it. */
export function field(label: string, control: HTMLElement, hint?: string): HTMLLabelElement {
  return h('label', { class: 'desk-field' }, h('span', { class: 'desk-label' }, label), control, hint ? h('small', { class: 'desk-hint' }, hint) : null);
}

/** A status line for messages (role=status), or an alert for errors. */
export function message(kind: 'ok' | 'error' | 'info', text: string): HTMLElement {
  return h('p', { class: `desk-msg desk-msg-${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
}
