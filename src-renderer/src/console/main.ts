import '../shared/zod-csp.js';
import '../shared/base.css';
import './console.css';
import { startWindow } from '../shared/bootstrap.js';
import App from './App.vue';

startWindow('console', App);
