// Wall panels for the latest alerts, the severe-alert banner, public opinion and points. They are
// presentational: the caller passes the data, its age and whether it is stale.
import './panels.css';

export { default as LatestAlertsPanel } from './LatestAlertsPanel.vue';
export { default as SevereBanner } from './SevereBanner.vue';
export { default as OpinionSentimentPanel } from './OpinionSentimentPanel.vue';
export { default as OpinionHeatPanel } from './OpinionHeatPanel.vue';
export { default as OpinionNegativePanel } from './OpinionNegativePanel.vue';
export { default as PointsSummaryPanel } from './PointsSummaryPanel.vue';
export { default as PointsTownPanel } from './PointsTownPanel.vue';
export { default as PointsRulesPanel } from './PointsRulesPanel.vue';
export * from './alert-rows.js';
export * from './opinion-options.js';
export * from './points-rows.js';
