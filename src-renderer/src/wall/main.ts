import '../shared/zod-csp.js';
import '../shared/base.css';
import './wall.css';
// Before the app's imports, which evaluate ECharts and every panel.
import './start-early.js';
import { startWindow } from '../shared/bootstrap.js';
import App from './App.vue';

startWindow('wall', App);
