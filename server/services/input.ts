/**
 * Reading a service call's data. The integration validates its services with voluptuous, but the
 * card's requests and other clients reach the sidecar too, so every field is checked here again
 * and a wrong one is named in the error.
 */
import type { Vec2, Vec3 } from '../config/types.ts';
import { invalid } from './errors.ts';

export type ServiceData = Record<string, unknown>;

export function serviceData(data: unknown): ServiceData {
  if (data === undefined || data === null) return {};
  if (typeof data !== 'object' || Array.isArray(data)) throw invalid('service data must be a mapping of fields');
  return data as ServiceData;
}

/** `label`: how messages name the field, e.g. `edits[2].id` for a field of a list item. */
export function requiredText(data: ServiceData, field: string, label = field): string {
  const value = data[field];
  if (value === undefined || value === null) throw invalid(`missing required field \`${label}\``);
  // Floor ids may be written as numbers (`0:`); they are text everywhere else.
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string' || value.trim() === '') throw invalid(`\`${label}\` must be non-empty text, got ${JSON.stringify(value)}`);
  return value.trim();
}

export function optionalText(data: ServiceData, field: string, label = field): string | undefined {
  return data[field] === undefined || data[field] === null ? undefined : requiredText(data, field, label);
}

/** `value` as finite numbers when it is a list of `length` of them (numeric text counts), else null. */
function numbers(value: unknown, length: number): number[] | null {
  if (!Array.isArray(value) || value.length !== length) return null;
  const read = value.map((v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v));
  return read.every((v) => typeof v === 'number' && Number.isFinite(v)) ? (read as number[]) : null;
}

export function requiredCoordinates(data: ServiceData, field: string, label = field): Vec3 {
  const value = data[field];
  if (value === undefined || value === null) throw invalid(`missing required field \`${label}\``);
  const point = numbers(value, 3);
  if (!point) throw invalid(`\`${label}\` must be three numbers [x, y, z] in metres, got ${JSON.stringify(value)}`);
  return point as Vec3;
}

/** A room outline: its corners in order. Whether it is a valid polygon is for the config checks. */
export function requiredOutline(data: ServiceData, field: string, label = field): Vec2[] {
  const value = data[field];
  if (value === undefined || value === null) throw invalid(`missing required field \`${label}\``);
  const points = Array.isArray(value) ? value.map((p) => numbers(p, 2)) : [];
  if (points.length < 3 || !points.every((p) => p !== null)) {
    throw invalid(`\`${label}\` must be at least 3 [x, y] points in metres, got ${JSON.stringify(value)}`);
  }
  return points as Vec2[];
}

/** Text to set, null to clear the field, or undefined when the field is absent (left as it is). */
export function clearableText(data: ServiceData, field: string, label = field): string | null | undefined {
  return data[field] === null ? null : optionalText(data, field, label);
}
