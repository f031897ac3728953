import '../shared/zod-csp.js';
import '../shared/base.css';
import './wall.css';
import { startWindow } from '../shared/bootstrap.js';
import App from './App.vue';

startWindow('wall', App);
