/**
 * In-place edits of floorplan.yaml that leave every byte outside the edited values as the user
 * wrote it. The yaml Document locates each value (with its source range); the edit splices new
 * text into those ranges instead of re-printing the document, because re-printing reflows flow
 * lists, moves comments and re-indents. Each result is checked by parsing it back before it is
 * written, and written atomically.
 */
import { randomBytes } from 'node:crypto';
import { open, readFile, realpath, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { isAlias, isMap, isScalar, isSeq, Scalar, stringify, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import { loadConfigText, parseConfigDocument } from './load.ts';
import { formatKeyPath } from './yaml-source.ts';
import type { KeyPath } from './validate.ts';

/**
 * Sets the value at `path`, which must exist in the file. A mapping value is merged: its keys are
 * set one by one (recursively), and keys the file lacks are added after the mapping's last key.
 * A list of the same length as the one in the file is set item by item, so block lists stay block.
 */
export interface ConfigEdit {
  path: KeyPath;
  value: unknown;
}

/** Why an edit was refused; the file is untouched. */
export class ConfigEditError extends Error {
  override name = 'ConfigEditError';
}

const BEACON_NODES = ['moving_entities', 'beacon_nodes'] as const;

/**
 * Sets fields of one beacon node, e.g. `{ ref_power: -61.5 }` or `{ coordinates: [1, 2, 2.4] }`.
 * `nodeId` is the key exactly as written in the file (BeaconNodeConfig.id).
 */
export function updateNodeFields(
  file: string,
  nodeId: string,
  fields: Record<string, unknown>,
  options: EditOptions = {},
): Promise<string> {
  return editConfigFile(file, [{ path: [...BEACON_NODES, nodeId], value: fields }], options);
}

export interface EditOptions {
  /** The text the edits were computed from: the write is refused if the file no longer has it. */
  expectedText?: string;
}

/**
 * Applies `edits` to the file and replaces it atomically (temp file + rename, following a
 * symlink to the real file). Refuses, leaving the file as it was, when the file does not load
 * without errors, has changed since `expectedText` was read or while editing, or when the result
 * would not load. Returns the new text.
 */
export async function editConfigFile(file: string, edits: readonly ConfigEdit[], options: EditOptions = {}): Promise<string> {
  const real = await realpath(file);
  const text = await readFile(real, 'utf8');
  if (options.expectedText !== undefined && text !== options.expectedText) {
    throw new ConfigEditError(`${file} changed on disk since it was read; not writing`);
  }
  const edited = editConfigText(text, edits, file);
  if (edited === text) return text;

  const temp = join(dirname(real), `.${basename(real)}.${randomBytes(6).toString('hex')}.tmp`);
  const { mode } = await stat(real);
  try {
    const handle = await open(temp, 'wx', mode & 0o777);
    try {
      await handle.writeFile(edited, 'utf8');
      // On disk before the rename, so a crash leaves either the old file or the whole new one.
      await handle.sync();
    } finally {
      await handle.close();
    }
    // Narrows the window for a concurrent writer (an editor saving) to the rename itself.
    if ((await readFile(real, 'utf8')) !== text) {
      throw new ConfigEditError(`${file} changed on disk while it was being edited; not writing`);
    }
    await rename(temp, real);
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    throw err;
  }
  return edited;
}

/** The edited text. Throws ConfigEditError when the text or the result does not load cleanly. */
export function editConfigText(text: string, edits: readonly ConfigEdit[], file = 'floorplan.yaml'): string {
  refuseIfBroken(text, file, 'it has errors; fix them first');
  const doc = parseConfigDocument(text);
  let expected: unknown = doc.toJS();
  let edited = text;
  // One edit at a time on a fresh parse: ranges are then always those of the current text.
  for (const edit of edits) {
    edited = applyPatches(edited, patchesFor(parseConfigDocument(edited), edited, edit));
    expected = mergedAt(expected, edit.path, edit.value);
  }
  const result = parseConfigDocument(edited);
  // The splicing is local, so a mistake in it would show as a different document: never write one.
  if (result.errors.length > 0 || !isDeepStrictEqual(result.toJS(), expected)) {
    throw new ConfigEditError(`${file}: the edit could not be made in place without changing other values; not writing`);
  }
  refuseIfBroken(edited, file, 'the edited file would have errors');
  return edited;
}

function refuseIfBroken(text: string, file: string, why: string): void {
  const errors = loadConfigText(text, file).problems.filter((p) => p.severity === 'error');
  const first = errors[0];
  if (first === undefined) return;
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  throw new ConfigEditError(
    `${file}: not editing, ${why}: line ${first.line}: ${first.path === '' ? '' : `${first.path}: `}${first.message}${more}`,
  );
}

interface Patch {
  from: number;
  to: number;
  text: string;
}

function applyPatches(text: string, patches: Patch[]): string {
  let out = text;
  for (const p of [...patches].sort((a, b) => b.from - a.from)) out = out.slice(0, p.from) + p.text + out.slice(p.to);
  return out;
}

function patchesFor(doc: Document.Parsed, text: string, edit: ConfigEdit): Patch[] {
  let node: unknown = doc.contents;
  for (const [i, seg] of edit.path.entries()) {
    const next = isMap(node) ? pairOf(node, seg)?.value : isSeq(node) && typeof seg === 'number' ? node.items[seg] : undefined;
    if (next === undefined || next === null) {
      throw new ConfigEditError(`${formatKeyPath(edit.path.slice(0, i + 1))}: not in the file`);
    }
    node = next;
  }
  return setPatches(node as Node, edit.value, text, edit.path);
}

function pairOf(map: YAMLMap, key: string | number): Pair | undefined {
  // Keys compare as the loader reads them: as text (`0:` is the floor "0").
  return map.items.find((p) => isScalar(p.key) && String(p.key.value) === String(key));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A field set to undefined is not set: callers can pass optional results as they are. */
function definedEntries(value: Record<string, unknown>): [string, unknown][] {
  return Object.entries(value).filter(([, v]) => v !== undefined);
}

function setPatches(node: Node, value: unknown, text: string, path: KeyPath): Patch[] {
  if (isPlainObject(value) && isMap(node)) {
    const patches: Patch[] = [];
    const added: [string, unknown][] = [];
    for (const [key, v] of definedEntries(value)) {
      const pair = pairOf(node, key);
      if (pair?.value) patches.push(...setPatches(pair.value as Node, v, text, [...path, key]));
      else if (pair) throw new ConfigEditError(`${formatKeyPath([...path, key])}: has no value to replace`);
      else added.push([key, v]);
    }
    if (added.length > 0) patches.push(insertPatch(node, added, text, path));
    return patches;
  }
  if (Array.isArray(value) && isSeq(node) && node.items.length === value.length) {
    return node.items.flatMap((item, i) => setPatches(item as Node, value[i], text, [...path, i]));
  }
  if (isAlias(node)) throw new ConfigEditError(`${formatKeyPath(path)}: written as an alias (*${node.source}); edit it by hand`);
  const range = node.range;
  if (range && (isScalar(node) || node.flow)) {
    const hint = isScalar(node) && typeof value === 'string' ? node.type : undefined;
    // `key:` with no value: the empty value sits right after the colon.
    const gap = range[0] === range[1] && text[range[0] - 1] === ':' ? ' ' : '';
    return [{ from: range[0], to: range[1], text: gap + render(value, hint) }];
  }
  throw new ConfigEditError(`${formatKeyPath(path)}: written as a block, which cannot be replaced by this value in place`);
}

/** New keys go after the mapping's last key, in the style (block or flow) of the mapping. */
function insertPatch(map: YAMLMap, entries: [string, unknown][], text: string, path: KeyPath): Patch {
  const items = entries.map(([key, value]) => `${render(key)}: ${render(value)}`);
  const last = map.items[map.items.length - 1];
  const lastEnd = (last?.value as Node | null)?.range?.[1] ?? (last?.key as Node | null)?.range?.[1];
  if (map.flow) {
    if (lastEnd === undefined) {
      const open = map.range?.[0];
      if (open === undefined) throw new ConfigEditError(`${formatKeyPath(path)}: cannot locate the mapping`);
      return { from: open + 1, to: open + 1, text: items.join(', ') };
    }
    return { from: lastEnd, to: lastEnd, text: items.map((item) => `, ${item}`).join('') };
  }
  const firstKey = (map.items[0]?.key as Node | null)?.range?.[0];
  if (lastEnd === undefined || firstKey === undefined) throw new ConfigEditError(`${formatKeyPath(path)}: cannot locate the mapping`);
  const indent = ' '.repeat(firstKey - (text.lastIndexOf('\n', firstKey - 1) + 1));
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  const at = lineEnd(text, lastEnd);
  return { from: at, to: at, text: items.map((item) => `${newline}${indent}${item}`).join('') };
}

/** End of the line a value ends on (before its newline); a block value's range includes that newline. */
function lineEnd(text: string, end: number): number {
  let at = text[end - 1] === '\n' ? end - 1 : text.indexOf('\n', end);
  if (at < 0) return text.length;
  if (text[at - 1] === '\r') at--;
  return at;
}

/** A value as YAML on one line; `hint` keeps a string's quoting style. */
function render(value: unknown, hint?: Scalar['type']): string {
  let node: unknown = value;
  if (typeof value !== 'object' || value === null) {
    const scalar = new Scalar(value);
    if (hint !== undefined) scalar.type = hint;
    node = scalar;
  }
  const options = { version: '1.2', collectionStyle: 'flow', flowCollectionPadding: false, lineWidth: 0 } as const;
  return stringify(node, options).replace(/\n$/, '');
}

/** `root` with `value` set at `path` the way the edit sets it (mappings merged), as plain data. */
function mergedAt(root: unknown, path: KeyPath, value: unknown): unknown {
  const [seg, ...rest] = path;
  if (seg === undefined) return merge(root, value);
  if (Array.isArray(root)) return root.map((item, i) => (i === seg ? mergedAt(item, rest, value) : item));
  const obj = root as Record<string, unknown>;
  return { ...obj, [seg]: mergedAt(obj[String(seg)], rest, value) };
}

function merge(target: unknown, value: unknown): unknown {
  if (!isPlainObject(value) || !isPlainObject(target)) return value;
  const out: Record<string, unknown> = { ...target };
  for (const [k, v] of definedEntries(value)) out[k] = merge(target[k], v);
  return out;
}
