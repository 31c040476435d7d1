// The spatial check on the extracts of real data in the repository (fixtures/SOURCES.md): 19 of
// Arpaillargues' 77 surface prescriptions with the zones around them, Bonifacio's monuments, 347
// parcels of Épinay-sur-Orge around section AB.
import { real } from '../import/test-helpers.ts';
import { realDataChecks } from './check-real.cases.ts';

realDataChecks(real, { surfPrescriptions: 19 });
