import '../shared/base.css';
import '../shared/fonts.js';
import './wall.css';
import { startEarlyLink } from '../bridge/early-link.js';

// The link to main opens and the snapshot is requested before the rest of the page (Vue, the
// contract, the panels) is evaluated, so main builds the result while that happens. The page's
// head links those chunks, so they are already loading (see preload-dynamic-entries.ts).
void startEarlyLink('wall', [{ channel: 'state:snapshot', request: {} }]).then(
  () => import('./start.js'),
);
