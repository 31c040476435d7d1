// The OpenAPI 3.1 description of the API Carto-compatible routes, served at /api/openapi.json and
// checked against real answers by openapi.test.ts. The paths are generated from the same tables the
// routes are (layers.ts); the properties of the cadastre's and the document's features are typed as
// API Carto's are. The rest of Terrier's API is not described yet (a later move of every route's
// validation to one schema library is to produce it).
import { CADASTRE_LAYERS, GPU_LAYERS } from './layers.ts';

const text = { type: 'string' } as const;
const int = { type: 'integer' } as const;
const nullable = (t: string) => ({ type: [t, 'null'] });

const query = (name: string, description: string, schema: object = text) => ({ in: 'query', name, required: false, description, schema });
const PAGING = [
  query('_limit', 'Nombre de résultats au plus', { type: 'integer', minimum: 0 }),
  query('_start', 'Position du premier résultat', { type: 'integer', minimum: 0 }),
];
const GEOM = query('geom', 'Géométrie GeoJSON en WGS84 (objet ou texte JSON)');

const commune = { code_dep: text, nom_com: nullable('string'), code_com: text, com_abs: text, code_arr: text, code_insee: text };
const PROPERTIES: Record<string, Record<string, object>> = {
  parcelle: { gid: int, numero: text, feuille: int, section: text, ...commune, idu: text, contenance: nullable('integer') },
  localisant: { gid: int, numero: text, feuille: int, section: text, ...commune, idu: text },
  feuille: { gid: int, feuille: int, section: text, ...commune, echelle: nullable('string'), edition: nullable('string') },
  divcad: { feuille: int, section: text, ...commune, echelle: nullable('string'), edition: nullable('integer') },
  commune: { gid: int, nom_com: text, code_dep: text, code_insee: text },
  document: {
    gid: int, id: text, grid_name: text, grid_title: nullable('string'), name: text, gpu_doc_id: text, gpu_status: text,
    gpu_timestamp: { type: 'string', format: 'date-time' }, partition: text, du_type: text,
  },
  municipality: { insee: text, name: text, is_rnu: { type: 'boolean' }, is_deleted: { type: 'boolean' }, is_coastline: nullable('boolean') },
};
// Added by Terrier after API Carto's properties when `geom` is a surface.
const INTERSECTION = { intersection_area: { type: 'number' }, intersection_share: { type: 'number', minimum: 0, maximum: 100 } };

const collectionOf = (typeName: string) => {
  const props = PROPERTIES[typeName];
  const properties = props
    ? { type: 'object', properties: { ...props, ...INTERSECTION }, required: Object.keys(props) }
    : { type: 'object', properties: { gid: int, partition: text, ...INTERSECTION }, required: ['gid', 'partition'] };
  return {
    allOf: [{ $ref: '#/components/schemas/FeatureCollection' }],
    properties: { features: { type: 'array', items: { allOf: [{ $ref: '#/components/schemas/Feature' }], properties: { properties } } } },
  };
};

