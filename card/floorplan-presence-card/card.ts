/**
 * `custom:floorplan-presence-card`: the floor plan with rooms, beacon nodes, static entities and
 * every moving entity where the sidecar places it.
 *
 * Drawn in SVG (crisp at any zoom, theme variables apply directly, native hit testing). Lit
 * renders only when the layout, options, floor, selection or set of shown entities changes;
 * positions move markers by writing their `transform` from an animation frame loop, and the
 * parts that follow live data (trails, range circles, details, occupancy, stale nodes, static
 * states) are updated in place.
 *
 * Administrators can switch to calibration mode: the calibration panel (calibration-panel.ts)
 * shows under the plan, and during a session a tap on the plan records a spot there.
 */
import { html, LitElement, nothing, render, svg, type SVGTemplateResult, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { CalibrationView, CardEntity, CardLayout, CardRange, CardRoom, CardStaticEntity } from '../../server/sinks/card/messages.ts';
import type { HassEntity, HomeAssistant, LovelaceCard, LovelaceCardEditor, LovelaceGridOptions } from '../ha/types.ts';
import { actionFor, type EntityActions, type Gesture, GestureRecognizer, performAction } from '../shared/actions.ts';
import { callFloorplan, type DataChange, FloorplanData } from '../shared/data.ts';
import { floorLabel, initials, metres, relativeTime } from '../shared/format.ts';
import { type Affine, apply, type Box, compose, imageToPlan, invert, labelDrop, middleInside, planToView, type Point } from '../shared/geometry.ts';
import { glideDone, glidePosition, type Glide, glideTo } from '../shared/motion.ts';
import { drawnFloor, layoutViewBox } from '../shared/plan.ts';
import { cardStyles, entityColor } from '../shared/styles.ts';
import { addFix, type TrailFix, trailStrokes } from '../shared/trail.ts';
import './calibration-panel.ts';
import type { CalibrationPanel, CalibrationViewEvent } from './calibration-panel.ts';
import { CARD_TYPE, type ResolvedCardConfig, validateConfig, withDefaults } from './config.ts';
import { imageSize, type ImageSize } from './plan-image.ts';
import { clientToSvg } from './plan-screen.ts';
import { imageLayer } from './plan-svg.ts';

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * Above this many markers on a floor their name labels only overlap into noise (and cost a text
 * paint each per frame): the initials and the chips name them, the selected one keeps its label.
 */
const CROWDED = 20;

/** A static entity's drawing, CSS pixels: its 20 px icon, and its state's 11 px text from x = 13. */
const STATIC_ICON_RADIUS = 10;
const STATE_TEXT_X = 13;
const STATE_CHAR_WIDTH = 6.5;
/** A room label's size, CSS pixels: 12 px text, about 7 px a character. */
const ROOM_LABEL_HEIGHT = 14;
const ROOM_LABEL_CHAR_WIDTH = 7;

/** Where a moving entity is relative to the floor on screen. */
type Whereabouts = 'here' | 'elsewhere' | 'away' | 'unknown';

const planPoint = (coordinates: readonly number[]): Point => [coordinates[0]!, coordinates[1]!];

export class FloorplanPresenceCard extends LitElement implements LovelaceCard {
  static override styles = cardStyles;

  static getConfigElement(): LovelaceCardEditor {
    return document.createElement('floorplan-presence-card-editor') as LovelaceCardEditor;
  }

  /** What the card picker adds: the first floor of the layout, when the integration answers. */
  static async getStubConfig(hass: HomeAssistant): Promise<{ type: string; floor?: string }> {
    try {
      const floor = (await callFloorplan<CardLayout>(hass, 'card_layout')).floors[0]?.id;
      return floor ? { type: CARD_TYPE, floor } : { type: CARD_TYPE };
    } catch {
      return { type: CARD_TYPE };
    }
  }

  private config?: ResolvedCardConfig;
  private view: Affine = planToView(0);
  private hassValue?: HomeAssistant;
  /** The floor picked with a tab or by following; the configured or first floor otherwise. */
  private chosenFloor?: string;
  private followedFloor?: string;
  private selected: string | null = null;
  /** Whether the Calibrate button shows: for administrators only (the sidecar refuses others). */
  private isAdmin = false;
  /** Calibration mode: the calibration panel under the plan; during a session a tap on the plan records a spot. */
  private calibrating = false;
  /** The panel's latest view, for the session's spots on the plan. */
  private calibrationView: CalibrationView | null = null;
  /** Where a press that may record a spot started, in plan metres. */
  private pressedAt?: Point;
  private readonly data = new FloorplanData((change) => this.onDataChange(change));

  /** Per moving entity, in plan metres: the glide under way and when its last fix arrived. */
  private readonly motions = new Map<string, { glide: Glide; fixAt: number }>();
  private readonly gliding = new Set<string>();
  private readonly trails = new Map<string, TrailFix[]>();
  private entityElements = new Map<string, SVGGElement>();
  private trailElements = new Map<string, SVGGElement>();
  private frameRequest?: number;

  /** The markers drawn at the last render; a different key needs a render. */
  private renderedMarkers = '';
  /** What the chips showed when last drawn, and where. */
  private renderedChips?: { row: HTMLElement; key: string };
  private readonly staticStates = new Map<string, HassEntity | undefined>();
  /** Natural sizes of the background images loaded so far. */
  private readonly imageSizes = new Map<string, ImageSize>();
  private ticker?: ReturnType<typeof setInterval>;
  private resizeObserver?: ResizeObserver;
  private observedPlan?: SVGSVGElement;
  private planSize?: { width: number; height: number };
  /** Plan metres one CSS pixel shows; a guess until the plan is measured. */
  private metresPerPixel = 0.025;

  private readonly gestures = new GestureRecognizer<string | null>((target, gesture) => this.onGesture(target, gesture), {
    hold: (target) => this.distinguishes(target, 'hold'),
    doubleTap: (target) => this.distinguishes(target, 'double_tap'),
  });

  set hass(hass: HomeAssistant) {
    this.hassValue = hass;
    if (this.isConnected) this.data.setHass(hass);
    if ((hass.user?.is_admin === true) !== this.isAdmin) {
      this.isAdmin = !this.isAdmin;
      this.requestUpdate();
    }
    // Called many times a second: only compare, render when something shown changed (a state's
    // text can move a room's label too).
    if (this.staticStatesChanged()) this.requestUpdate();
    this.updateEntities();
  }

  get hass(): HomeAssistant | undefined {
    return this.hassValue;
  }

  setConfig(config: unknown): void {
    const resolved = withDefaults(validateConfig(config));
    if (resolved.follow !== this.config?.follow) this.followedFloor = undefined;
    this.config = resolved;
    this.view = planToView(resolved.rotation);
    this.followEntity();
    this.requestUpdate();
  }

  /** Selects a moving entity as a tap on it does (null clears); for chips and tests. */
  selectEntity(entityId: string | null): void {
    if (entityId === this.selected) return;
    this.selected = entityId;
    this.requestUpdate();
  }

  /** Rows of 50 px in masonry views: the plan's height at a typical card width, plus tabs and chips. */
  getCardSize(): number {
    const layout = this.data.layout;
    if (!layout) return 6;
    const box = layoutViewBox(layout, this.view);
    return 2 + Math.ceil((box.height / box.width) * 8);
  }

  getGridOptions(): LovelaceGridOptions {
    return { columns: 12, rows: 'auto', min_columns: 6, min_rows: 4 };
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hassValue) this.data.setHass(this.hassValue);
    this.ticker = setInterval(() => {
      // Trails age between fixes too: an entity that stopped sending leaves a fading trail.
      const now = performance.now();
      for (const id of this.trailElements.keys()) {
        if (now - (this.motions.get(id)?.fixAt ?? 0) >= 1000) this.drawTrail(id, now);
      }
      this.refreshLive();
    }, 1000);
    this.observeSize();
    this.startFrames();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.data.stop();
    clearInterval(this.ticker);
    if (this.frameRequest !== undefined) cancelAnimationFrame(this.frameRequest);
    this.frameRequest = undefined;
    this.gestures.dispose();
    this.resizeObserver?.disconnect();
    this.observedPlan = undefined;
  }

  // --- data -------------------------------------------------------------------------------

  private onDataChange(change: DataChange): void {
    if (change.kind !== 'positions') {
      this.requestUpdate();
      return;
    }
    const now = performance.now();
    for (const id of change.removed) {
      this.motions.delete(id);
      this.trails.delete(id);
    }
    for (const id of change.changed) {
      const entity = this.data.entities.get(id);
      if (entity) this.onFix(entity, now);
    }
    this.followEntity();
    if (this.updateEntities() && this.selected !== null && change.changed.includes(this.selected)) this.renderRanges();
    this.refreshLive();
    this.startFrames();
  }

  /**
   * Renders again when the set of markers changed, else redraws the chips if what they show
   * changed. True when neither needed a render of the card.
   */
  private updateEntities(): boolean {
    const entities = this.shownEntities();
    if (this.markersKey(entities) !== this.renderedMarkers) {
      this.requestUpdate();
      return false;
    }
    this.renderChips(entities);
    return true;
  }

  /** A new state of one entity: glide to its fix, extend its trail, resize its accuracy circle. */
  private onFix(entity: CardEntity, now: number): void {
    const id = entity.entity_id;
    const previous = this.motions.get(id);
    if (!entity.present || !entity.coordinates) {
      // Without a position the marker goes; when one comes back it appears there, not gliding.
      this.motions.delete(id);
      return;
    }
    const point = planPoint(entity.coordinates);
    this.entityElements.get(id)?.querySelector('.accuracy')?.setAttribute('r', this.accuracyRadius(entity));
    if (previous && previous.glide.to[0] === point[0] && previous.glide.to[1] === point[1]) return;
    this.motions.set(id, { glide: glideTo(previous?.glide, previous?.fixAt, point, now), fixAt: now });
    this.gliding.add(id);
    const config = this.config;
    const layout = this.data.layout;
    if (config && layout && config.trail > 0) {
      const floor = drawnFloor(layout, entity.floor) ?? null;
      this.trails.set(id, addFix(this.trails.get(id) ?? [], { at: now, point, floor }, config.trail * 1000));
      this.drawTrail(id, now);
    }
  }

  private followEntity(): void {
    const id = this.config?.follow;
    const layout = this.data.layout;
    const entity = id ? this.data.entities.get(id) : undefined;
    if (!layout || !entity?.present || !entity.coordinates) return;
    const floor = drawnFloor(layout, entity.floor);
    if (!floor || floor === this.followedFloor) return;
    this.followedFloor = floor;
    this.showFloor(floor);
  }

  private showFloor(floor: string): void {
    if (floor === this.currentFloor()) return;
    this.chosenFloor = floor;
    this.requestUpdate();
  }

  private currentFloor(): string | undefined {
    const floors = this.data.layout?.floors ?? [];
    const known = (id: string | undefined) => id !== undefined && floors.some((f) => f.id === id);
    if (known(this.chosenFloor)) return this.chosenFloor;
    if (known(this.config?.floor)) return this.config?.floor;
    return floors[0]?.id;
  }

  /** The moving entities the card shows: those listed in `entities` in that order, else all by name. */
  private shownEntities(): CardEntity[] {
    const wanted = this.config?.entities;
    if (wanted) return wanted.flatMap((id) => this.data.entities.get(id) ?? []);
    return [...this.data.entities.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  private whereabouts(entity: CardEntity): Whereabouts {
    if (!entity.present) return 'away';
    const layout = this.data.layout;
    if (!entity.coordinates || !layout) return 'unknown';
    return drawnFloor(layout, entity.floor) === this.currentFloor() ? 'here' : 'elsewhere';
  }

  private picture(entityId: string): string | undefined {
    return this.hassValue?.states[entityId]?.attributes.entity_picture;
  }

  /** What decides the markers drawn: which entities are on the floor shown, their names and pictures. */
  private markersKey(entities: readonly CardEntity[]): string {
    return entities
      .map((e) => [e.entity_id, e.name, this.whereabouts(e) === 'here', this.picture(e.entity_id)].join('\u0001'))
      .join('\u0002');
  }

  /** Notes the static entities' states; true when one changed since the last call. */
  private staticStatesChanged(): boolean {
    const statics = this.config?.show_static_entities ? (this.data.layout?.static_entities ?? []) : [];
    let changed = false;
    for (const { entity_id } of statics) {
      const state = this.hassValue?.states[entity_id];
      if (this.staticStates.get(entity_id) !== state) changed = true;
      this.staticStates.set(entity_id, state);
    }
    return changed;
  }

  // --- rendering --------------------------------------------------------------------------

  protected override render(): TemplateResult | typeof nothing {
    const config = this.config;
    if (!config) return nothing;
    const layout = this.data.layout;
    const floor = this.currentFloor();
    const entities = this.shownEntities();
    this.renderedMarkers = this.markersKey(entities);
    const error = this.data.error;
    return html`<ha-card>
      ${config.title ? html`<h1 class="title">${config.title}</h1>` : nothing}
      ${this.renderToolbar(layout, floor)}
      ${error ? html`<div class="banner error" role="alert">${error}</div>` : nothing}
      ${layout && floor
        ? html`<div class="stage">
            ${this.data.sidecarConnected === false
              ? html`<div class="banner disconnected" role="status">Floorplan sidecar disconnected — showing the last known positions</div>`
              : nothing}
            ${this.renderPlan(layout, floor, entities)}
          </div>`
        : error
          ? nothing
          : html`<div class="message">${layout ? 'floorplan.yaml has no floors yet.' : 'Loading the floor plan…'}</div>`}
      <div class="chips" role="toolbar" aria-label="Moving entities"></div>
      <div class="details"></div>
      ${this.calibrating && layout
        ? html`<floorplan-presence-calibration .hass=${this.hassValue} .layout=${layout} @calibration-view=${this.onCalibrationView}></floorplan-presence-calibration>`
        : nothing}
    </ha-card>`;
  }

  /** Floor tabs (two floors or more) and, for administrators, the Calibrate button. */
  private renderToolbar(layout: CardLayout | null, floor: string | undefined): TemplateResult | typeof nothing {
    const tabs = layout && layout.floors.length > 1 ? this.renderTabs(layout, floor) : nothing;
    const calibrate = this.isAdmin && layout !== null;
    if (tabs === nothing && !calibrate) return nothing;
    return html`<div class="toolbar">
      ${tabs}
      ${calibrate
        ? html`<button class="chip calibrate" aria-pressed=${this.calibrating ? 'true' : 'false'} @click=${() => this.toggleCalibration()}>
            ${this.calibrating ? 'Close calibration' : 'Calibrate'}
          </button>`
        : nothing}
    </div>`;
  }

  private renderTabs(layout: CardLayout, floor: string | undefined): TemplateResult {
    return html`<div class="tabs" role="tablist">
      ${layout.floors.map(
        (f) =>
          html`<button class="tab" role="tab" data-floor=${f.id} aria-selected=${f.id === floor ? 'true' : 'false'} @click=${() => this.showFloor(f.id)}>
            ${floorLabel(f.id)}
          </button>`,
      )}
    </div>`;
  }

  private renderPlan(layout: CardLayout, floor: string, entities: readonly CardEntity[]): TemplateResult {
    const config = this.config!;
    const box = layoutViewBox(layout, this.view);
    const project = (p: Point) => apply(this.view, p);
    const rooms = layout.rooms.filter((room) => room.floor === floor);
    const nodes = config.show_nodes ? layout.nodes.filter((node) => drawnFloor(layout, node.floor) === floor) : [];
    const drawn = entities.filter((e) => this.whereabouts(e) === 'here');
    const statics = this.staticBoxes(layout, floor);
    // The selected marker last, so it is drawn on top of the others.
    drawn.sort((a, b) => Number(a.entity_id === this.selected) - Number(b.entity_id === this.selected));
    return html`<svg
      class="plan ${drawn.length > CROWDED ? 'crowded' : ''}"
      viewBox="${box.x} ${box.y} ${box.width} ${box.height}"
      data-floor=${floor}
      @pointerdown=${this.onPointerDown}
      @pointermove=${this.onPointerMove}
      @pointerup=${this.onPointerUp}
      @pointercancel=${this.onPointerCancel}
      @pointerleave=${this.onPointerCancel}
      @keydown=${this.onKeyDown}
    >
      <defs><clipPath id="avatar-clip" clipPathUnits="objectBoundingBox"><circle cx="0.5" cy="0.5" r="0.5"></circle></clipPath></defs>
      <rect class="backdrop" x=${box.x} y=${box.y} width=${box.width} height=${box.height}></rect>
      ${this.renderImage(floor)}
      <g class="rooms">
        ${rooms.map((room) => svg`<polygon class="room" data-room-id=${room.id} points=${room.boundaries.map(project).join(' ')}></polygon>`)}
      </g>
      <g class="room-labels">
        ${rooms.map((room) => this.roomLabel(room, statics))}
      </g>
      <g class="statics"></g>
      <g class="nodes">
        ${nodes.map(
          (node) =>
            svg`<g class="node" data-node-id=${node.id} transform=${this.pinned(project(planPoint(node.coordinates)))}>
              <title>${node.name ?? node.id}</title>
              <rect class="mark" x="-4.5" y="-4.5" width="9" height="9" transform="rotate(45)"></rect>
            </g>`,
        )}
      </g>
      <g class="ranges"></g>
      <g class="trails">
        ${repeat(
          drawn,
          (e) => e.entity_id,
          (e) => svg`<g class="trail" data-trail-of=${e.entity_id} style="--entity-color: ${entityColor(e.entity_id)}"></g>`,
        )}
      </g>
      <g class="entities">${repeat(drawn, (e) => e.entity_id, (e) => this.renderEntity(e))}</g>
      <g class="calibration-spots"></g>
    </svg>`;
  }

  /** The floor's background image, placed by its georeference once its pixel size is known. */
  private renderImage(floor: string): SVGTemplateResult | typeof nothing {
    const image = this.config!.images?.[floor];
    if (!image) return nothing;
    const size = this.imageSizes.get(image.url);
    if (!size) {
      imageSize(image.url).then(
        (loaded) => {
          this.imageSizes.set(image.url, loaded);
          this.requestUpdate();
        },
        () => undefined,
      );
      return nothing;
    }
    return imageLayer(image.url, size, compose(this.view, imageToPlan(image.georeference)), image.opacity ?? 1);
  }

  /** A moving entity's marker, in CSS pixels; the animation frame loop rewrites its transform. */
  private renderEntity(entity: CardEntity): SVGTemplateResult {
    const id = entity.entity_id;
    const picture = this.picture(id);
    return svg`<g class="entity ${id === this.selected ? 'selected' : ''}" data-entity-id=${id} transform=${this.markerTransform(id, performance.now())}
      tabindex="0" role="button" aria-label=${entity.name} style="--entity-color: ${entityColor(id)}">
      <circle class="accuracy" r=${this.accuracyRadius(entity)}></circle>
      ${id === this.selected ? svg`<circle class="halo" r="17"></circle>` : nothing}
      <circle class="badge" r="14"></circle>
      ${picture
        ? svg`<image href=${picture} x="-13" y="-13" width="26" height="26" clip-path="url(#avatar-clip)" preserveAspectRatio="xMidYMid slice"></image>`
        : svg`<text class="initials">${initials(entity.name)}</text>`}
      <text class="name" y="19">${entity.name}</text>
    </g>`;
  }

  private markerTransform(id: string, now: number): string {
    const motion = this.motions.get(id);
    const coordinates = this.data.entities.get(id)?.coordinates;
    const at: Point = motion ? glidePosition(motion.glide, now) : coordinates ? planPoint(coordinates) : [0, 0];
    return this.pinned(apply(this.view, at));
  }

  /**
   * Places a drawing made in CSS pixels (a marker, a label) at a point of the view, at the same
   * size on screen however large the plan is drawn; one transform per drawing keeps paint cheap.
   */
  private pinned([x, y]: Point): string {
    return `translate(${x.toFixed(3)} ${y.toFixed(3)}) scale(${this.metresPerPixel.toPrecision(4)})`;
  }

  /** The accuracy circle's radius in the marker's pixels. */
  private accuracyRadius(entity: CardEntity): string {
    return ((entity.accuracy ?? 0) / this.metresPerPixel).toFixed(1);
  }

  /** The chip row: every shown entity with where it is; a chip selects its entity. */
  private renderChips(entities: readonly CardEntity[]): void {
    const row = this.renderRoot?.querySelector<HTMLElement>('.chips');
    const chips = entities.map((e) => ({ entity: e, whereabouts: this.whereabouts(e), picture: this.picture(e.entity_id) }));
    const key = JSON.stringify([this.selected, chips.map((c) => [c.entity.entity_id, c.entity.name, c.entity.floor, c.entity.room_name, c.whereabouts, c.picture])]);
    if (!row || (row === this.renderedChips?.row && key === this.renderedChips.key)) return;
    this.renderedChips = { row, key };
    const chip = ({ entity, whereabouts }: (typeof chips)[number]) =>
      html`<button
        class="chip ${whereabouts}"
        data-entity-id=${entity.entity_id}
        aria-pressed=${entity.entity_id === this.selected ? 'true' : 'false'}
        @click=${() => this.selectEntity(entity.entity_id === this.selected ? null : entity.entity_id)}
      >
        ${this.renderAvatar(entity)}<span>${entity.name}</span><span class="where">${this.whereText(entity, whereabouts)}</span>
      </button>`;
    render(repeat(chips, (c) => c.entity.entity_id, chip), row, { host: this });
  }

  private renderAvatar(entity: CardEntity): TemplateResult {
    const picture = this.picture(entity.entity_id);
    return html`<span class="avatar" style="--entity-color: ${entityColor(entity.entity_id)}"
      >${picture ? html`<img src=${picture} alt="" />` : initials(entity.name)}</span
    >`;
  }

  private whereText(entity: CardEntity, whereabouts: Whereabouts): string {
    switch (whereabouts) {
      case 'here':
        return entity.room_name ?? '';
      case 'elsewhere':
        return [entity.floor && floorLabel(entity.floor), entity.room_name].filter(Boolean).join(' · ');
      case 'away':
        return 'Away';
      case 'unknown':
        return 'No position';
    }
  }

  // --- parts updated in place ---------------------------------------------------------------

  protected override updated(): void {
    const root = this.renderRoot;
    const byEntity = (selector: string, key: 'entityId' | 'trailOf') =>
      new Map([...root.querySelectorAll<SVGGElement>(selector)].map((el): [string, SVGGElement] => [el.dataset[key]!, el]));
    this.entityElements = byEntity('g.entity', 'entityId');
    this.trailElements = byEntity('g.trail', 'trailOf');
    const now = performance.now();
    for (const id of this.trailElements.keys()) this.drawTrail(id, now);
    this.renderStatics();
    this.renderRanges();
    this.renderChips(this.shownEntities());
    this.renderCalibrationSpots();
    this.refreshLive();
    this.observeSize();
    this.startFrames();
  }

  private renderStatics(): void {
    const group = this.renderRoot.querySelector<SVGGElement>('g.statics');
    const layout = this.data.layout;
    const floor = this.currentFloor();
    if (!group || !layout) return;
    render(this.shownStatics(layout, floor).map((s) => this.staticTemplate(s)), group, { host: this });
  }

  private shownStatics(layout: CardLayout, floor: string | undefined): CardStaticEntity[] {
    return this.config?.show_static_entities ? layout.static_entities.filter((s) => drawnFloor(layout, s.floor) === floor) : [];
  }

  /** A static entity's state as its label shows it; undefined while Home Assistant has no state for it. */
  private staticText(entity: CardStaticEntity): string | undefined {
    const hass = this.hassValue;
    const state = hass?.states[entity.entity_id];
    return state && (hass.formatEntityState?.(state) ?? `${state.state}${state.attributes.unit_of_measurement ? ` ${state.attributes.unit_of_measurement}` : ''}`);
  }

  /** Where the floor's static entities are drawn: view units, and their icon and state text around it in CSS pixels. */
  private staticBoxes(layout: CardLayout, floor: string): { at: Point; box: Box }[] {
    return this.shownStatics(layout, floor).map((s) => {
      const textWidth = (this.staticText(s)?.length ?? 0) * STATE_CHAR_WIDTH;
      const box = { x: -STATIC_ICON_RADIUS, y: -STATIC_ICON_RADIUS, width: STATE_TEXT_X + STATIC_ICON_RADIUS + textWidth, height: 2 * STATIC_ICON_RADIUS };
      return { at: apply(this.view, planPoint(s.coordinates)), box };
    });
  }

  /** A room's name at its middle, moved down clear of a static entity drawn there (a ceiling light often is). */
  private roomLabel(room: CardRoom, statics: readonly { at: Point; box: Box }[]): SVGTemplateResult {
    const at = apply(this.view, middleInside(room.boundaries));
    const relative = statics.map(({ at: [x, y], box }) => ({ ...box, x: box.x + (x - at[0]) / this.metresPerPixel, y: box.y + (y - at[1]) / this.metresPerPixel }));
    const drop = labelDrop({ width: room.name.length * ROOM_LABEL_CHAR_WIDTH, height: ROOM_LABEL_HEIGHT }, relative);
    return svg`<text class="room-label" y=${drop} transform=${this.pinned(at)}>${room.name}</text>`;
  }

  private staticTemplate(entity: CardStaticEntity): SVGTemplateResult {
    const hass = this.hassValue;
    const state = hass?.states[entity.entity_id];
    const text = this.staticText(entity);
    return svg`<g class="static" data-static-id=${entity.entity_id} transform=${this.pinned(apply(this.view, planPoint(entity.coordinates)))}>
      <title>${state?.attributes.friendly_name ?? entity.entity_id}</title>
      ${state && customElements.get('ha-state-icon')
        ? svg`<foreignObject x="-10" y="-10" width="20" height="20"><ha-state-icon .hass=${hass} .stateObj=${state}></ha-state-icon></foreignObject>`
        : svg`<circle class="mark" r="5"></circle>`}
      ${text ? svg`<text class="state" x="13">${text}</text>` : nothing}
    </g>`;
  }

  /** The selected entity's ranges: a circle of the measured distance and its ± sigma band per node. */
  private renderRanges(): void {
    const group = this.renderRoot.querySelector<SVGGElement>('g.ranges');
    if (!group) return;
    const entity = this.selected !== null ? this.data.entities.get(this.selected) : undefined;
    const show = this.config?.range_circles && entity && this.whereabouts(entity) === 'here';
    const height = entity?.coordinates?.[2] ?? 0;
    render(show ? entity.ranges.map((range) => this.rangeTemplate(range, height)) : nothing, group, { host: this });
  }

  /**
   * A range is a sphere around its node; the plan shows where it cuts the entity's height, so a
   * node on another floor draws the small circle that actually constrains the position.
   */
  private rangeTemplate(range: CardRange, height: number): SVGTemplateResult | typeof nothing {
    const node = this.data.layout?.nodes.find((n) => n.id === range.node);
    if (!node) return nothing;
    const [cx, cy] = apply(this.view, planPoint(node.coordinates));
    const rise = node.coordinates[2] - height;
    const across = (distance: number): number => Math.sqrt(Math.max(0, distance * distance - rise * rise));
    const inner = across(Math.max(0, range.distance - range.sigma));
    const outer = across(range.distance + range.sigma);
    return svg`<g class="range" data-node-id=${node.id}>
      <circle class="band" cx=${cx} cy=${cy} r=${(inner + outer) / 2} stroke-width=${outer - inner}></circle>
      <circle class="distance" cx=${cx} cy=${cy} r=${across(range.distance)}></circle>
    </g>`;
  }

  // --- calibration --------------------------------------------------------------------------

  private toggleCalibration(): void {
    this.calibrating = !this.calibrating;
    // The panel leaves with the mode, and its polling with it.
    if (!this.calibrating) this.calibrationView = null;
    this.requestUpdate();
  }

  private readonly onCalibrationView = (event: CalibrationViewEvent): void => {
    this.calibrationView = event.detail;
    this.renderCalibrationSpots();
  };

  /** The panel, when it would take a tap on the plan as a spot now. */
  private spotTaker(): CalibrationPanel | null {
    const panel = this.calibrating ? this.renderRoot.querySelector<CalibrationPanel>('floorplan-presence-calibration') : null;
    return panel?.takesSpots ? panel : null;
  }

  /** The session's spots on the floor shown, numbered as the panel lists them, and the one recording now. */
  private renderCalibrationSpots(): void {
    const group = this.renderRoot.querySelector<SVGGElement>('g.calibration-spots');
    const layout = this.data.layout;
    if (!group || !layout) return;
    const session = this.calibrating ? this.calibrationView?.session : null;
    group.closest('svg')?.classList.toggle('spotting', !!session && !session.recording);
    const floor = this.currentFloor();
    const here = (spot: { floor: string | null }) => drawnFloor(layout, spot.floor) === floor;
    const marker = (coordinates: readonly number[], label: number, recording: boolean) =>
      svg`<g class="calibration-spot ${recording ? 'recording' : ''}" transform=${this.pinned(apply(this.view, planPoint(coordinates)))}>
        ${recording ? svg`<circle class="pulse" r="18"></circle>` : nothing}
        <circle class="dot" r="10"></circle>
        <text>${label}</text>
      </g>`;
    const spots = session?.spots.flatMap((spot, i) => (here(spot) ? [marker(spot.coordinates, i + 1, false)] : [])) ?? [];
    const recording = session?.recording;
    render([spots, recording && here(recording) ? marker(recording.coordinates, session.spots.length + 1, true) : nothing], group, { host: this });
  }

  /** Redraws one entity's trail from its fixes; the newest one is where its marker is gliding to. */
  private drawTrail(id: string, now: number): void {
    const group = this.trailElements.get(id);
    const floor = this.currentFloor();
    if (!group || !floor || !this.config) return;
    const strokes = trailStrokes((this.trails.get(id) ?? []).slice(0, -1), floor, now, this.config.trail * 1000);
    while (group.childElementCount > strokes.length) group.lastElementChild!.remove();
    strokes.forEach((stroke, i) => {
      const line = group.children[i] ?? group.appendChild(document.createElementNS(SVG_NS, 'polyline'));
      // Unchanged attributes are not written: the time-driven redraw mostly finds nothing new.
      const points = stroke.points.map((p) => apply(this.view, p).map((v) => v.toFixed(3)).join(',')).join(' ');
      const opacity = (0.7 * stroke.opacity).toFixed(2);
      if (line.getAttribute('points') !== points) line.setAttribute('points', points);
      if (line.getAttribute('stroke-opacity') !== opacity) line.setAttribute('stroke-opacity', opacity);
    });
  }

  /** Things that change with time or any position: room occupancy, stale nodes, the details panel. */
  private refreshLive(): void {
    const root = this.renderRoot;
    const config = this.config;
    if (!config || !root) return;
    const occupied = new Set(this.shownEntities().flatMap((e) => (e.present && e.room ? [e.room] : [])));
    for (const room of root.querySelectorAll<SVGElement>('.room')) room.classList.toggle('occupied', occupied.has(room.dataset.roomId!));
    const now = Date.now();
    for (const node of root.querySelectorAll<SVGElement>('g.node')) {
      const heard = this.data.nodesHeard[node.dataset.nodeId!];
      node.classList.toggle('stale', !heard || now - Date.parse(heard) > config.node_stale_after * 1000);
    }
    this.renderDetails(now);
  }

  private renderDetails(now: number): void {
    const panel = this.renderRoot.querySelector<HTMLElement>('.details');
    if (!panel) return;
    const entity = this.selected !== null ? this.data.entities.get(this.selected) : undefined;
    render(entity ? this.detailsTemplate(entity, now) : nothing, panel, { host: this });
  }

  private detailsTemplate(entity: CardEntity, now: number): TemplateResult {
    const nodes = this.data.layout?.nodes ?? [];
    const nodeNames = entity.nodes_used.map((id) => nodes.find((n) => n.id === id)?.name ?? id);
    const language = this.hassValue?.language ?? navigator.language;
    const row = (label: string, value: string) => html`<dt>${label}</dt><dd>${value}</dd>`;
    return html`<section data-entity-id=${entity.entity_id} aria-label="Details">
      <header>
        ${this.renderAvatar(entity)}<span class="name">${entity.name}</span>
        <button class="close" aria-label="Close" @click=${() => this.selectEntity(null)}>×</button>
      </header>
      <dl>
        ${!entity.present ? row('Status', 'Away') : nothing}
        ${entity.reason ? row('No position', entity.reason) : nothing}
        ${row('Room', entity.room_name ?? '—')}
        ${row('Floor', entity.floor ? floorLabel(entity.floor) : '—')}
        ${row('Accuracy', entity.accuracy !== null ? `± ${metres(entity.accuracy)}` : '—')}
        ${row('Last seen', entity.last_seen ? relativeTime(entity.last_seen, now, language) : 'never')}
        ${row('Nodes used', nodeNames.join(', ') || 'none')}
      </dl>
    </section>`;
  }

  /** Keeps the metres per CSS pixel current so markers and labels keep their size on screen. */
  private observeSize(): void {
    const plan = this.renderRoot?.querySelector<SVGSVGElement>('svg.plan') ?? undefined;
    if (plan !== this.observedPlan) {
      this.resizeObserver?.disconnect();
      this.observedPlan = plan;
      this.planSize = undefined;
      if (plan) {
        // The observer reports the size without forcing a layout; it fires once on observing.
        this.resizeObserver ??= new ResizeObserver(([entry]) => {
          this.planSize = entry && { width: entry.contentRect.width, height: entry.contentRect.height };
          this.updateScale();
        });
        this.resizeObserver.observe(plan);
      }
    }
    this.updateScale();
  }

  private updateScale(): void {
    const size = this.planSize;
    const layout = this.data.layout;
    if (!layout || !size || size.width === 0 || size.height === 0) return;
    const box = layoutViewBox(layout, this.view);
    const metresPerPixel = Math.max(box.width / size.width, box.height / size.height);
    if (metresPerPixel === this.metresPerPixel) return;
    this.metresPerPixel = metresPerPixel;
    this.requestUpdate();
  }

  // --- motion -----------------------------------------------------------------------------

  private startFrames(): void {
    if (this.frameRequest === undefined && this.gliding.size > 0 && this.isConnected) {
      this.frameRequest = requestAnimationFrame(this.frame);
    }
  }

  private readonly frame = (now: number): void => {
    this.frameRequest = undefined;
    for (const id of this.gliding) {
      const motion = this.motions.get(id);
      if (motion) this.entityElements.get(id)?.setAttribute('transform', this.markerTransform(id, now));
      if (!motion || glideDone(motion.glide, now)) this.gliding.delete(id);
    }
    this.startFrames();
  };

  // --- gestures ---------------------------------------------------------------------------

  /** The entity id under a pointer or focus: a moving or static entity, or null for the plan itself. */
  private targetOf(event: Event): string | null {
    const element = (event.target as Element).closest<SVGElement>('[data-entity-id], [data-static-id]');
    return element?.dataset.entityId ?? element?.dataset.staticId ?? null;
  }

  private entityActions(entityId: string): EntityActions {
    if (!this.data.entities.has(entityId)) return { entity: entityId };
    const { tap_action, hold_action, double_tap_action } = this.config!;
    return { entity: entityId, tap_action, hold_action, double_tap_action };
  }

  /** Waiting to tell a tap from a hold or double tap only when that gesture does something. */
  private distinguishes(target: string | null, gesture: Gesture): boolean {
    return target !== null && actionFor(this.entityActions(target), gesture).action !== 'none';
  }

  private onGesture(target: string | null, gesture: Gesture): void {
    if (target === null) {
      const spot = this.pressedAt;
      if (spot && gesture === 'tap') this.spotTaker()?.placeSpot(spot[0], spot[1], this.currentFloor());
      else this.selectEntity(null);
      return;
    }
    if (this.data.entities.has(target)) this.selectEntity(target);
    performAction(this, this.entityActions(target), gesture);
  }

  private readonly onPointerDown = (event: PointerEvent): void => {
    if (!event.isPrimary || event.button !== 0) return;
    // Recording a spot, a tap anywhere is where the user stands, their own marker included.
    const spotting = this.spotTaker() !== null;
    const plan = event.currentTarget as SVGSVGElement;
    this.pressedAt = spotting ? apply(invert(this.view), clientToSvg(plan, event.clientX, event.clientY)) : undefined;
    this.gestures.down(spotting ? null : this.targetOf(event), event.clientX, event.clientY);
  };

  private readonly onPointerMove = (event: PointerEvent): void => {
    if (event.isPrimary) this.gestures.move(event.clientX, event.clientY);
  };

  private readonly onPointerUp = (event: PointerEvent): void => {
    if (event.isPrimary) this.gestures.up();
  };

  private readonly onPointerCancel = (): void => {
    this.gestures.cancel();
  };

  private readonly onKeyDown = (event: KeyboardEvent): void => {
    const target = this.targetOf(event);
    if (target === null || (event.key !== 'Enter' && event.key !== ' ')) return;
    event.preventDefault();
    this.onGesture(target, 'tap');
  };
}

// Loaded twice (dashboard resource and the integration's module), the second copy stands down.
if (!customElements.get('floorplan-presence-card')) {
  customElements.define('floorplan-presence-card', FloorplanPresenceCard);
  (window.customCards ??= []).push({
    type: 'floorplan-presence-card',
    name: 'Floorplan Presence',
    description: 'Where people and devices are on your floor plan, from Bermuda BLE distances: rooms, floors, trails and ranges.',
    preview: true,
    documentationURL: 'https://github.com/floorplan-presence/floorplan-presence/blob/main/docs/CARD.md',
  });
}
