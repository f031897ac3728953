import type { Alert } from '../contract/index.js';

/**
 * Newest first by publication instant, then by occurrence instant, then by id: the order of the
 * cache's alert queries and of every alert list a window shows.
 */
export function compareNewestFirst(left: Alert, right: Alert): number {
  if (left.publishedAt !== right.publishedAt) {
    return right.publishedAt - left.publishedAt;
  }
  if (left.occurredAt !== right.occurredAt) {
    return right.occurredAt - left.occurredAt;
  }
  if (left.id === right.id) {
    return 0;
  }
  return left.id < right.id ? 1 : -1;
}
