import '../shared/base.css';
import '../shared/fonts.js';
import './console.css';
import { startEarlyLink } from '../bridge/early-link.js';

// As on the wall: the snapshot is requested before the console's modules load (see early-link.ts).
void startEarlyLink('console', [
  { channel: 'state:snapshot', request: {} },
]).then(() => import('./start.js'));
