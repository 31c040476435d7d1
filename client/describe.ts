// What the info panel says about one feature, by layer: a French title and label/value rows. Pure.
import { destdomiLabel, formatArea, NATURE_GEOM_LABELS, parcelReference, reglement, typezoneLabel, type ParcelProps } from './format.ts';
import { supCategoryLabel } from './sup-categories.ts';
import { describeAutorisation } from './publication/card.ts';

/** `href`: the value is a link (a zone's règlement). */
export type Row = { label: string; value: string; field?: string; href?: string };
/** `link`: where to read more (a permit's public page). */
export type Description = { layer: string; kind: string; title: string; rows: Row[]; link?: { href: string; text: string } };

type Props = Record<string, unknown>;

const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v).trim());
const rows = (...list: (Row | false)[]): Row[] => list.filter((r): r is Row => r !== false && r.value !== '');
const codes = (a: unknown, b: unknown) => [str(a), str(b)].filter(Boolean).join('-');

/** Layers shown in the info panel, in this order; others (communes, sections) are context only. */
export const INFO_ORDER = ['autorisations', 'autorisations_parcelles', 'parcelles', 'zone_urba', 'assiettes_sup', 'generateurs_sup', 'prescriptions', 'informations'];

export function describe(layer: string, p: Props, communeNames: Record<string, string> = {}): Description {
  switch (layer) {
    case 'autorisations':
    case 'autorisations_parcelles':
      return describeAutorisation(p, communeNames);
    case 'parcelles': {
      const ref = parcelReference(p as ParcelProps);
      const commune = str(p.commune);
      return {
        layer, kind: 'Parcelle', title: `Parcelle ${ref}`,
        rows: rows(
          { label: 'Référence', value: ref, field: 'reference' },
          { label: 'Commune', value: communeNames[commune] ? `${commune} — ${communeNames[commune]}` : commune },
          { label: 'Section', value: str(p.section) },
          { label: 'Numéro', value: str(p.numero) },
          { label: 'Contenance', value: formatArea(typeof p.contenance === 'number' ? p.contenance : null), field: 'contenance' },
        ),
      };
    }
    case 'zone_urba': {
      const rules = reglement(p);
      return {
        layer, kind: 'Zone du PLU', title: `Zone ${str(p.libelle)}`,
        rows: rows(
          { label: 'Libellé', value: str(p.libelle), field: 'libelle' },
          { label: 'Libellé long', value: str(p.libelong), field: 'libelong' },
          { label: 'Type de zone', value: typezoneLabel(str(p.typezone)), field: 'typezone' },
          { label: 'Destination dominante', value: destdomiLabel(str(p.destdomi)), field: 'destdomi' },
          rules !== null && { label: 'Règlement', value: rules.text, field: 'reglement', ...(rules.href ? { href: rules.href } : {}) },
          { label: 'Document', value: str(p.idurba) },
        ),
      };
    }
    case 'assiettes_sup':
      return {
        layer, kind: 'Servitude d’utilité publique', title: supCategoryLabel(str(p.categorie) || str(p.suptype)),
        rows: rows(
          { label: 'Catégorie', value: supCategoryLabel(str(p.categorie) || str(p.suptype)), field: 'categorie' },
          { label: 'Servitude', value: str(p.nomsuplitt), field: 'nomsuplitt' },
          { label: 'Type d’assiette', value: str(p.typeass), field: 'typeass' },
          { label: 'Assiette', value: str(p.nomass) !== str(p.typeass) ? str(p.nomass) : '' },
          { label: 'Géométrie', value: NATURE_GEOM_LABELS[str(p.nature_geom)] ?? '' },
        ),
      };
    case 'generateurs_sup':
      return {
        layer, kind: 'Générateur de servitude', title: `Générateur ${str(p.nomgen) || supCategoryLabel(str(p.categorie))}`,
        rows: rows(
          { label: 'Catégorie', value: supCategoryLabel(str(p.categorie)), field: 'categorie' },
          { label: 'Servitude', value: str(p.nomsuplitt), field: 'nomsuplitt' },
          { label: 'Générateur', value: str(p.nomgen) },
          { label: 'Type', value: str(p.typegen) !== str(p.nomgen) ? str(p.typegen) : '' },
          { label: 'Géométrie', value: NATURE_GEOM_LABELS[str(p.nature_geom)] ?? '' },
        ),
      };
    case 'prescriptions':
      return {
        layer, kind: 'Prescription du PLU', title: `Prescription ${str(p.libelle)}`,
        rows: rows(
          { label: 'Libellé', value: str(p.libelle) },
          { label: 'Texte', value: str(p.txt) },
          { label: 'Type (typepsc-stypepsc)', value: codes(p.typepsc, p.stypepsc) },
          { label: 'Géométrie', value: NATURE_GEOM_LABELS[str(p.nature_geom)] ?? '' },
        ),
      };
    case 'informations':
      return {
        layer, kind: 'Information du PLU', title: `Information ${str(p.libelle)}`,
        rows: rows(
          { label: 'Libellé', value: str(p.libelle) },
          { label: 'Texte', value: str(p.txt) },
          { label: 'Type (typeinf-stypeinf)', value: codes(p.typeinf, p.stypeinf) },
          { label: 'Géométrie', value: NATURE_GEOM_LABELS[str(p.nature_geom)] ?? '' },
        ),
      };
    default:
      return {
        layer, kind: layer, title: layer,
        rows: Object.entries(p).filter(([k, v]) => k !== 'geometry' && (typeof v !== 'object' || v === null)).map(([k, v]) => ({ label: k, value: str(v) })).filter((r) => r.value !== ''),
      };
  }
}
