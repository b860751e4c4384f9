/**
 * `floorplan-presence-plan-editor`: edits the plan in floorplan.yaml from the card editor. The user
 * works on a copy of the layout, every change undoable; Save sends the difference as `card_edit`
 * edits and the sidecar writes the file, or refuses with its validation message, which is shown
 * while the copy stays as it is so that nothing is lost.
 * Events (not bubbling): `layout-changed` {layout} after a save or a reload it fetched itself;
 * `georeference-changed` {floor, georeference}, which belongs in the card's configuration.
 */
import { LitElement, css, html, nothing, svg, type PropertyValues, type TemplateResult } from 'lit';
import type { CardEditRequest, CardLayout, CardNode, CardRoom, Point2, Point3 } from '../../server/sinks/card/messages.ts';
import type { HomeAssistant } from '../ha/types.ts';
import { callFloorplan, describeError } from '../shared/data.ts';
import { floorLabel } from '../shared/format.ts';
import { apply, boundingBox, compose, imageToPlan, invert, planToView, snap, type Affine, type Box, type Georeference, type Point } from '../shared/geometry.ts';
import { canRedo, canUndo, createHistory, push, redo, replace, undo, type History } from '../shared/history.ts';
import { planDiff, type Plan } from '../shared/plan-diff.ts';
import { drawnFloor } from '../shared/plan.ts';
import { CARD_DEFAULTS, type FloorplanPresenceCardConfig } from './config.ts';
import './plan-georeference.ts';
import { imageSize, type ImageSize } from './plan-image.ts';
import { deleteVertex, edgeMidpoints, insertVertex, MIN_CORNERS, moveVertex, nextRoomId, rebase, roomIdProblem, withNode, withoutNode, withoutRoom, withRoom } from './plan-model.ts';
import { clientToSvg, svgToClient, SvgScale } from './plan-screen.ts';
import { editorStyles } from './plan-styles.ts';
import { imageLayer, pointsAttr, roomLayer } from './plan-svg.ts';

/** Grid that dragged and placed points snap to, metres. */
const SNAP_STEP = 0.1;
/** A new node's default height above its floor's base, metres. */
const NODE_HEIGHT_ABOVE_FLOOR = 1;
/** Room around the plan, metres, so that a room can be drawn beyond the current outline. */
const MARGIN = 1.5;
/** What an empty floor shows, metres. */
const EMPTY_FLOOR: Point[] = [
  [0, 0],
  [10, 10],
];

type Mode =
  | { kind: 'select' }
  | { kind: 'place-node'; id: string; name: string | null }
  | { kind: 'draw-room'; corners: Point2[] }
  | { kind: 'georeference' };

type Selection = { kind: 'node'; id: string } | { kind: 'room'; id: string; corner: number | null } | null;

/** Something that can be moved on the plan. */
type Target = { kind: 'node'; id: string } | { kind: 'corner'; room: string; index: number };

interface Drag {
  pointerId: number;
  target: Target;
  /** Where the pointer went down and where the target was then, plan metres. */
  start: Point;
  from: Point;
  /** Whether the drag has changed the plan yet: its first change is the undo step, later ones replace it. */
  moved: boolean;
}

const xy = (c: Point3): Point => [c[0], c[1]];
const fixed = (v: number) => v.toFixed(2);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const planOf = ({ nodes, rooms }: Plan): Plan => ({ nodes, rooms });

export class FloorplanPresencePlanEditor extends LitElement {
  static override properties = {
    layout: { attribute: false },
    config: { attribute: false },
    _history: { state: true },
    _floor: { state: true },
    _mode: { state: true },
    _selection: { state: true },
    _snap: { state: true },
    _error: { state: true },
    _notice: { state: true },
    _busy: { state: true },
    _scanner: { state: true },
    _z: { state: true },
    _drag: { state: true },
    _cursor: { state: true },
    _image: { state: true },
  };

  /** Not reactive: Home Assistant replaces it on every state change, and it is only called. */
  hass?: HomeAssistant;
  /** The layout the card editor loaded; a newer revision is taken with the unsaved changes kept. */
  layout?: CardLayout;
  config?: FloorplanPresenceCardConfig;

  /** The layout as saved: what Save compares the working copy with. */
  private _base?: CardLayout;
  private _history?: History<Plan>;
  private _floor = '';
  private _mode: Mode = { kind: 'select' };
  private _selection: Selection = null;
  private _snap = true;
  private _error: string | null = null;
  private _notice: string | null = null;
  /** A request in flight; edits may go on meanwhile. */
  private _busy: 'saving' | 'reloading' | null = null;
  /** The unplaced scanner picked for Add node. */
  private _scanner = '';
  /** The new node's height as typed; null: the floor's default. */
  private _z: number | null = null;
  private _drag: Drag | null = null;
  /** The pointer while drawing a room, for the edge that follows it. */
  private _cursor: Point | null = null;
  private _image: ImageSize | null = null;
  private _imageUrl: string | null = null;
  /** The plan's extent last drawn; kept while dragging or drawing so the plan does not shift under the pointer. */
  private _box: Box | null = null;
  private readonly scale = new SvgScale(this, 'svg.plan');

