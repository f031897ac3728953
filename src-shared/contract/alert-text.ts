import type { Alert } from './domain.js';

/**
 * Lower-cased text an alert search looks in: id, title, description, type, town, village and
 * address. The cache stores it for its text query and the console matches live alerts against
 * it, so both keep or drop an alert alike.
 */
export function alertSearchText(alert: Alert): string {
  return [
    alert.id,
    alert.title,
    alert.description,
    alert.eventType.label,
    alert.place.townName,
    alert.place.villageName,
    alert.place.address,
  ]
    .filter((part): part is string => typeof part === 'string')
    .join('\n')
    .toLowerCase();
}
