// Legend: zone colours by typezone (GPU), the SUP categories present in the loaded data, the symbols
// of prescriptions and informations, and the cadastre lines. Swatches are plain CSS.
import { TYPEZONE_COLORS, withAlpha } from './styles.ts';
import { TYPEZONE_LABELS } from './format.ts';
import { ETATS, ETAT_LABELS, symbolSvg } from './publication/etats.ts';
import { compareCategories, supCategoryLabel, supCategoryStyle, type Hatch } from './sup-categories.ts';

const MAIN_TYPEZONES = ['U', 'AUc', 'AUs', 'A', 'N'];

function hatchCss(color: string, hatch: Hatch): string {
  const line = withAlpha(color, 0.8);
  const stripes = (angle: number) => `repeating-linear-gradient(${angle}deg, ${line} 0 1px, transparent 1px 5px)`;
  switch (hatch) {
    case 'slash': return stripes(-45);
    case 'backslash': return stripes(45);
    case 'cross': return `${stripes(-45)}, ${stripes(45)}`;
    case 'horizontal': return stripes(0);
    case 'vertical': return stripes(90);
    default: return withAlpha(color, 0.15);
  }
}

function item(swatch: HTMLElement, text: string, data: Record<string, string> = {}): HTMLLIElement {
  const li = document.createElement('li');
  li.className = 'legend-item';
  Object.assign(li.dataset, data);
  swatch.classList.add('swatch');
  swatch.setAttribute('aria-hidden', 'true');
  const span = document.createElement('span');
  span.textContent = text;
  li.append(swatch, span);
  return li;
}

function box(style: Partial<CSSStyleDeclaration>): HTMLElement {
  const el = document.createElement('span');
  Object.assign(el.style, style);
  return el;
}

function group(title: string, items: HTMLLIElement[], id: string): HTMLElement {
  const section = document.createElement('section');
  section.className = 'legend-group';
  section.id = id;
  const h = document.createElement('h3');
  h.textContent = title;
  const ul = document.createElement('ul');
  ul.append(...items);
  section.append(h, ul);
  return section;
}

export type Legend = { setSupCategories: (categories: string[]) => void };

export function createLegend(container: HTMLElement): Legend {
  const zones = group('Zonage du PLU', MAIN_TYPEZONES.map((t) => item(
    box({ background: withAlpha(TYPEZONE_COLORS[t]!, 0.45), border: '1.5px solid #5d32ee' }),
    `${t} — ${TYPEZONE_LABELS[t]}`, { typezone: t },
  )), 'legende-zonage');

  const supList = document.createElement('ul');
  const sup = document.createElement('section');
  sup.className = 'legend-group';
  sup.id = 'legende-servitudes';
  const supTitle = document.createElement('h3');
  supTitle.textContent = 'Servitudes d’utilité publique';
  sup.append(supTitle, supList);

  const psc = group('Prescriptions et informations du PLU', [
    item(box({ background: hatchCss('#56aa02', 'backslash'), border: '1.5px solid #56aa02' }), 'Prescription surfacique'),
    item(box({ borderTop: '3px dashed #e600a9', height: '0', marginTop: '7px' }), 'Prescription linéaire'),
    item(box({ background: 'radial-gradient(circle, #730000 0 5px, transparent 5.5px)' }), 'Prescription ponctuelle'),
    item(box({ background: withAlpha('#cdaa66', 0.2), border: '1.5px dotted #71603a' }), 'Information surfacique, linéaire ou ponctuelle'),
  ], 'legende-prescriptions');

  const cadastre = group('Cadastre', [
    item(box({ border: '0.8px solid #3c3c3c', background: '#fff' }), 'Parcelle'),
    item(box({ border: '1.8px solid #1f1f1f', background: '#fff' }), 'Section'),
    item(box({ borderTop: '2.5px dashed #111', height: '0', marginTop: '7px' }), 'Limite communale'),
  ], 'legende-cadastre');

  // The public permits: the map's own symbol (shape and colour) for each state, and their parcels' outline.
  const autorisations = group('Autorisations d’urbanisme', [
    ...ETATS.map((e) => {
      const swatch = document.createElement('span');
      swatch.className = 'swatch-symbol';
      swatch.innerHTML = symbolSvg(e, 18);
      return item(swatch, ETAT_LABELS[e], { etat: e });
    }),
    item(box({ border: '2.5px solid #0072b2', outline: '2px solid #fff', outlineOffset: '-5px', background: 'transparent' }), 'Parcelles du dossier (zoom 17 et plus)'),
  ], 'legende-autorisations');

  container.replaceChildren(autorisations, zones, sup, psc, cadastre);

  let current: string | null = null;
  const legend: Legend = {
    setSupCategories(categories) {
      const sorted = [...new Set(categories.map((c) => c.toUpperCase()))].sort(compareCategories);
      const key = sorted.join(',');
      if (key === current) return;
      current = key;
      if (!sorted.length) {
        const li = document.createElement('li');
        li.className = 'legend-empty';
        li.textContent = 'Aucune servitude dans la zone affichée.';
        supList.replaceChildren(li);
        return;
      }
      supList.replaceChildren(...sorted.map((c) => {
        const { color, hatch } = supCategoryStyle(c);
        return item(box({ background: hatchCss(color, hatch), border: `2px solid ${color}` }), supCategoryLabel(c), { categorie: c });
      }), item(box({ border: '1px solid #444', background: 'linear-gradient(45deg, transparent 40%, #444 40% 60%, transparent 60%) center / 9px 9px no-repeat' }),
        'Générateur (trait fin, losange) ; assiette hachurée'));
    },
  };
  legend.setSupCategories([]);
  return legend;
}
