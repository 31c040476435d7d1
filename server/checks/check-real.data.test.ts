// The spatial check on the full real data (npm run test:data): every surface prescription of
// Arpaillargues, the whole Épinay-sur-Orge cadastre.
import { shared } from '../import/test-helpers.ts';
import { realDataChecks } from './check-real.cases.ts';

realDataChecks(shared, { surfPrescriptions: 77 });
