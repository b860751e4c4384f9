/**
 * Positions in a parsed YAML document: from a key path to the line and column a user should look
 * at, and back from a text offset to the key path around it. Shared by every file format we parse.
 */
import { isAlias, isMap, isNode, isScalar, isSeq, type Document, type LineCounter, type ParsedNode, type YAMLError } from 'yaml';
import type { Problem, Severity } from './types.ts';
import type { Finding, KeyPath } from './validate.ts';

/** `rooms.kitchen.boundaries[2]`, `moving_entities.beacon_nodes["AA:BB:CC:DD:EE:FF"]`. */
export function formatKeyPath(path: KeyPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_]\w*$/.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/** A parsed document holds only parsed nodes, but yaml's type guards widen items to unknown. */
function parsed(x: unknown): ParsedNode | null {
  return isNode(x) ? (x as ParsedNode) : null;
}

/** The node itself, or the node an alias refers to. */
function deref(doc: Document.Parsed, node: ParsedNode | null): ParsedNode | null {
  return isAlias(node) ? parsed(node.resolve(doc)) : node;
}

/** The key as toJS() writes it into a JS object; null for collection keys, which cannot be addressed. */
function keyString(doc: Document.Parsed, key: ParsedNode | null): string | null {
  const node = deref(doc, key);
  if (node === null) return '';
  if (!isScalar(node)) return null;
  return node.value === null || node.value === undefined ? '' : String(node.value);
}

interface Located {
  key: ParsedNode | null;
  value: ParsedNode | null;
  /** The path with sequence indices as numbers. */
  path: KeyPath;
}

/** Maps key paths and offsets back to positions in one parsed document. */
export class Source {
  constructor(
    private readonly doc: Document.Parsed,
    private readonly lines: LineCounter,
    private readonly file: string,
  ) {}

  /** Follows `path` through the YAML tree (through aliases), stopping at the last node that exists. */
  find(path: KeyPath): Located {
    let key: ParsedNode | null = null;
    let value: ParsedNode | null = this.doc.contents;
    const typed: (string | number)[] = [];
    for (const seg of path) {
      const coll = deref(this.doc, value);
      if (isMap(coll)) {
        const pair = coll.items.find((p) => keyString(this.doc, parsed(p.key)) === String(seg));
        if (!pair) break;
        key = parsed(pair.key);
        value = parsed(pair.value);
        typed.push(String(seg));
      } else if (isSeq(coll)) {
        const item = parsed(coll.items[Number(seg)]);
        if (item === null) break;
        key = null;
        value = item;
        typed.push(Number(seg));
      } else break;
    }
    return { key, value, path: [...typed, ...path.slice(typed.length)] };
  }

  /** Keys of the mapping at `path` in file order (JS objects put integer-like keys first). */
  keysAt(path: KeyPath): string[] {
    const map = deref(this.doc, this.find(path).value);
    if (!isMap(map)) return [];
    return map.items.flatMap((p) => keyString(this.doc, parsed(p.key)) ?? []);
  }

  /** Key path of the innermost key or item whose range contains `offset`. */
  pathAt(offset: number): KeyPath {
    const path: (string | number)[] = [];
    let node: ParsedNode | null = this.doc.contents;
    const contains = (from?: number, to?: number): boolean =>
      from !== undefined && to !== undefined && offset >= from && offset <= to;
    descend: while (node) {
      if (isMap(node)) {
        for (const { key, value } of node.items) {
          if (!contains(key?.range[0] ?? value?.range[0], value?.range[2] ?? key?.range[2])) continue;
          const name = keyString(this.doc, key);
          if (name === null) break descend;
          path.push(name);
          node = value;
          continue descend;
        }
      } else if (isSeq(node)) {
        const i = node.items.findIndex((item) => contains(item.range[0], item.range[2]));
        if (i >= 0) {
          path.push(i);
          node = node.items[i] ?? null;
          continue;
        }
      }
      break;
    }
    return path;
  }

  /**
   * Where to point for `path`: its key when asked for, or when the value is empty (`key:` with
   * nothing after it has no useful position of its own); otherwise the value.
   */
  position(path: KeyPath, at: Finding['at']): { line: number; column: number; path: KeyPath } {
    const found = this.find(path);
    const empty = isScalar(found.value) && found.value.value === null && found.value.range[0] === found.value.range[1];
    const node = (at === 'key' || empty || found.value === null ? found.key : found.value) ?? found.value;
    return { ...this.offsetPosition(node?.range[0] ?? 0), path: found.path };
  }

  offsetPosition(offset: number): { line: number; column: number } {
    const { line, col } = this.lines.linePos(offset);
    return { line, column: col };
  }

  problem(finding: Finding): Problem {
    const { line, column, path } = this.position(finding.path, finding.at);
    return { severity: finding.severity, file: this.file, line, column, path: formatKeyPath(path), message: finding.message };
  }

  /** An error at a text offset, with the key path around it. */
  offsetProblem(offset: number, message: string, severity: Severity = 'error'): Problem {
    return { severity, file: this.file, ...this.offsetPosition(offset), path: formatKeyPath(this.pathAt(offset)), message };
  }

  yamlProblem(e: YAMLError, severity: Severity): Problem {
    const path = this.pathAt(e.pos[0]);
    let message = e.message;
    if (e.code === 'DUPLICATE_KEY') {
      const first = this.find(path).key?.range[0];
      message = `duplicate key \`${path[path.length - 1] ?? ''}\``;
      if (first !== undefined && first !== e.pos[0]) message += ` (first defined on line ${this.offsetPosition(first).line})`;
    }
    return this.offsetProblem(e.pos[0], message, severity);
  }
}

