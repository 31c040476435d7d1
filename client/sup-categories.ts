// Servitudes d'utilité publique: French labels of each categorie, after the Géoportail de
// l'Urbanisme (the SLDs and category labels of IGNF/geoportail-urbanisme-dev; typos fixed, typeass qualifiers dropped), and the colour and hatch
// used to draw them. Colours follow the GPU hue families (orange = patrimoine AC, dark red = risques
// PM, magenta = réseaux I, violet = défense AR, teal = eaux AS, blue-violet = télécoms PT, green =
// agriculture A, black = voirie EL/T); AC2, INT1 and EL7 share a hue with another category on the
// GPU, so they get their own here to stay distinct on one map. Pure data: no DOM.

export type Hatch = 'slash' | 'backslash' | 'cross' | 'horizontal' | 'vertical' | 'none';

const LABELS: Record<string, string> = {
  A1: 'Protection des bois et forêts à Mayotte',
  A2: 'Conduites d’irrigation',
  A3: 'Entretien des canaux d’irrigation',
  A4: 'Lits et berges des cours d’eau',
  A5: 'Canalisations publiques d’eau et d’assainissement',
  A6: 'Écoulement des eaux nuisibles',
  A7: 'Forêts dites de protection',
  A8: 'Terrains en montagne et dunes',
  A9: 'Zones agricoles protégées',
  A10: 'Protection naturelle, agricole et forestière du plateau de Saclay',
  AC1: 'Monuments historiques',
  AC2: 'Sites inscrits et classés',
  AC3: 'Réserves naturelles',
  AC4: 'Sites patrimoniaux remarquables',
  AC4BIS: 'Plans de valorisation de l’architecture et du patrimoine',
  AR1: 'Champs de vue pour la navigation maritime',
  AR2: 'Ouvrages de défense ou de sécurité maritime',
  AR3: 'Magasins à poudre',
  AR4: 'Terrains d’atterrissage militaires',
  AR5: 'Fortifications et ouvrages militaires',
  AR6: 'Champs de tir',
  AS1: 'Protection des eaux',
  AS2: 'Établissements conchylicoles',
  EL2BIS: 'Loire et ses affluents',
  EL3: 'Cours d’eau (halage et marchepied)',
  EL4: 'Développement et protection des montagnes',
  EL5: 'Visibilité sur les voies publiques',
  EL6: 'Réserve de terrains nécessaires aux routes',
  EL7: 'Alignement des voies publiques',
  EL8: 'Champs de vue pour la navigation maritime',
  EL9: 'Littoral',
  EL10: 'Parcs nationaux',
  EL11: 'Interdictions d’accès en bord de routes',
  I1: 'Maîtrise des canalisations de gaz, d’hydrocarbures et de produits chimiques',
  I2: 'Énergie hydraulique',
  I3: 'Canalisations de transport de gaz, hydrocarbures et produits chimiques',
  I4: 'Canalisations électriques',
  I5: 'Canalisations de distribution de gaz',
  I6: 'Mines et carrières',
  I7: 'Stockage souterrain de gaz, hydrocarbures et produits chimiques',
  I9: 'Canalisations de transport et de distribution de chaleur',
  INT1: 'Cimetières',
  JS1: 'Équipements sportifs',
  PM1: 'Plans de prévention des risques naturels et miniers',
  PM1BIS: 'Inondations pour la rétention des crues du Rhin',
  PM2: 'Installations classées et sites constituant un risque pour la sécurité et la salubrité publique',
  PM3: 'Plans de prévention des risques technologiques',
  PM4: 'Zones de rétention d’eau et de mobilité des cours d’eau',
  PM5: 'Ouvrages hydrauliques',
  PM6: 'Installations nucléaires de base',
  PT1: 'Communications électroniques (perturbations électromagnétiques)',
  PT2: 'Communications électroniques (obstacles)',
  PT3: 'Réseaux de télécommunication',
  T1: 'Voies ferrées et visibilité sur les voies publiques',
  T2: 'Survol au profit des téléphériques',
  T3: 'Tréfonds',
  T4: 'Aéronautique de balisage',
  T5: 'Circulation aérienne',
  T6: 'Terrains nécessaires à la navigation aérienne',
  T7: 'Extérieur des zones de dégagement',
  T8: 'Installations de navigation et d’atterrissage',
  T9: 'Transport par câble',
};

/** Categories given their own colour (and the GPU hatch), in legend order. */
const OWN: Record<string, { color: string; hatch: Hatch }> = {
  AC1: { color: '#ff8000', hatch: 'slash' },
  AC2: { color: '#b8860b', hatch: 'cross' },
  PM1: { color: '#a81616', hatch: 'slash' },
  I4: { color: '#fa00fa', hatch: 'none' },
  INT1: { color: '#5b3a8c', hatch: 'slash' },
  EL7: { color: '#0b5394', hatch: 'horizontal' },
};

/** Hue family by the category's letters (longest prefix first). */
const FAMILIES: [string, string][] = [
  ['AC', '#ff8000'], ['AR', '#800080'], ['AS', '#00a0a0'], ['PM', '#a81616'], ['PT', '#6a67e0'],
  ['INT', '#5b3a8c'], ['JS', '#333333'], ['EL', '#1a1a1a'], ['A', '#2f8f1f'], ['I', '#d000d0'], ['T', '#1a1a1a'],
];
const UNKNOWN_COLOR = '#555555';

/** Normalises a categorie or suptype ("ac1", "AC1", "ac4bis") to the CNIG spelling used as key. */
export function categoryKey(categorie: string | null | undefined): string {
  return (categorie ?? '').trim().toUpperCase();
}

/** "AC1 — Monuments historiques"; unknown categories keep their code. */
export function supCategoryLabel(categorie: string | null | undefined): string {
  const key = categoryKey(categorie);
  if (!key) return 'Catégorie inconnue';
  const label = LABELS[key];
  return label ? `${displayCode(key)} — ${label}` : displayCode(key);
}

/** AC4BIS → AC4bis, as the CNIG writes it. */
function displayCode(key: string): string {
  return key.replace(/BIS$/, 'bis');
}

export function supCategoryStyle(categorie: string | null | undefined): { color: string; hatch: Hatch } {
  const key = categoryKey(categorie);
  const own = OWN[key];
  if (own) return own;
  const family = FAMILIES.find(([prefix]) => key.startsWith(prefix) && /^\d/.test(key.slice(prefix.length)));
  return { color: family ? family[1] : UNKNOWN_COLOR, hatch: 'slash' };
}

/** Sorts categories as the legend shows them: the main ones first, then alphabetically (natural order). */
export function compareCategories(a: string, b: string): number {
  const order = Object.keys(OWN);
  const ia = order.indexOf(categoryKey(a)), ib = order.indexOf(categoryKey(b));
  if (ia !== -1 || ib !== -1) return (ia === -1 ? order.length : ia) - (ib === -1 ? order.length : ib);
  return categoryKey(a).localeCompare(categoryKey(b), 'fr', { numeric: true });
}
