// Duty area of the console: roster, duty log and handover (DutyView), and today's duty for a
// wall with masked phone numbers (DutyWallPanel). Both take a RecordsSource.
import './duty.css';

export { default as DutyView } from './DutyView.vue';
export { default as DutyWallPanel } from './DutyWallPanel.vue';
export { createDutyStore, type DutyStore } from './store.js';
export {
  maskPhone,
  dutyNowAndNext,
  monthGrid,
  rosterPanel,
  searchLog,
} from './view-model.js';
