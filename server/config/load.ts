/**
 * Loads floorplan.yaml: YAML parse → JSON Schema → normalise → semantic checks. Every problem is
 * reported with the line and column of the YAML node it concerns; nothing here throws on bad input.
 */
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { LineCounter, parseDocument, visit, type Document } from 'yaml';
import { Source } from './yaml-source.ts';
import { normaliseNodeId } from './node-id.ts';
import {
  DEFAULT_DEVICE_HEIGHT,
  DEFAULT_MAX_READING_AGE,
  DEFAULT_RSSI_MODEL,
  DEFAULT_RSSI_NOISE_DB,
  DEFAULT_SHADOWING_SHARE,
  type FloorplanConfig,
  type LoadResult,
  type PresenceSettings,
  type Problem,
  type ProximityThresholds,
  type Vec2,
  type Vec3,
} from './types.ts';
import { validateConfig, type Finding, type KeyPath } from './validate.ts';

/** Alias expansions allowed while converting to JS: plenty for reuse, fatal to a billion-laughs bomb. */
const MAX_ALIAS_COUNT = 100;

const SCHEMA_FILE = join('floorplan', 'floorplan.schema.json');

/** The same code runs from server/config (tsx) and dist/server/config (tsc), so search upwards. */
function findSchemaFile(): string {
  const start = dirname(fileURLToPath(import.meta.url));
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, SCHEMA_FILE);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`${SCHEMA_FILE} not found in ${start} or above`);
  }
}

let validator: ValidateFunction | undefined;

function schemaValidator(): ValidateFunction {
  // verbose: the messages need the offending value and the schema that rejected it.
  validator ??= new Ajv({ allErrors: true, verbose: true, allowUnionTypes: true }).compile(
    JSON.parse(readFileSync(findSchemaFile(), 'utf8')) as object,
  );
  return validator;
}

type FloorId = string | number;

/** The document's shape once the schema has accepted it. */
interface RawFloorplan {
  floors?: Record<string, { height: number }> | null;
  rooms?: Record<string, { name?: string; floor: FloorId; area?: string; boundaries: Vec2[] }> | null;
  static_entities?: Record<string, { coordinates: Vec3 }> | null;
  moving_entities?: {
    beacon_nodes?: Record<
      string,
      {
        coordinates: Vec3;
        name?: string;
        floor?: FloorId;
        ref_power?: number;
        attenuation?: number;
        distance_scale?: number;
        proximity?: Partial<ProximityThresholds> | null;
      }
    > | null;
    rssi_model?: { ref_power?: number; attenuation?: number; noise_db?: number; shadowing_share?: number } | null;
    entities?: Record<string, { device: string }> | null;
    device_height?: number;
    max_reading_age?: number;
    proximity?: Partial<ProximityThresholds> | null;
  } | null;
  presence?: { home_state?: string; away_state?: string; consider_home?: number; occupied_state?: string; vacant_state?: string } | null;
  zones?: Record<
    string,
    { name?: string; floor: FloorId; boundaries?: Vec2[]; center?: Vec2; radius?: number; distance?: number; occupancy_sensor?: string }
  > | null;
}

const problemOrder = (a: Problem, b: Problem): number => a.line - b.line || a.column - b.column;

function result(config: FloorplanConfig | null, problems: Problem[]): LoadResult {
  problems.sort(problemOrder);
  const ok = !problems.some((p) => p.severity === 'error');
  return { config: ok ? config : null, problems };
}

/** Parses floorplan.yaml text the way the loader reads it; edits must see the same tree. */
export function parseConfigDocument(text: string, lines?: LineCounter): Document.Parsed {
  // YAML 1.2 core even under a `%YAML 1.1` directive, so `12:34:56`-like keys stay strings.
  return parseDocument(text, { lineCounter: lines, prettyErrors: false, version: '1.2', schema: 'core', logLevel: 'error' });
}

export function loadConfigText(text: string, file: string): LoadResult {
  const lines = new LineCounter();
  const doc = parseConfigDocument(text, lines);
  const src = new Source(doc, lines, file);
  // One syntax error usually sets off more at the same place: keep the first per key path.
  const errorPaths = new Set<string>();
  const problems = doc.errors.flatMap((e) => {
    const problem = src.yamlProblem(e, 'error');
    if (errorPaths.has(problem.path)) return [];
    errorPaths.add(problem.path);
    return [problem];
  });
  problems.push(...doc.warnings.map((w) => src.yamlProblem(w, 'warning')));
  // A tree with syntax errors is a guess; schema messages about it would only add noise.
  if (doc.errors.length > 0) return result(null, problems);

  // toJS() throws on aliases, so check them first: each must have an anchor, and their total
  // expansion is capped.
  let firstAlias: number | undefined;
  let unresolved = false;
  visit(doc, {
    Alias(_, node) {
      const offset = node.range?.[0] ?? 0;
      firstAlias ??= offset;
      if (node.resolve(doc) !== undefined) return;
      unresolved = true;
      problems.push(src.offsetProblem(offset, `unknown alias \`*${node.source}\`: no anchor \`&${node.source}\` before it`));
    },
  });
  if (unresolved) return result(null, problems);
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    // yaml throws a ReferenceError when the alias limit is hit; anything else (a RangeError from
    // absurd nesting) is still the document's fault, not ours.
    const reason = err instanceof Error ? err.message : String(err);
    const bombAt = err instanceof ReferenceError ? firstAlias : undefined;
    const message =
      bombAt === undefined ? `cannot read the document: ${reason}` : `aliases expand too much (limit ${MAX_ALIAS_COUNT}): ${reason}`;
    problems.push(src.offsetProblem(bombAt ?? 0, message));
    return result(null, problems);
  }

  // An empty or comments-only file is an empty config.
  const root = data ?? {};
  const validate = schemaValidator();
  const findings = validate(root) ? [] : schemaFindings(validate.errors ?? []);
  if (findings.some((f) => f.severity === 'error')) {
    return result(null, [...problems, ...findings.map((f) => src.problem(f))]);
  }
  const config = buildConfig(root as RawFloorplan, src);
  findings.push(...validateConfig(config, (path) => src.position(path, 'key').line));
  return result(config, [...problems, ...findings.map((f) => src.problem(f))]);
}

