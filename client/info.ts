// The small info panel: what lies under the clicked point, grouped by layer. Escape or the close
// button hides it and gives the focus back to the map.
import type { Description } from './describe.ts';

/** `heading` titles the panel: what it is about (the clicked point by default, a found parcel, a drawn footprint). */
export type InfoPanel = { show: (items: Description[], where: string, heading?: string) => void; hide: () => void };

export const DEFAULT_HEADING = 'Au point cliqué';

export function createInfoPanel(
  panel: HTMLElement, body: HTMLElement, closeButton: HTMLButtonElement, returnFocus: HTMLElement, onHide: () => void = () => {},
): InfoPanel {
  const hide = () => {
    const hadFocus = panel.contains(document.activeElement);
    panel.hidden = true;
    body.replaceChildren();
    if (hadFocus) returnFocus.focus();
    onHide();
  };
  const title = panel.querySelector('h2');
  closeButton.addEventListener('click', hide);
  panel.addEventListener('keydown', (e) => { if (e.key === 'Escape') hide(); });

  return {
    show(items, where, heading = DEFAULT_HEADING) {
      if (title) title.textContent = heading;
      const parts: HTMLElement[] = [];
      const loc = document.createElement('p');
      loc.className = 'info-where';
      loc.textContent = where;
      parts.push(loc);
      if (!items.length) {
        const p = document.createElement('p');
        p.className = 'info-empty';
        p.textContent = 'Aucun objet des couches affichées à cet endroit.';
        parts.push(p);
      }
      for (const d of items) {
        const section = document.createElement('section');
        section.className = 'info-item';
        section.dataset.layer = d.layer;
        const kind = document.createElement('p');
        kind.className = 'info-kind';
        kind.textContent = d.kind;
        const h = document.createElement('h3');
        h.textContent = d.title;
        const dl = document.createElement('dl');
        for (const r of d.rows) {
          const dt = document.createElement('dt');
          dt.textContent = r.label;
          const dd = document.createElement('dd');
          if (r.href) {
            // A document published elsewhere (the PLU's règlement): a new tab, no referrer given away.
            const a = document.createElement('a');
            a.href = r.href;
            a.target = '_blank';
            a.rel = 'noopener noreferrer';
            a.textContent = r.value;
            dd.append(a);
          } else dd.textContent = r.value;
          if (r.field) dd.dataset.field = r.field;
          dl.append(dt, dd);
        }
        section.append(kind, h, dl);
        if (d.link) {
          const a = document.createElement('a');
          a.className = 'info-link';
          a.href = d.link.href;
          a.textContent = d.link.text;
          section.append(a);
        }
        // A parcel: its note de renseignements d'urbanisme, public (server/documents/renseignements.ts).
        const ref = d.layer === 'parcelles' ? d.rows.find((r) => r.field === 'reference')?.value.replace(/\s+/g, '') : undefined;
        if (ref) {
          const a = document.createElement('a');
          a.className = 'info-renseignements';
          a.href = `/api/renseignements.pdf?parcelle=${encodeURIComponent(ref)}`;
          a.target = '_blank';
          a.rel = 'noopener';
          a.textContent = 'Note de renseignements d’urbanisme (PDF)';
          section.append(a);
        }
        parts.push(section);
      }
      body.replaceChildren(...parts);
      body.scrollTop = 0;
      panel.hidden = false;
    },
    hide,
  };
}