  constructor() {
    super();
    this.addEventListener('keydown', (event) => this.onKey(event));
  }

  /** Where plan metres [x, y] are on screen (client pixels), for tests and automation. */
  planToClient(point: Point): Point {
    const element = this.renderRoot.querySelector<SVGSVGElement>('svg.plan');
    if (!element) throw new Error('the plan is not shown');
    return svgToClient(element, apply(this.view(), point));
  }

  private get plan(): Plan {
    return this._history!.present;
  }

  private view(): Affine {
    return planToView(this.config?.rotation ?? CARD_DEFAULTS.rotation);
  }

  private imageConfig() {
    return this.config?.images?.[this._floor];
  }

  private floorRooms(): CardRoom[] {
    return this.plan.rooms.filter((r) => r.floor === this._floor);
  }

  private floorNodes(): CardNode[] {
    return this.plan.nodes.filter((n) => drawnFloor(this._base!, n.floor) === this._floor);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('layout') && this.layout) this.takeLayout(this.layout);
    const floors = this._base?.floors ?? [];
    if (floors.length > 0 && !floors.some((f) => f.id === this._floor)) {
      this._floor = floors.find((f) => f.id === this.config?.floor)?.id ?? floors[0]!.id;
    }
    this.loadImage();
    if (!this._history) return;
    this._selection = this.validSelection();
    if (!this._box || !(this._drag || this._mode.kind === 'draw-room')) this._box = this.extent();
  }

  /** The floor's rooms, nodes and image in view units, with a margin to draw beyond them. */
  private extent(): Box {
    const view = this.view();
    const points = [...this.floorRooms().flatMap((r) => r.boundaries), ...this.floorNodes().map((n) => xy(n.coordinates))].map((p) => apply(view, p));
    const toView = this.imageToView();
    if (toView && this._image) {
      const { width: w, height: h } = this._image;
      points.push(...([[0, 0], [w, 0], [0, h], [w, h]] as Point[]).map((p) => apply(toView, p)));
    }
    return boundingBox(points.length > 0 ? points : EMPTY_FLOOR.map((p) => apply(view, p)), [1, 0, 0, 1, 0, 0], MARGIN);
  }

  /** Image pixels → view units, once the floor's image has loaded. */
  private imageToView(): Affine | null {
    const image = this.imageConfig();
    return image && this._image ? compose(this.view(), imageToPlan(image.georeference)) : null;
  }

  private takeLayout(layout: CardLayout): void {
    if (!this._base || !this._history) {
      this._base = layout;
      this._history = createHistory(planOf(layout));
    } else if (layout.revision !== this._base.revision) {
      this.rebaseOnto(layout, planOf(this._base));
    }
  }

  /** `layout` becomes the saved base; what changed in the working copy since `since` stays unsaved. */
  private rebaseOnto(layout: CardLayout, since: Plan): void {
    this._history = createHistory(rebase(since, this.plan, planOf(layout)));
    this._base = layout;
  }

  /** The selection, or null once undo, a floor change or a deletion took away what it names. */
  private validSelection(): Selection {
    const selection = this._selection;
    if (selection?.kind === 'node') return this.floorNodes().some((n) => n.id === selection.id) ? selection : null;
    if (selection?.kind === 'room') {
      const room = this.floorRooms().find((r) => r.id === selection.id);
      if (!room) return null;
      return selection.corner !== null && selection.corner >= room.boundaries.length ? { ...selection, corner: null } : selection;
    }
    return null;
  }

  private loadImage(): void {
    const url = this.imageConfig()?.url ?? null;
    if (url === this._imageUrl) return;
    this._imageUrl = url;
    this._image = null;
    if (!url) return;
    imageSize(url).then(
      (size) => {
        if (this._imageUrl === url) this._image = size;
      },
      () => {
        if (this._imageUrl === url) this._notice = `The floor image ${url} could not be loaded.`;
      },
    );
  }

  /** Records a change of the working copy as one undo step. */
  private change(next: Plan): void {
    this._history = push(this._history!, next);
    this._notice = null;
  }

  // ── Moving nodes and corners ──────────────────────────────────────────────

  private snapped([x, y]: Point): Point {
    return this._snap ? [snap(x, SNAP_STEP), snap(y, SNAP_STEP)] : [x, y];
  }

  private positionOf(target: Target): Point | null {
    if (target.kind === 'node') {
      const node = this.plan.nodes.find((n) => n.id === target.id);
      return node ? xy(node.coordinates) : null;
    }
    return this.plan.rooms.find((r) => r.id === target.room)?.boundaries[target.index] ?? null;
  }

  /** The working copy with the node (keeping its height) or corner at `point`. */
  private moved(target: Target, [x, y]: Point): Plan {
    if (target.kind === 'node') {
      const node = this.plan.nodes.find((n) => n.id === target.id)!;
      return withNode(this.plan, { ...node, coordinates: [x, y, node.coordinates[2]] });
    }
    const room = this.plan.rooms.find((r) => r.id === target.room)!;
    return withRoom(this.plan, moveVertex(room, target.index, [x, y]));
  }

  private selectedTarget(): Target | null {
    const s = this._selection;
    if (s?.kind === 'node') return { kind: 'node', id: s.id };
    if (s?.kind === 'room' && s.corner !== null) return { kind: 'corner', room: s.id, index: s.corner };
    return null;
  }

  private startDrag(event: PointerEvent, target: Target, moved = false): void {
    const from = this.positionOf(target);
    if (!from) return;
    (event.currentTarget as SVGSVGElement).setPointerCapture(event.pointerId);
    this._drag = { pointerId: event.pointerId, target, start: this.toPlan(event), from, moved };
  }

  /** Arrow keys move the selected node or corner one grid step on screen (ten with Shift). */
  private nudge(key: string, large: boolean): boolean {
    const target = this.selectedTarget();
    const from = target && this.positionOf(target);
    const screen: Point | undefined = ({ ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] } as Record<string, Point>)[key];
    if (!target || !from || !screen) return false;
    const step = (this._snap ? SNAP_STEP : 0.01) * (large ? 10 : 1);
    const inverse = invert(this.view());
    const [dx, dy] = apply([inverse[0], inverse[1], inverse[2], inverse[3], 0, 0], screen);
    this.change(this.moved(target, this.snapped([from[0] + dx * step, from[1] + dy * step])));
    return true;
  }

  // ── Pointer ───────────────────────────────────────────────────────────────

  private toPlan(event: PointerEvent): Point {
    const element = this.renderRoot.querySelector<SVGSVGElement>('svg.plan')!;
    return apply(invert(this.view()), clientToSvg(element, event.clientX, event.clientY));
  }

  private onPointerDown(event: PointerEvent): void {
    if (event.button !== 0 || this._drag) return;
    (event.currentTarget as SVGElement).focus({ preventScroll: true });
    const hit = (event.target as Element).closest<SVGElement>('[data-node-id], [data-vertex-index], [data-midpoint-index], [data-room-id], [data-action]');
    const data = hit?.dataset ?? {};
    const mode = this._mode;
    if (mode.kind === 'place-node') {
      const [x, y] = this.snapped(this.toPlan(event));
      this.change(withNode(this.plan, { id: mode.id, name: mode.name, coordinates: [x, y, this.newNodeZ()], floor: this._floor }));
      this._mode = { kind: 'select' };
      this._selection = { kind: 'node', id: mode.id };
    } else if (mode.kind === 'draw-room') {
      if (data['action'] === 'close-room') this.finishRoom();
      else this._mode = { kind: 'draw-room', corners: [...mode.corners, this.snapped(this.toPlan(event))] };
    } else if (data['nodeId'] !== undefined) {
      this._selection = { kind: 'node', id: data['nodeId'] };
      this.startDrag(event, { kind: 'node', id: data['nodeId'] });
    } else if (data['vertexIndex'] !== undefined && this._selection?.kind === 'room') {
      const index = Number(data['vertexIndex']);
      this._selection = { ...this._selection, corner: index };
      this.startDrag(event, { kind: 'corner', room: this._selection.id, index });
    } else if (data['midpointIndex'] !== undefined && this._selection?.kind === 'room') {
      const { id } = this._selection;
      const edge = Number(data['midpointIndex']);
      this.change(withRoom(this.plan, insertVertex(this.plan.rooms.find((r) => r.id === id)!, edge)));
      this._selection = { kind: 'room', id, corner: edge + 1 };
      // The new corner follows the pointer at once; its insertion was the undo step.
      this.startDrag(event, { kind: 'corner', room: id, index: edge + 1 }, true);
    } else if (data['roomId'] !== undefined) {
      this._selection = { kind: 'room', id: data['roomId'], corner: null };
    } else {
      this._selection = null;
    }
  }

  private onPointerMove(event: PointerEvent): void {
    const drag = this._drag;
    if (this._mode.kind === 'draw-room') this._cursor = this.snapped(this.toPlan(event));
    if (!drag || event.pointerId !== drag.pointerId) return;
    const [px, py] = this.toPlan(event);
    const to = this.snapped([drag.from[0] + px - drag.start[0], drag.from[1] + py - drag.start[1]]);
    const current = this.positionOf(drag.target);
    if (!current || (to[0] === current[0] && to[1] === current[1])) return;
    const next = this.moved(drag.target, to);
    if (drag.moved) {
      this._history = replace(this._history!, next);
    } else {
      this.change(next);
      this._drag = { ...drag, moved: true };
    }
  }

  private onPointerUp(event: PointerEvent): void {
    if (this._drag?.pointerId === event.pointerId) this._drag = null;
  }

  // ── Keyboard ──────────────────────────────────────────────────────────────

  private onKey(event: KeyboardEvent): void {
    // Typing in a field keeps the field's own keys (its undo, Backspace, arrows).
    if ((event.composedPath()[0] as Element).matches?.('input:not([type=checkbox]), select, textarea')) return;
    const key = event.key;
    const command = event.ctrlKey || event.metaKey;
    let handled = true;
    if (command && key.toLowerCase() === 'z') {
      if (event.shiftKey) this.redoStep();
      else this.undoStep();
    } else if (command && key.toLowerCase() === 'y') this.redoStep();
    else if ((key === 'Delete' || key === 'Backspace') && this.selectedTarget()) this.deleteSelected();
    else if (key === 'Enter' && this._mode.kind === 'draw-room') this.finishRoom();
    else if (key === 'Escape' && (this._mode.kind !== 'select' || this._selection)) this.cancel();
    else if (!command && key.startsWith('Arrow')) handled = this.nudge(key, event.shiftKey);
    else handled = false;
    if (handled) {
      // Escape and Ctrl+Z must not also close or undo in Home Assistant's dialog around the editor.
      event.preventDefault();
      event.stopPropagation();
    }
  }

  // ── Commands ──────────────────────────────────────────────────────────────

  private undoStep(): void {
    if (this._drag) return;
    if (this._mode.kind === 'draw-room') {
      this._mode = { ...this._mode, corners: this._mode.corners.slice(0, -1) };
      return;
    }
    this._history = undo(this._history!);
  }

  private redoStep(): void {
    if (!this._drag && this._mode.kind !== 'draw-room') this._history = redo(this._history!);
  }

  private cancel(): void {
    if (this._mode.kind === 'select') this._selection = null;
    this._mode = { kind: 'select' };
    this._cursor = null;
  }

  private toggleMode(mode: Mode): void {
    this._mode = this._mode.kind === mode.kind ? { kind: 'select' } : mode;
    this._cursor = null;
    this._notice = null;
    if (mode.kind !== 'select') this._selection = null;
  }

  /** The height typed for a new node, else a typical one on this floor. */
  private newNodeZ(): number {
    const floor = this._base!.floors.find((f) => f.id === this._floor);
    return this._z ?? (floor?.min_height ?? 0) + NODE_HEIGHT_ABOVE_FLOOR;
  }

  private unplacedScanners() {
    const placed = new Set(this.plan.nodes.map((n) => n.id));
    return this._base!.unplaced_scanners.filter((s) => !placed.has(s.id));
  }

  private startPlacing(): void {
    const scanners = this.unplacedScanners();
    const scanner = scanners.find((s) => s.id === this._scanner) ?? scanners[0];
    if (scanner) this.toggleMode({ kind: 'place-node', id: scanner.id, name: scanner.name });
  }

  private finishRoom(): void {
    if (this._mode.kind !== 'draw-room') return;
    const corners = this._mode.corners;
    if (corners.length < MIN_CORNERS) {
      this._notice = `A room needs at least ${MIN_CORNERS} corners.`;
      return;
    }
    const id = nextRoomId(this.plan.rooms);
    this.change(withRoom(this.plan, { id, name: '', floor: this._floor, area: null, boundaries: corners }));
    this._mode = { kind: 'select' };
    this._cursor = null;
    this._selection = { kind: 'room', id, corner: null };
  }

  private deleteSelected(): void {
    const s = this._selection;
    if (s?.kind === 'node') this.deleteNode(s.id);
    else if (s?.kind === 'room' && s.corner !== null) this.deleteCorner(s.id, s.corner);
  }

  private deleteNode(id: string): void {
    this.change(withoutNode(this.plan, id));
    this._selection = null;
  }

  private deleteCorner(roomId: string, corner: number): void {
    const room = deleteVertex(this.plan.rooms.find((r) => r.id === roomId)!, corner);
    if (!room) {
      this._notice = `A room needs at least ${MIN_CORNERS} corners: delete the room instead.`;
      return;
    }
    this.change(withRoom(this.plan, room));
    this._selection = { kind: 'room', id: roomId, corner: null };
  }

  private deleteRoom(id: string): void {
    this.change(withoutRoom(this.plan, id));
    this._selection = null;
  }

  private updateRoom(room: CardRoom, patch: Partial<CardRoom>): void {
    const next = { ...room, ...patch };
    if (patch.id !== undefined) {
      const problem = roomIdProblem(this.plan.rooms, patch.id, room.id);
      if (problem) {
        this._notice = problem;
        return;
      }
    }
    this.change(withRoom(this.plan, next, room.id));
    if (next.floor !== this._floor) this._floor = next.floor;
    this._selection = { kind: 'room', id: next.id, corner: this._selection?.kind === 'room' ? this._selection.corner : null };
  }

  private updateNode(node: CardNode, axis: number, value: string): void {
    const number = Number(value);
    if (value.trim() === '' || !Number.isFinite(number)) return;
    this.change(withNode(this.plan, { ...node, coordinates: node.coordinates.map((c, i) => (i === axis ? number : c)) as Point3 }));
  }

  /** `card_edit` can write a node's name but not remove it, so a blank name puts the old one back. */
  private renameNode(node: CardNode, input: HTMLInputElement): void {
    const name = input.value.trim();
    if (name === '') {
      input.value = node.name ?? '';
      return;
    }
    this.change(withNode(this.plan, { ...node, name }));
  }

  private updateCorner(room: CardRoom, corner: number, axis: number, value: string): void {
    const number = Number(value);
    if (value.trim() === '' || !Number.isFinite(number)) return;
    this.change(withRoom(this.plan, moveVertex(room, corner, room.boundaries[corner]!.map((c, i) => (i === axis ? number : c)) as Point2)));
  }

  private async save(): Promise<void> {
    const base = this._base!;
    const sent = this.plan;
    const edits = planDiff(base, sent);
    if (!this.hass || edits.length === 0 || this._busy) return;
    this._busy = 'saving';
    this._error = null;
    this._notice = null;
    try {
      const data: CardEditRequest = { revision: base.revision, edits };
      const layout = await callFloorplan<CardLayout>(this.hass, 'card_edit', data);
      this.rebaseOnto(layout, sent);
      this.announce(layout);
      this._notice = `Saved ${plural(edits.length, 'change')} to floorplan.yaml.`;
    } catch (error) {
      this._error = describeError(error);
    } finally {
      this._busy = null;
    }
  }

  /** Fetches the layout again (floorplan.yaml changed meanwhile) and keeps the unsaved changes on top. */
  private async reload(): Promise<void> {
    if (!this.hass || this._busy) return;
    this._busy = 'reloading';
    try {
      const layout = await callFloorplan<CardLayout>(this.hass, 'card_layout');
      this.rebaseOnto(layout, planOf(this._base!));
      this.announce(layout);
      this._error = null;
      this._notice = 'Reloaded the plan; your unsaved changes are kept.';
    } catch (error) {
      this._error = describeError(error);
    } finally {
      this._busy = null;
    }
  }

  private announce(layout: CardLayout): void {
    this.dispatchEvent(new CustomEvent('layout-changed', { detail: { layout } }));
  }

  /** Back to the saved plan, as one more undoable step. */
  private discard(): void {
    this.change(planOf(this._base!));
    this._mode = { kind: 'select' };
    this._error = null;
    this._notice = 'Unsaved changes discarded (Undo brings them back).';
  }

  private georeferenced(georeference: Georeference): void {
    this.dispatchEvent(new CustomEvent('georeference-changed', { detail: { floor: this._floor, georeference } }));
    this._mode = { kind: 'select' };
    this._notice = 'Image georeferenced; save the card configuration to keep it.';
  }

  // ── Rendering ─────────────────────────────────────────────────────────────

  override render() {
    if (!this._base || !this._history) return html`<p class="hint">Loading the plan…</p>`;
    const edits = planDiff(this._base, this.plan);
    const mode = this._mode;
    return html`
      ${this.renderToolbar()}
      <div class="actions status" data-state=${this._busy ?? (edits.length > 0 ? 'unsaved' : 'saved')}>
        <button class="primary" data-action="save" ?disabled=${edits.length === 0 || this._busy !== null} @click=${this.save}>
          ${this._busy === 'saving' ? 'Saving…' : 'Save'}
        </button>
        <button data-action="discard" ?disabled=${edits.length === 0} @click=${this.discard}>Discard</button>
        <button data-action="reload" title="Read floorplan.yaml again, e.g. after it changed elsewhere; unsaved changes are kept" ?disabled=${this._busy !== null} @click=${this.reload}>
          Reload
        </button>
        <span class=${edits.length > 0 ? 'unsaved' : 'saved'}>
          ${edits.length > 0 ? `Unsaved changes: ${plural(edits.length, 'edit')}` : 'No unsaved changes'}
        </span>
      </div>
      ${this._error ? html`<div class="error" role="alert">${this._error}</div>` : nothing}
      ${this._notice ? html`<p class="notice" role="status">${this._notice}</p>` : nothing}
      ${mode.kind === 'georeference' && this._image
        ? html`<floorplan-presence-georeference
            .url=${this._imageUrl!}
            .size=${this._image}
            .georeference=${this.imageConfig()?.georeference}
            .rooms=${this.floorRooms()}
            @georeference-changed=${(e: CustomEvent<{ georeference: Georeference }>) => this.georeferenced(e.detail.georeference)}
            @georeference-cancel=${() => (this._mode = { kind: 'select' })}
          ></floorplan-presence-georeference>`
        : html`${this.renderModeHint()} ${this.renderPlan()} ${this.renderSelection()}`}
    `;
  }

  private renderToolbar() {
    const mode = this._mode.kind;
    const scanners = this.unplacedScanners();
    return html`
      <div class="actions">
        <label
          >Floor
          <select
            data-field="view-floor"
            @change=${(e: Event) => {
              this._floor = (e.target as HTMLSelectElement).value;
              this._mode = { kind: 'select' };
              this._z = null;
            }}
          >
            ${this._base!.floors.map((f) => html`<option value=${f.id} ?selected=${f.id === this._floor}>${floorLabel(f.id)}</option>`)}
          </select></label
        >
        <button data-action="undo" title="Undo (Ctrl+Z)" ?disabled=${!canUndo(this._history!)} @click=${this.undoStep}>Undo</button>
        <button data-action="redo" title="Redo (Ctrl+Shift+Z)" ?disabled=${!canRedo(this._history!)} @click=${this.redoStep}>Redo</button>
        <label title="Dragged and placed points land on a ${SNAP_STEP} m grid"
          ><input type="checkbox" data-field="snap" .checked=${this._snap} @change=${(e: Event) => (this._snap = (e.target as HTMLInputElement).checked)} />
          Snap to ${SNAP_STEP} m</label
        >
      </div>
      <div class="actions">
        <button data-action="draw-room" aria-pressed=${mode === 'draw-room'} @click=${() => this.toggleMode({ kind: 'draw-room', corners: [] })}>
          Draw room
        </button>
        <button
          data-action="georeference"
          aria-pressed=${mode === 'georeference'}
          ?disabled=${!this._image}
          title=${this.imageConfig() ? 'Pin the floor image to the plan with two points' : 'Set an image for this floor in the Card tab first'}
          @click=${() => this.toggleMode({ kind: 'georeference' })}
        >
          Georeference image
        </button>
      </div>
      <div class="actions">
        <label
          >Scanner
          <select data-field="scanner" ?disabled=${scanners.length === 0} @change=${(e: Event) => (this._scanner = (e.target as HTMLSelectElement).value)}>
            ${scanners.length === 0 ? html`<option>No unplaced scanners</option>` : nothing}
            ${scanners.map((s) => html`<option value=${s.id} ?selected=${s.id === this._scanner}>${s.name ? `${s.name} (${s.id})` : s.id}</option>`)}
          </select></label
        >
        <label
          >z (m)
          <input
            type="number"
            step="0.1"
            data-field="z"
            .value=${String(this.newNodeZ())}
            @change=${(e: Event) => {
              const value = (e.target as HTMLInputElement).value;
              this._z = value.trim() === '' || !Number.isFinite(Number(value)) ? null : Number(value);
            }}
        /></label>
        <button data-action="add-node" aria-pressed=${mode === 'place-node'} ?disabled=${scanners.length === 0} @click=${this.startPlacing}>Add node</button>
      </div>
    `;
  }

  private renderModeHint() {
    const mode = this._mode;
    const cancel = html`<button data-action="cancel" @click=${this.cancel}>Cancel</button>`;
    if (mode.kind === 'place-node') {
      return html`<div class="actions hint">Click on the plan to place ${mode.name ?? mode.id} at z ${fixed(this.newNodeZ())} m. ${cancel}</div>`;
    }
    if (mode.kind === 'draw-room') {
      return html`<div class="actions hint">
        Click the corners of the new room, then click the first corner or Finish (${plural(mode.corners.length, 'corner')} so far).
        <button data-action="finish-room" ?disabled=${mode.corners.length < MIN_CORNERS} @click=${this.finishRoom}>Finish</button>
        ${cancel}
      </div>`;
    }
    return html`<p class="hint">
      Drag nodes and room corners; click a room to edit it, and the dot in the middle of one of its edges to add a corner.
    </p>`;
  }

  private renderPlan() {
    const view = this.view();
    const rooms = this.floorRooms();
    const nodes = this.floorNodes();
    const image = this.imageConfig();
    const imageToView = this.imageToView();
    const box = this._box!;
    const unit = this.scale.unit(box);
    const selection = this._selection;
    const selectedRoom = selection?.kind === 'room' ? rooms.find((r) => r.id === selection.id) : undefined;
    return html`<svg
      class="plan ${this._mode.kind}"
      tabindex="0"
      viewBox="${box.x} ${box.y} ${box.width} ${box.height}"
      @pointerdown=${this.onPointerDown}
      @pointermove=${this.onPointerMove}
      @pointerup=${this.onPointerUp}
      @pointercancel=${this.onPointerUp}
    >
      ${imageToView && this._image ? imageLayer(image!.url, this._image, imageToView, image!.opacity) : nothing}
      ${roomLayer(rooms, view, 12 * unit, selectedRoom?.id)}
      ${nodes.map((node) => {
        const [x, y] = apply(view, xy(node.coordinates));
        const selected = selection?.kind === 'node' && selection.id === node.id;
        // The hook is on the circle alone, so that the middle of the element is the handle.
        return svg`<g class="node ${selected ? 'selected' : ''}">
          <circle data-node-id=${node.id} cx=${x} cy=${y} r=${7 * unit}></circle>
          <text x=${x + 10 * unit} y=${y + 4 * unit} font-size=${11 * unit}>${node.name ?? node.id}</text>
        </g>`;
      })}
      ${selectedRoom ? this.renderCorners(selectedRoom, view, unit) : nothing}
      ${this.renderDrawing(view, unit)}
      ${this.renderDragLabel(view, unit)}
    </svg>`;
  }

  private renderCorners(room: CardRoom, view: Affine, unit: number) {
    const corner = this._selection?.kind === 'room' ? this._selection.corner : null;
    return svg`<g class="handles">
      ${edgeMidpoints(room.boundaries).map((p, i) => {
        const [x, y] = apply(view, p);
        return svg`<circle class="midpoint" data-midpoint-index=${i} cx=${x} cy=${y} r=${4.5 * unit}></circle>`;
      })}
      ${room.boundaries.map((p, i) => {
        const [x, y] = apply(view, p);
        const s = 12 * unit;
        return svg`<rect class="vertex ${i === corner ? 'selected' : ''}" data-vertex-index=${i}
          x=${x - s / 2} y=${y - s / 2} width=${s} height=${s}></rect>`;
      })}
    </g>`;
  }

  private renderDrawing(view: Affine, unit: number) {
    if (this._mode.kind !== 'draw-room') return nothing;
    const corners = this._mode.corners;
    const line = this._cursor ? [...corners, this._cursor] : corners;
    const first = corners[0] && apply(view, corners[0]);
    return svg`<g class="drawing">
      <polyline points=${pointsAttr(line, view)}></polyline>
      ${corners.map((p) => {
        const [x, y] = apply(view, p);
        return svg`<circle class="corner" cx=${x} cy=${y} r=${4 * unit}></circle>`;
      })}
      ${first && corners.length >= MIN_CORNERS ? svg`<circle class="close" data-action="close-room" cx=${first[0]} cy=${first[1]} r=${9 * unit}></circle>` : nothing}
    </g>`;
  }

  /** The dragged node's or corner's coordinates next to it. */
  private renderDragLabel(view: Affine, unit: number) {
    const target = this._drag?.target;
    const at = target && this.positionOf(target);
    if (!target || !at) return nothing;
    const z = target.kind === 'node' ? this.plan.nodes.find((n) => n.id === target.id)?.coordinates[2] : undefined;
    const [x, y] = apply(view, at);
    const text = `x ${fixed(at[0])}  y ${fixed(at[1])}${z === undefined ? '' : `  z ${fixed(z)}`} m`;
    return svg`<text class="coordinates" x=${x + 12 * unit} y=${y - 12 * unit} font-size=${12 * unit}>${text}</text>`;
  }

  private renderSelection() {
    const s = this._selection;
    if (s?.kind === 'node') {
      const node = this.plan.nodes.find((n) => n.id === s.id)!;
      return html`<fieldset class="panel" data-panel="node">
        <legend>Node ${node.name ?? node.id}</legend>
        ${node.name ? html`<div class="hint">${node.id}</div>` : nothing}
        <div class="actions">
          <label title="Shown on the plan; it can be changed here, not removed"
            >name
            <input type="text" data-field="name" .value=${node.name ?? ''} @change=${(e: Event) => this.renameNode(node, e.target as HTMLInputElement)}
          /></label>
          ${axisFields(['x', 'y', 'z'], node.coordinates, (i, value) => this.updateNode(node, i, value))}
          <button data-action="delete-node" @click=${() => this.deleteNode(node.id)}>Delete node</button>
        </div>
      </fieldset>`;
    }
    if (s?.kind !== 'room') return nothing;
    const room = this.plan.rooms.find((r) => r.id === s.id)!;
    const isNew = !this._base!.rooms.some((r) => r.id === room.id);
    const text = (field: 'id' | 'name' | 'area', value: string, hint: string) =>
      html`<label title=${hint}
        >${field}
        <input
          type="text"
          data-field=${field}
          .value=${value}
          @change=${(e: Event) => {
            const input = (e.target as HTMLInputElement).value.trim();
            this.updateRoom(room, field === 'area' ? { area: input || null } : { [field]: input });
          }}
      /></label>`;
    return html`<fieldset class="panel" data-panel="room">
      <legend>Room ${room.name || room.id}</legend>
      <div class="actions">
        ${isNew ? text('id', room.id, 'The key in floorplan.yaml; it cannot change once saved') : html`<span class="hint">id ${room.id}</span>`}
        ${text('name', room.name, 'Shown on the plan; blank: the area, else the id')}
        ${text('area', room.area ?? '', 'Home Assistant area id, e.g. living_room')}
        <label
          >floor
          <select data-field="floor" @change=${(e: Event) => this.updateRoom(room, { floor: (e.target as HTMLSelectElement).value })}>
            ${this._base!.floors.map((f) => html`<option value=${f.id} ?selected=${f.id === room.floor}>${floorLabel(f.id)}</option>`)}
          </select></label
        >
      </div>
      ${s.corner !== null
        ? html`<div class="actions" data-panel="corner">
            Corner ${s.corner + 1} of ${room.boundaries.length}
            ${axisFields(['x', 'y'], room.boundaries[s.corner]!, (i, value) => this.updateCorner(room, s.corner!, i, value))}
            <button data-action="delete-vertex" @click=${() => this.deleteCorner(room.id, s.corner!)}>Delete corner</button>
          </div>`
        : html`<p class="hint">Click a corner to move or delete it.</p>`}
      <div class="actions"><button data-action="delete-room" @click=${() => this.deleteRoom(room.id)}>Delete room</button></div>
    </fieldset>`;
  }

  static override styles = [
    editorStyles,
    css`
      .status .unsaved {
        color: var(--warning-color, #ffa600);
        font-weight: 500;
      }
      .status .saved,
      .notice {
        color: var(--secondary-text-color);
      }
      .panel {
        border: 1px solid var(--divider-color, #ccc);
        border-radius: 4px;
        margin: 8px 0;
      }
      .panel input[type='text'] {
        width: 9em;
      }
      svg.place-node,
      svg.draw-room {
        cursor: crosshair;
      }
      /* A touch that starts on a handle or while placing drags; elsewhere it scrolls the dialog. */
      svg.place-node,
      svg.draw-room,
      .node,
      .vertex,
      .midpoint {
        touch-action: none;
      }
      .room {
        cursor: pointer;
      }
      .node circle {
        fill: var(--state-icon-color, #44739e);
        stroke: var(--card-background-color, #fff);
        stroke-width: 2px;
        vector-effect: non-scaling-stroke;
        cursor: grab;
      }
      .node.selected circle {
        fill: var(--primary-color);
        stroke: var(--primary-text-color);
      }
      .node text,
      .coordinates {
        fill: var(--primary-text-color);
        paint-order: stroke;
        stroke: var(--card-background-color, #fff);
        stroke-width: 3px;
        vector-effect: non-scaling-stroke;
        pointer-events: none;
      }
      .coordinates {
        font-weight: 600;
      }
      .vertex,
      .midpoint,
      .drawing .close {
        stroke: var(--primary-color);
        stroke-width: 2px;
        vector-effect: non-scaling-stroke;
        cursor: move;
      }
      .vertex {
        fill: var(--card-background-color, #fff);
      }
      .vertex.selected {
        fill: var(--primary-color);
      }
      .midpoint {
        fill: var(--primary-color);
        fill-opacity: 0.35;
        cursor: copy;
      }
      .drawing polyline {
        fill: none;
        stroke: var(--accent-color, #ff9800);
        stroke-width: 2px;
        stroke-dasharray: 6 4;
        vector-effect: non-scaling-stroke;
      }
      .drawing .corner {
        fill: var(--accent-color, #ff9800);
      }
      .drawing .close {
        fill: var(--accent-color, #ff9800);
        fill-opacity: 0.3;
        cursor: pointer;
      }
    `,
  ];
}

if (!customElements.get('floorplan-presence-plan-editor')) customElements.define('floorplan-presence-plan-editor', FloorplanPresencePlanEditor);

/** A metre field per axis of a point, each reporting its index and typed value on change. */
function axisFields(axes: readonly string[], point: readonly number[], change: (axis: number, value: string) => void): TemplateResult[] {
  return axes.map(
    (axis, i) => html`<label
      >${axis} (m)
      <input type="number" step="0.01" data-field=${axis} .value=${fixed(point[i]!)} @change=${(e: Event) => change(i, (e.target as HTMLInputElement).value)}
    /></label>`,
  );
}