export async function loadConfigFile(path: string): Promise<LoadResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const message = `cannot read file: ${err instanceof Error ? err.message : String(err)}`;
    return { config: null, problems: [{ severity: 'error', file: path, line: 1, column: 1, path: '', message }] };
  }
  return loadConfigText(text, path);
}

/** JSON Pointer (`/rooms/kitchen/boundaries/2`) → segments. */
function pointerPath(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/**
 * Ajv errors → findings: unknown keys are warnings at the key, everything else an error; one error
 * per instance path, except that missing required keys of one mapping are listed together.
 */
function schemaFindings(errors: readonly ErrorObject[]): Finding[] {
  const findings: Finding[] = [];
  const byPath = new Map<string, { finding: Finding; missing: string[] }>();
  for (const err of errors) {
    // A failed propertyNames sub-schema is reported again, with the key, by the propertyNames error.
    if (err.propertyName !== undefined) continue;
    const path = pointerPath(err.instancePath);
    const params = err.params as Record<string, unknown>;
    if (err.keyword === 'additionalProperties') {
      const key = String(params['additionalProperty']);
      findings.push({ severity: 'warning', path: [...path, key], message: `unknown key \`${key}\` (ignored)`, at: 'key' });
      continue;
    }
    if (err.keyword === 'propertyNames') {
      const key = String(params['propertyName']);
      findings.push({ severity: 'error', path: [...path, key], message: 'expected a key that is not blank', at: 'key' });
      continue;
    }
    const seen = byPath.get(err.instancePath);
    if (err.keyword === 'required') {
      const key = String(params['missingProperty']);
      if (seen && seen.missing.length > 0) {
        seen.missing.push(key);
        seen.finding.message = `missing required keys ${seen.missing.map((k) => `\`${k}\``).join(', ')}`;
        continue;
      }
    }
    if (seen) continue;
    const finding: Finding = {
      severity: 'error',
      path,
      message: schemaMessage(err, path),
      at: err.keyword === 'required' ? 'key' : 'value',
    };
    byPath.set(err.instancePath, { finding, missing: err.keyword === 'required' ? [String(params['missingProperty'])] : [] });
    findings.push(finding);
  }
  return findings;
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return String(value);
}

const TYPE_NAMES: Record<string, string> = {
  number: 'a number',
  string: 'a string',
  object: 'a mapping',
  array: 'a list',
  null: 'nothing',
};

/** A fixed-length list of numbers described by its shape: `3 numbers [x, y, z]`. */
function pointShape(schema: unknown): string | null {
  const s = schema as { minItems?: number; maxItems?: number; items?: { type?: unknown } } | undefined;
  const n = s?.minItems;
  if (n === undefined || n !== s?.maxItems || s.items?.type !== 'number') return null;
  return `${n} numbers [${['x', 'y', 'z'].slice(0, n).join(', ')}]`;
}

/** What was expected, in the file's terms. */
function schemaMessage(err: ErrorObject, path: readonly string[]): string {
  const params = err.params as Record<string, unknown>;
  const shape = pointShape(err.parentSchema);
  switch (err.keyword) {
    case 'type': {
      const types = ([] as unknown[]).concat(params['type']).map(String);
      if (typeof err.data === 'number' && types.includes('number')) return `expected a finite number, got ${err.data}`;
      const expected = shape ? `exactly ${shape}` : types.map((t) => TYPE_NAMES[t] ?? t).join(' or ');
      return `expected ${expected}, got ${describe(err.data)}`;
    }
    case 'minItems':
    case 'maxItems': {
      const got = Array.isArray(err.data) ? err.data.length : 0;
      if (shape) return `expected exactly ${shape}, got ${got}`;
      const what = path[path.length - 1] === 'boundaries' ? 'points [x, y]' : 'items';
      return `expected at least ${String(params['limit'])} ${what}, got ${got}`;
    }
    case 'required':
      return `missing required key \`${String(params['missingProperty'])}\``;
    case 'exclusiveMinimum':
      return `expected a number greater than ${String(params['limit'])}, got ${describe(err.data)}`;
    case 'minLength':
      return `expected text of at least ${String(params['limit'])} character${params['limit'] === 1 ? '' : 's'}, got ${describe(err.data)}`;
    case 'maxLength':
      return `expected text of at most ${String(params['limit'])} characters, got ${typeof err.data === 'string' ? err.data.length : describe(err.data)}`;
    case 'minimum':
      return `expected a number of at least ${String(params['limit'])}, got ${describe(err.data)}`;
    case 'maximum':
      return `expected a number of at most ${String(params['limit'])}, got ${describe(err.data)}`;
    case 'dependencies':
      return `\`${String(params['property'])}\` needs \`${String(params['missingProperty'])}\` too`;
    default:
      return err.message ?? `invalid value (${err.keyword})`;
  }
}

/** Entries of a section in file order. */
function entries<T>(section: Record<string, T> | null | undefined, src: Source, path: KeyPath): [string, T][] {
  if (!section) return [];
  const order = new Map(src.keysAt(path).map((k, i) => [k, i]));
  const rank = (k: string): number => order.get(k) ?? order.size;
  return Object.keys(section)
    .sort((a, b) => rank(a) - rank(b))
    .map((k) => [k, section[k] as T]);
}

/** Drops the optional repeated closing point. */
function openRing(points: readonly Vec2[]): Vec2[] {
  const first = points[0];
  const last = points[points.length - 1];
  const closed = points.length > 1 && first && last && first[0] === last[0] && first[1] === last[1];
  return (closed ? points.slice(0, -1) : points).map(([x, y]) => [x, y]);
}

function buildConfig(raw: RawFloorplan, src: Source): FloorplanConfig {
  const moving = raw.moving_entities ?? {};
  const model = moving.rssi_model ?? {};
  return {
    floors: entries(raw.floors, src, ['floors']).map(([id, f]) => ({ id, height: f.height })),
    rooms: entries(raw.rooms, src, ['rooms']).map(([id, r]) => ({
      id,
      name: r.name ?? r.area ?? id,
      floor: String(r.floor),
      area: r.area ?? null,
      boundaries: openRing(r.boundaries),
    })),
    staticEntities: entries(raw.static_entities, src, ['static_entities']).map(([entityId, e]) => ({
      entityId,
      coordinates: [...e.coordinates],
    })),
    beaconNodes: entries(moving.beacon_nodes, src, ['moving_entities', 'beacon_nodes']).map(([id, n]) => ({
      id,
      key: normaliseNodeId(id),
      coordinates: [...n.coordinates],
      name: n.name ?? null,
      floor: n.floor === undefined ? null : String(n.floor),
      refPower: n.ref_power ?? null,
      attenuation: n.attenuation ?? null,
      distanceScale: n.distance_scale ?? null,
      ...(n.proximity && { proximity: { ...n.proximity } }),
    })),
    movingEntities: entries(moving.entities, src, ['moving_entities', 'entities']).map(([entityId, e]) => ({
      entityId,
      device: e.device.trim(),
    })),
    rssiModel: {
      refPower: model.ref_power ?? DEFAULT_RSSI_MODEL.refPower,
      attenuation: model.attenuation ?? DEFAULT_RSSI_MODEL.attenuation,
    },
    rssiNoiseDb: model.noise_db ?? DEFAULT_RSSI_NOISE_DB,
    shadowingShare: model.shadowing_share ?? DEFAULT_SHADOWING_SHARE,
    deviceHeight: moving.device_height ?? DEFAULT_DEVICE_HEIGHT,
    maxReadingAge: moving.max_reading_age ?? DEFAULT_MAX_READING_AGE,
    ...(moving.proximity && { proximity: { ...moving.proximity } }),
    ...(raw.presence && { presence: writtenPresence(raw.presence) }),
    ...(raw.zones && {
      zones: entries(raw.zones, src, ['zones']).map(([id, z]) => ({
        id,
        name: z.name ?? id,
        floor: String(z.floor),
        boundaries: z.boundaries ? openRing(z.boundaries) : null,
        circle: z.center && z.radius !== undefined ? { center: [z.center[0], z.center[1]], radius: z.radius } : null,
        distance: z.distance ?? 0,
        occupancySensor: z.occupancy_sensor?.trim() ?? null,
      })),
    }),
  };
}

/** The keys written, renamed; the others stay absent so that the defaults apply. */
function writtenPresence(raw: NonNullable<RawFloorplan['presence']>): Partial<PresenceSettings> {
  const settings: Partial<PresenceSettings> = {};
  if (raw.home_state !== undefined) settings.homeState = raw.home_state;
  if (raw.away_state !== undefined) settings.awayState = raw.away_state;
  if (raw.consider_home !== undefined) settings.considerHome = raw.consider_home;
  if (raw.occupied_state !== undefined) settings.occupiedState = raw.occupied_state;
  if (raw.vacant_state !== undefined) settings.vacantState = raw.vacant_state;
  return settings;
}
