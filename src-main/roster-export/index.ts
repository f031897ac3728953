// Roster exports for the duty office: an xlsx workbook, an iCalendar feed, a printable A4
// notice and a JSON backup. The code is plain Node, and the Electron shell decides where the bytes
// go.
export * from './model.js';
export * from './duty-log.js';
export { DATE_FORMAT, DATE_TIME_FORMAT } from './xlsx-layout.js';
export * from './xlsx.js';
export { DUTY_LOG_SHEET_NAME, followUpHeaders } from './xlsx-duty-log.js';
export * from './ical.js';
export * from './print-html.js';
export * from './backup.js';
export * from './export-service.js';
