// Bottom sheets for a phone (RGAA 10.11, reflow): at 640 px and less the layers, the desk, the public
// page and the info panel lie over the bottom of the map rather than beside it, and each has a handle
// that folds it to a strip so the whole map can be used. On a wider screen the CSS hides the handles
// and the wrappers take no box (display: contents), so nothing here changes the laptop layout.
// The panels' own modules replace their content freely: the handles live outside what they redraw.

/** Folds or unfolds a sheet; its handle says which, for sighted and screen-reader users alike. */
function setFolded(sheet: HTMLElement, handle: HTMLButtonElement, folded: boolean): void {
  sheet.dataset.collapsed = String(folded);
  handle.setAttribute('aria-expanded', String(!folded));
  const state = handle.querySelector('.sheet-handle-state');
  if (state) state.textContent = folded ? 'afficher' : 'réduire';
}

/** Wires every `.sheet[data-sheet]` of the page and the info panel's fold button. */
export function mountSheets(): void {
  for (const sheet of document.querySelectorAll<HTMLElement>('.sheet[data-sheet]')) {
    const panel = sheet.firstElementChild as HTMLElement | null;
    if (!panel?.id) continue;
    const handle = document.createElement('button');
    handle.type = 'button';
    handle.className = 'sheet-handle';
    handle.setAttribute('aria-controls', panel.id);
    const title = document.createElement('span');
    title.textContent = sheet.dataset.sheet ?? '';
    const state = document.createElement('span');
    state.className = 'sheet-handle-state';
    handle.append(title, state);
    sheet.prepend(handle);
    setFolded(sheet, handle, sheet.dataset.collapsed === 'true');
    handle.addEventListener('click', () => setFolded(sheet, handle, sheet.dataset.collapsed !== 'true'));
    // A panel that opens (a permit's page, a dossier) comes unfolded: what was just asked for is seen.
    new MutationObserver(() => { if (!panel.hidden) setFolded(sheet, handle, false); })
      .observe(panel, { attributes: true, attributeFilter: ['hidden'] });
  }

  const info = document.getElementById('info-panel');
  const fold = info?.querySelector<HTMLButtonElement>('.info-fold');
  if (info && fold) {
    const set = (folded: boolean) => {
      info.dataset.collapsed = String(folded);
      fold.setAttribute('aria-expanded', String(!folded));
      fold.textContent = folded ? 'Afficher' : 'Réduire';
    };
    fold.addEventListener('click', () => set(info.dataset.collapsed !== 'true'));
    // Each click on the map shows a new fiche: unfolded, since that is what the user asked for.
    new MutationObserver(() => set(false)).observe(info.querySelector('#info-body') ?? info, { childList: true });
    set(false);
  }
}
