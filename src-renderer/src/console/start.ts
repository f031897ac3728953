// The console's page after its early link (main.ts): zod's CSP setting first, then the app.
import '../shared/zod-csp.js';
import { startWindow } from '../shared/bootstrap.js';
import App from './App.vue';

startWindow('console', App);
