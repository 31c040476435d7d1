// The import's summary, as the CLI prints it: in French, like every message a user reads.
import { describe, expect, it } from 'vitest';
import { formatReport, newReport } from './report.ts';

describe('formatReport', () => {
  it('says what was read, imported, repaired and rejected, the notes and the communes, in French', () => {
    const r = newReport('plu');
    r.files.push({ file: 'a/30014_ZONE_URBA_20171013.shp', table: 'plu_zone_urba', read: 3, imported: 2,
      repaired: [{ feature: '#2 (Ua)', reason: 'Self-intersection' }], rejected: [{ feature: '#3 (N)', reason: 'géométrie vide' }], moreRepaired: 0, moreRejected: 4 });
    r.notes.push('ZONE_URBA : deux fichiers dans deux formats, a.shp est importé (livraison d\'origine) et a.geojson ignoré');
    r.communes.push('30014');
    r.documents.push('30014_PLU_20171013');
    r.partitions.push('DU_30014');
    expect(formatReport(r, 1).split('\n')).toEqual([
      'a/30014_ZONE_URBA_20171013.shp → plu_zone_urba : 3 lu(s), 2 importé(s), 1 réparé(s), 5 rejeté(s)',
      '  réparé #2 (Ua) : Self-intersection',
      '  rejeté #3 (N) : géométrie vide',
      '  … et 4 autre(s) rejeté(s)',
      'remarque : ZONE_URBA : deux fichiers dans deux formats, a.shp est importé (livraison d\'origine) et a.geojson ignoré',
      'total : 3 lu(s), 2 importé(s), 1 réparé(s), 5 rejeté(s)',
      'communes : 30014',
      'documents : 30014_PLU_20171013',
      'partitions : DU_30014',
    ]);
  });
});