function operation(id: string, summary: string, parameters: object[], typeName: string) {
  const responses = {
    200: { description: 'Les objets trouvés', content: { 'application/json': { schema: collectionOf(typeName) } } },
    400: { description: 'Paramètre refusé, dans la forme d’API Carto', content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiCartoError' } } } },
    429: { description: 'Trop de requêtes depuis cette adresse', content: { 'application/json': { schema: { $ref: '#/components/schemas/TerrierError' } } } },
  };
  return {
    get: { operationId: `get_${id}`, summary, parameters, responses },
    post: {
      operationId: `post_${id}`, summary: `${summary} (paramètres dans la chaîne de requête, le corps ou les deux)`, parameters,
      requestBody: { required: false, content: { 'application/json': { schema: { type: 'object', properties: { geom: { type: ['object', 'string'] } } } } } },
      responses,
    },
  };
}

const GPU_PARAMS = (route: string): object[] => {
  const layer = GPU_LAYERS[route]!;
  return [
    ...(layer.noGeom ? [] : [GEOM]),
    ...(layer.filters.partition ? [query('partition', 'Partition du GPU (DU_30014, 172014607_SUP_2A_AC1…)')] : []),
    ...(layer.filters.categorie ? [query('categorie', 'Catégorie de SUP (AC1, PM1…)')] : []),
    ...(layer.filters.insee ? [query('insee', 'Code INSEE de la commune')] : []),
    ...PAGING,
  ];
};
const CADASTRE_PARAMS = [
  query('code_insee', 'Code INSEE sur 5 caractères (75056 avec code_arr pour un arrondissement de Paris, Lyon, Marseille)'),
  query('code_dep', 'Code du département'), query('code_com', 'Code de la commune dans le département (avec code_dep)'),
  query('section', 'Section sur 1 ou 2 caractères'), query('numero', 'Numéro de parcelle sur 4 chiffres au plus'),
  query('com_abs', 'Préfixe (commune absorbée), 3 chiffres'), query('code_arr', 'Code d’arrondissement, 3 chiffres'),
  query('source_ign', 'PCI (seule source de Terrier)', { type: 'string', enum: ['PCI', 'pci'] }),
  GEOM, ...PAGING,
];

const geometry = { type: 'object', required: ['type', 'coordinates'], properties: { type: { enum: ['Point', 'LineString', 'Polygon', 'MultiPoint', 'MultiLineString', 'MultiPolygon'] }, coordinates: { type: 'array' } } };
const bbox = { type: 'array', items: { type: 'number' }, minItems: 4, maxItems: 4 };

export const OPENAPI = {
  openapi: '3.1.0',
  info: {
    title: 'Terrier : API compatible API Carto (GPU et cadastre)',
    version: '1.0.0',
    description: 'Les routes /api/gpu/* et /api/cadastre/* répondent comme l’API Carto de l’IGN (paramètres, propriétés, enveloppe, erreurs), en GET ou en POST.',
  },
  paths: {
    ...Object.fromEntries(Object.entries(GPU_LAYERS).map(([route, layer]) => [`/api/gpu/${route}`, operation(`gpu_${layer.typeName}`, `GPU : ${route}`, GPU_PARAMS(route), layer.typeName)])),
    ...Object.fromEntries(Object.entries(CADASTRE_LAYERS).map(([route, layer]) => [`/api/cadastre/${route}`, operation(`cadastre_${route}`, `Cadastre : ${route}`, CADASTRE_PARAMS, layer.typeName)])),
  },
  components: {
    schemas: {
      Feature: {
        type: 'object', required: ['type', 'id', 'geometry', 'geometry_name', 'properties'],
        properties: { type: { const: 'Feature' }, id: text, geometry: { oneOf: [geometry, { type: 'null' }] }, geometry_name: text, properties: { type: 'object' }, bbox },
      },
      FeatureCollection: {
        type: 'object', required: ['type', 'features', 'totalFeatures', 'numberMatched', 'numberReturned', 'timeStamp', 'crs'],
        properties: {
          type: { const: 'FeatureCollection' },
          features: { type: 'array', items: { $ref: '#/components/schemas/Feature' } },
          totalFeatures: int, numberMatched: int, numberReturned: int,
          timeStamp: { type: 'string', format: 'date-time' },
          crs: { oneOf: [{ type: 'object', required: ['type', 'properties'] }, { type: 'null' }] },
          bbox,
          links: { type: 'array', items: { type: 'object', required: ['href', 'rel'], properties: { href: text, rel: text, type: text, method: text, body: { type: 'object' } } } },
        },
      },
      ApiCartoError: {
        type: 'object', required: ['code', 'message'],
        properties: {
          code: { const: 400 },
          message: { type: 'object', additionalProperties: { type: 'object', required: ['msg', 'param', 'location'], properties: { msg: text, param: text, location: { enum: ['query', 'body'] }, code: text } } },
        },
      },
      TerrierError: { type: 'object', required: ['error'], properties: { error: { type: 'object', required: ['code', 'message'], properties: { code: text, message: text } } } },
    },
  },
};
