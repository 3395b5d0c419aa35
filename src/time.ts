/** @module time - lengths of time in milliseconds, the unit of every clock in Holler (`now()`). */
export const DAY_MS = 24 * 60 * 60 * 1000;
