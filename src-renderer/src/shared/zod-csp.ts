// Imported first by each window entry, before any module that builds a zod schema. Zod 4 probes
// `new Function` when it builds an object schema, to compile faster validators. The CSP forbids
// eval, and Chromium reports even the caught probe as a violation. Schemas built before this call
// keep probing, so it must run before the contract is loaded.
import { z } from 'zod';

z.config({ jitless: true });
