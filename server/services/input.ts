/**
 * Reading a service call's data. The integration validates its services with voluptuous, but the
 * card's requests and other clients reach the sidecar too, so every field is checked here again
 * and a wrong one is named in the error.
 */
import type { Vec3 } from '../config/types.ts';
import { invalid } from './errors.ts';

export type ServiceData = Record<string, unknown>;

export function serviceData(data: unknown): ServiceData {
  if (data === undefined || data === null) return {};
  if (typeof data !== 'object' || Array.isArray(data)) throw invalid('service data must be a mapping of fields');
  return data as ServiceData;
}

export function requiredText(data: ServiceData, field: string): string {
  const value = data[field];
  if (value === undefined || value === null) throw invalid(`missing required field \`${field}\``);
  // Floor ids may be written as numbers (`0:`); they are text everywhere else.
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string' || value.trim() === '') throw invalid(`\`${field}\` must be non-empty text, got ${JSON.stringify(value)}`);
  return value.trim();
}

export function optionalText(data: ServiceData, field: string): string | undefined {
  return data[field] === undefined || data[field] === null ? undefined : requiredText(data, field);
}

export function requiredCoordinates(data: ServiceData, field: string): Vec3 {
  const value = data[field];
  if (value === undefined || value === null) throw invalid(`missing required field \`${field}\``);
  const numbers = Array.isArray(value) ? value.map((v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v)) : [];
  if (numbers.length !== 3 || !numbers.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    throw invalid(`\`${field}\` must be three numbers [x, y, z] in metres, got ${JSON.stringify(value)}`);
  }
  return numbers as Vec3;
}
