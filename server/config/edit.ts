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
import { Document, isAlias, isMap, isScalar, isSeq, Scalar, stringify, visit, type Node, type Pair, type YAMLMap } from 'yaml';
import { loadConfigText, parseConfigDocument } from './load.ts';
import { formatKeyPath } from './yaml-source.ts';
import type { KeyPath } from './validate.ts';

/**
 * Sets the value at `path`, which must exist in the file. A mapping value is merged: its keys are
 * set one by one (recursively), and keys the file lacks are added after the mapping's last key.
 * A list of the same length as the one in the file is set item by item, so block lists stay block;
 * a list of another length replaces the old one as a flow list `[a, b, …]`.
 */
export interface ConfigEdit {
  path: KeyPath;
  value: unknown;
  /** Create the mappings on the path that the file lacks (or has empty), instead of refusing. */
  create?: boolean;
}

/** Removes the key at `path` (a mapping entry) with its value and the comment on its line. */
export interface ConfigRemoval {
  path: KeyPath;
  remove: true;
}

export type ConfigChange = ConfigEdit | ConfigRemoval;

/** Why an edit was refused; the file is untouched. */
export class ConfigEditError extends Error {
  override name = 'ConfigEditError';
}

/** An edit refused because the edited file would not validate: the caller asked for a wrong value. */
export class InvalidEditError extends ConfigEditError {
  override name = 'InvalidEditError';
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
export async function editConfigFile(file: string, edits: readonly ConfigChange[], options: EditOptions = {}): Promise<string> {
  const text = await readFile(await realpath(file), 'utf8');
  if (options.expectedText !== undefined && text !== options.expectedText) {
    throw new ConfigEditError(`${file} changed on disk since it was read; not writing`);
  }
  const edited = editConfigText(text, edits, file);
  if (edited !== text) await replaceFileAtomically(file, edited, text);
  return edited;
}

/**
 * Replaces the file's content (temp file + rename, following a symlink to the real file) if it is
 * still `expected`; throws ConfigEditError, leaving it as it was, if it changed. Keeps its mode.
 */
export async function replaceFileAtomically(file: string, text: string, expected: string): Promise<void> {
  const real = await realpath(file);
  if ((await readFile(real, 'utf8')) !== expected) throw new ConfigEditError(`${file} changed on disk since it was read; not writing`);
  const temp = join(dirname(real), `.${basename(real)}.${randomBytes(6).toString('hex')}.tmp`);
  const { mode } = await stat(real);
  try {
    const handle = await open(temp, 'wx', mode & 0o777);
    try {
      await handle.writeFile(text, 'utf8');
      // On disk before the rename, so a crash leaves either the old file or the whole new one.
      await handle.sync();
    } finally {
      await handle.close();
    }
    // Narrows the window for a concurrent writer (an editor saving) to the rename itself.
    if ((await readFile(real, 'utf8')) !== expected) {
      throw new ConfigEditError(`${file} changed on disk while it was being edited; not writing`);
    }
    await rename(temp, real);
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    throw err;
  }
}

/** The edited text. Throws ConfigEditError when the text or the result does not load cleanly. */
export function editConfigText(text: string, edits: readonly ConfigChange[], file = 'floorplan.yaml'): string {
  refuseIfBroken(text, file, `not editing ${file}: it has errors; fix them first`);
  const doc = parseConfigDocument(text);
  let expected: unknown = doc.toJS();
  let edited = text;
  // One edit at a time on a fresh parse: ranges are then always those of the current text.
  for (const edit of edits) {
    edited = applyPatches(edited, patchesFor(parseConfigDocument(edited), edited, edit));
    expected = 'remove' in edit ? removedAt(expected, edit.path) : mergedAt(expected, edit.path, edit.value);
  }
  const result = parseConfigDocument(edited);
  // The splicing is local, so a mistake in it would show as a different document: never write one.
  if (result.errors.length > 0 || !isDeepStrictEqual(emptyAsNull(result.toJS()), emptyAsNull(expected))) {
    throw new ConfigEditError(`${file}: the edit could not be made in place without changing other values; not writing`);
  }
  refuseIfBroken(edited, file, 'not saved: the result would not load', InvalidEditError);
  return edited;
}

function refuseIfBroken(text: string, file: string, why: string, refusal = ConfigEditError): void {
  const errors = loadConfigText(text, file).problems.filter((p) => p.severity === 'error');
  const first = errors[0];
  if (first === undefined) return;
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  // What is wrong first, where in the file last: the user acts on the message, not on the line.
  throw new refusal(`${why}: ${first.path === '' ? '' : `${first.path}: `}${first.message}${more} (${file} line ${first.line})`);
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

function patchesFor(doc: Document.Parsed, text: string, edit: ConfigChange): Patch[] {
  if ('remove' in edit) return [removalPatch(doc, text, edit.path)];
  let node: unknown = doc.contents;
  let keyNode: Node | undefined;
  if (edit.create && node === null) return [{ from: text.length, to: text.length, text: blockText(nested(edit.path, edit.value), text) }];
  for (const [i, seg] of edit.path.entries()) {
    const pair = isMap(node) ? pairOf(node, seg) : undefined;
    keyNode = pair?.key as Node | undefined;
    const next = pair ? pair.value : isSeq(node) && typeof seg === 'number' ? node.items[seg] : undefined;
    // An empty `key:` is a null scalar: setting it writes the rest of the path there, in flow style.
    if (edit.create && isMap(node) && next === undefined) {
      return setPatches(node, nested(edit.path.slice(i), edit.value), text, edit.path.slice(0, i));
    }
    if (edit.create && isScalar(next) && next.value === null) {
      return setPatches(next, nested(edit.path.slice(i + 1), edit.value), text, edit.path.slice(0, i + 1));
    }
    if (next === undefined || next === null) {
      throw new ConfigEditError(`${formatKeyPath(edit.path.slice(0, i + 1))}: not in the file`);
    }
    node = next;
  }
  return setPatches(node as Node, edit.value, text, edit.path, keyNode);
}

/** `{a: {b: value}}` for the path [a, b]. */
function nested(path: KeyPath, value: unknown): unknown {
  return path.reduceRight<unknown>((inner, seg) => ({ [seg]: inner }), value);
}

/** A whole section appended to a file that has no content yet (empty, or only comments). */
function blockText(value: unknown, text: string): string {
  const separator = text === '' || text.endsWith('\n') ? '' : '\n';
  return `${separator}${yamlText(value, 'block')}\n`;
}

function removalPatch(doc: Document.Parsed, text: string, path: KeyPath): Patch {
  const parentPath = path.slice(0, -1);
  const key = path[path.length - 1];
  const parent = parentPath.length === 0 ? doc.contents : doc.getIn(parentPath, true);
  const pair = isMap(parent) && key !== undefined ? pairOf(parent, key) : undefined;
  const keyNode = pair?.key as Node | undefined;
  const valueNode = pair?.value as Node | null | undefined;
  const start = keyNode?.range?.[0];
  // range[2] includes a comment on the value's last line.
  const end = valueNode?.range?.[2] ?? keyNode?.range?.[2];
  if (!isMap(parent) || start === undefined || end === undefined) throw new ConfigEditError(`${formatKeyPath(path)}: not in the file`);
  if (parent.flow) {
    // `{a: 1, b: 2}`: take the entry with the comma after it, or before it for the last entry.
    const after = /^\s*,\s*/.exec(text.slice(end));
    if (after) return { from: start, to: end + after[0].length, text: '' };
    const before = /,\s*$/.exec(text.slice(0, start));
    return { from: before ? start - before[0].length : start, to: end, text: '' };
  }
  // Whole lines: from the start of the key's line through the newline ending the value.
  const from = text.lastIndexOf('\n', start - 1) + 1;
  const stop = lineEnd(text, end);
  const to = text.startsWith('\r\n', stop) ? stop + 2 : text[stop] === '\n' ? stop + 1 : stop;
  if (text.slice(from, start).trim() !== '') throw new ConfigEditError(`${formatKeyPath(path)}: shares its line with other keys; edit it by hand`);
  return { from, to, text: '' };
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

/** `keyNode`: the mapping key whose value `node` is, if it is one. */
function setPatches(node: Node, value: unknown, text: string, path: KeyPath, keyNode?: Node): Patch[] {
  if (isPlainObject(value) && isMap(node)) {
    const patches: Patch[] = [];
    const added: [string, unknown][] = [];
    for (const [key, v] of definedEntries(value)) {
      const pair = pairOf(node, key);
      if (pair?.value) patches.push(...setPatches(pair.value as Node, v, text, [...path, key], pair.key as Node));
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
  const keyEnd = keyNode?.range?.[1];
  if (Array.isArray(value) && isSeq(node) && !node.flow && range && keyEnd !== undefined) {
    return [blockListReplacement(range[1], keyEnd, value, text)];
  }
  if (range && (isScalar(node) || node.flow)) {
    const hint = isScalar(node) && typeof value === 'string' ? node.type : undefined;
    // `key:` with no value: the empty value sits right after the colon.
    const gap = range[0] === range[1] && text[range[0] - 1] === ':' ? ' ' : '';
    return [{ from: range[0], to: range[1], text: gap + render(value, hint) }];
  }
  throw new ConfigEditError(`${formatKeyPath(path)}: written as a block, which cannot be replaced by this value in place`);
}

/**
 * A block list replaced by a flow list on its key's line: the items go, with the comments among
 * them (they described the old items); a comment after the key stays.
 */
function blockListReplacement(listEnd: number, keyEnd: number, value: unknown[], text: string): Patch {
  const colon = text.indexOf(':', keyEnd);
  const keyLineEnd = lineEnd(text, colon);
  const comment = text.slice(colon + 1, keyLineEnd).trimEnd();
  return { from: colon + 1, to: lineEnd(text, listEnd), text: ` ${render(value)}${comment}` };
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
  if (typeof value !== 'object' || value === null) {
    const scalar = new Scalar(value);
    if (hint !== undefined) scalar.type = hint;
    else quoteIfNeeded(scalar);
    return stringify(scalar, { version: '1.2', lineWidth: 0 }).replace(/\n$/, '');
  }
  return yamlText(value, 'flow');
}

/** Mappings in `style`, lists always in flow (`[x, y, z]`, as people write coordinates). */
function yamlText(value: unknown, style: 'flow' | 'block'): string {
  // No anchors: a value that repeats an object (a closing corner) is written out again.
  const doc = new Document(value, { version: '1.2', aliasDuplicateObjects: false });
  visit(doc, {
    Map: (_, map) => void (map.flow = style === 'flow'),
    Seq: (_, seq) => void (seq.flow = true),
    Pair: (_, pair) => void (isScalar(pair.key) && quoteIfNeeded(pair.key)),
  });
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false }).replace(/\n$/, '');
}

/**
 * Quotes text that a YAML 1.1 reader (PyYAML, which the Python floorplan integration uses) would
 * not read back as the same text, e.g. a MAC like 11:22:33:44:55:66 (a base-60 number there).
 */
function quoteIfNeeded(scalar: Scalar): void {
  if (typeof scalar.value === 'string' && !/^[A-Za-z_][\w.-]*$/.test(scalar.value)) scalar.type = 'QUOTE_DOUBLE';
}

/** `root` with `value` set at `path` the way the edit sets it (mappings merged), as plain data. */
function mergedAt(root: unknown, path: KeyPath, value: unknown): unknown {
  const [seg, ...rest] = path;
  if (seg === undefined) return merge(root, value);
  if (Array.isArray(root)) return root.map((item, i) => (i === seg ? mergedAt(item, rest, value) : item));
  const obj = (root ?? {}) as Record<string, unknown>;
  return { ...obj, [seg]: mergedAt(obj[String(seg)], rest, value) };
}

/** `root` without the key at `path`. */
function removedAt(root: unknown, path: KeyPath): unknown {
  const [seg, ...rest] = path;
  const obj = root as Record<string, unknown>;
  if (seg === undefined) return root;
  if (rest.length > 0) return { ...obj, [seg]: removedAt(obj[String(seg)], rest) };
  const { [String(seg)]: _removed, ...kept } = obj;
  return kept;
}

/**
 * Emptied mappings as nothing: removing the last entry leaves `{}` in flow style but a bare `key:`
 * in block style, and the loader reads both as an empty section.
 */
function emptyAsNull(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(emptyAsNull);
  if (!isPlainObject(value)) return value;
  const entries = Object.entries(value);
  return entries.length === 0 ? null : Object.fromEntries(entries.map(([k, v]) => [k, emptyAsNull(v)]));
}

function merge(target: unknown, value: unknown): unknown {
  if (!isPlainObject(value) || !isPlainObject(target)) return value;
  const out: Record<string, unknown> = { ...target };
  for (const [k, v] of definedEntries(value)) out[k] = merge(target[k], v);
  return out;
}
