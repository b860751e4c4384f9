/**
 * `custom:floorplan-presence-stats-card`: presence over time from the sidecar's history — who is
 * home now, occupancy per room, time per room as stacked bars, a timeline of rooms per person and
 * a heat map of positions over the plan, for today or this week.
 *
 * It reads the layout once and `stats_summary` when it is put on the page, when the range changes,
 * every minute while it is on the page, and a moment after the live stream says someone arrived,
 * left or changed room; a new `hass` (many a second) reads nothing. Charts are HTML and SVG drawn
 * from the numbers of shared/stats-chart.ts and shared/heatmap.ts.
 */
import { html, LitElement, nothing, svg, type TemplateResult } from 'lit';
import type { CardLayout, StatsRequest, StatsSubject, StatsSummary } from '../../server/sinks/card/messages.ts';
import type { HomeAssistant, LovelaceCard, LovelaceCardEditor, LovelaceGridOptions } from '../ha/types.ts';
import { callFloorplan, describeError } from '../shared/data.ts';
import { floorLabel, initials } from '../shared/format.ts';
import { type Affine, planToView, type Point } from '../shared/geometry.ts';
import { heatCells, heatColour, heatGradient, type HeatCell } from '../shared/heatmap.ts';
import { layoutViewBox } from '../shared/plan.ts';
import { dwellBars, rangeEnd, roomColours, timelineSegments, timeTicks, type DwellBar } from '../shared/stats-chart.ts';
import { clockTime, duration } from '../shared/stats-format.ts';
import { cardStyles, entityColor } from '../shared/styles.ts';
import { type Whereabouts, WhereaboutsWatch } from '../shared/whereabouts.ts';
import { pointsAttr, roomLayer } from '../floorplan-presence-card/plan-svg.ts';
import { STATS_CARD_TYPE, type ResolvedStatsConfig, type StatsRange, type StatsSection, validateStatsConfig, withStatsDefaults } from './config.ts';
import { statsStyles } from './styles.ts';

/** How often the summary is read again while the card is on the page. */
const REFRESH_MS = 60_000;
/**
 * How long after someone's room changes the summary is read again: changes come in bursts (a
 * family coming home, a fix crossing a hall), and one read serves them all.
 */
const SETTLE_MS = 1_000;
/** Room names on the heat map, CSS pixels. */
const LABEL_PX = 12;

/** A heat map cell's corners in plan metres. */
const square = ({ x, y, size }: HeatCell): Point[] => [
  [x, y],
  [x + size, y],
  [x + size, y + size],
  [x, y + size],
];

/** The rooms the time bars show. */
const barRooms = (summary: StatsSummary): (string | null)[] => summary.dwell.flatMap((s) => s.rooms.flatMap((r) => (r.seconds > 0 ? [r.room] : [])));

/** A fraction of a chart's width as a CSS length. */
const percent = (fraction: number): string => `${(fraction * 100).toFixed(3)}%`;

const RANGE_LABELS: Record<StatsRange, string> = { today: 'Today', week: 'This week' };
/** Rows of 50 px each part takes in masonry views. */
const SECTION_ROWS: Record<StatsSection, number> = { home: 2, rooms: 2, time: 3, timeline: 3, heatmap: 5 };

export class FloorplanPresenceStatsCard extends LitElement implements LovelaceCard {
  static override properties = {
    _layout: { state: true },
    _shown: { state: true },
    _error: { state: true },
    _range: { state: true },
    _floor: { state: true },
    _planWidth: { state: true },
  };

  static override styles = [cardStyles, statsStyles];

  static getConfigElement(): LovelaceCardEditor {
    return document.createElement('floorplan-presence-stats-card-editor') as LovelaceCardEditor;
  }

  static getStubConfig(): { type: string } {
    return { type: STATS_CARD_TYPE };
  }

  private config?: ResolvedStatsConfig;
  /** Plan metres → the heat map's drawing, turned by `rotation`. */
  private view: Affine = planToView(0);
  private hassValue?: HomeAssistant;
  private _layout: CardLayout | null = null;
  /** The last summary read, and its range (the toggle may have moved on while a request is under way, or failed). */
  private _shown: { range: StatsRange; summary: StatsSummary } | null = null;
  private _error: string | null = null;
  /** The range picked with the toggle; the configured one until then. */
  private _range?: StatsRange;
  /** The heat map's floor picked with a tab. */
  private _floor?: string;
  /** The heat map's width on screen, CSS pixels; a guess until measured. */
  private _planWidth = 500;

  private timer?: ReturnType<typeof setInterval>;
  private settling?: ReturnType<typeof setTimeout>;
  private readonly whereabouts = new WhereaboutsWatch(
    (entityId) => this.shownWhereabouts(entityId),
    () => this.readSoon(),
  );
  /** Requests are numbered: an answer older than the last one sent (a range since switched) is dropped. */
  private sent = 0;
  private resizeObserver?: ResizeObserver;
  private observedPlan?: SVGSVGElement;

  set hass(hass: HomeAssistant) {
    const first = !this.hassValue;
    this.hassValue = hass;
    if (first && this.isConnected) this.start();
  }

  get hass(): HomeAssistant | undefined {
    return this.hassValue;
  }

  setConfig(config: unknown): void {
    const previous = this.config?.range;
    this.config = withStatsDefaults(validateStatsConfig(config));
    this.view = planToView(this.config.rotation);
    if (this._range === undefined && previous !== undefined && previous !== this.config.range && this.timer !== undefined) void this.fetchSummary();
    this.requestUpdate();
  }

  getCardSize(): number {
    return 1 + (this.config?.show ?? []).reduce((rows, section) => rows + SECTION_ROWS[section], 0);
  }

  getGridOptions(): LovelaceGridOptions {
    return { columns: 12, rows: 'auto', min_columns: 6 };
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hassValue) this.start();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.timer);
    this.timer = undefined;
    clearTimeout(this.settling);
    this.settling = undefined;
    this.whereabouts.stop();
    this.sent++;
    this.resizeObserver?.disconnect();
    this.observedPlan = undefined;
  }

  private get range(): StatsRange {
    return this._range ?? this.config?.range ?? 'today';
  }

  /** The range of the figures shown, as the headings name it. */
  private shownRange(): string {
    return RANGE_LABELS[this._shown?.range ?? this.range];
  }

  private showRange(range: StatsRange): void {
    if (range === this.range) return;
    this._range = range;
    void this.fetchSummary();
  }

  // --- data -------------------------------------------------------------------------------

  private start(): void {
    if (this.timer !== undefined) return;
    this.timer = setInterval(() => void this.fetchSummary(), REFRESH_MS);
    this.whereabouts.start(this.hassValue!);
    void this.fetchSummary();
  }

  /** What "who is home" shows of an entity; undefined before the first summary. */
  private shownWhereabouts(entityId: string): Whereabouts | undefined {
    const summary = this._shown?.summary;
    if (!summary) return undefined;
    const home = summary.now.home.find((h) => h.entity_id === entityId);
    return home ? { present: true, room: home.room } : { present: false, room: null };
  }

  private readSoon(): void {
    if (this.settling !== undefined) return;
    this.settling = setTimeout(() => {
      this.settling = undefined;
      void this.fetchSummary();
    }, SETTLE_MS);
  }

  /** The summary of the range shown, and the layout the first time (or until it is read). */
  private async fetchSummary(): Promise<void> {
    const hass = this.hassValue;
    if (!hass) return;
    const order = ++this.sent;
    const { range } = this;
    const request: StatsRequest = { range };
    try {
      const [summary, layout] = await Promise.all([
        callFloorplan<StatsSummary>(hass, 'stats_summary', request),
        this._layout ?? callFloorplan<CardLayout>(hass, 'card_layout'),
      ]);
      if (order !== this.sent) return;
      this._shown = { range, summary };
      this._layout = layout;
      this._error = null;
    } catch (error) {
      if (order === this.sent) this._error = describeError(error);
    }
  }

  // --- rendering --------------------------------------------------------------------------

  protected override render(): TemplateResult | typeof nothing {
    const config = this.config;
    if (!config) return nothing;
    const summary = this._shown?.summary;
    const shows = (section: StatsSection) => config.show.includes(section);
    const ranged = shows('time') || shows('timeline') || shows('heatmap');
    return html`<ha-card>
      <div class="header">
        ${config.title ? html`<h1 class="title">${config.title}</h1>` : nothing}
        ${ranged ? this.renderRangeToggle() : nothing}
      </div>
      ${this._error ? html`<div class="banner error" role="alert">${this._error}</div>` : nothing}
      ${summary
        ? html`<div class="sections">
            ${shows('home') ? this.renderHome(summary) : nothing} ${shows('rooms') ? this.renderRooms(summary) : nothing}
            ${shows('time') ? this.renderTime(summary) : nothing} ${shows('timeline') ? this.renderTimeline(summary) : nothing}
            ${shows('heatmap') ? this.renderHeatmap(summary) : nothing}
          </div>`
        : this._error
          ? nothing
          : html`<div class="message">Loading the statistics…</div>`}
    </ha-card>`;
  }

  private renderRangeToggle(): TemplateResult {
    return html`<div class="range-toggle" role="group" aria-label="Range">
      ${(['today', 'week'] as const).map(
        (range) =>
          html`<button class="range" data-range=${range} aria-pressed=${range === this.range ? 'true' : 'false'} @click=${() => this.showRange(range)}>
            ${RANGE_LABELS[range]}
          </button>`,
      )}
    </div>`;
  }

  private language(): string {
    return this.hassValue?.language ?? navigator.language;
  }

  /** Every room by the layout's order, then rooms only the history still names: the colours' and legends' order. */
  private roomOrder(summary: StatsSummary): string[] {
    const fromHistory = [...summary.dwell.flatMap((s) => s.rooms.map((r) => r.room)), ...summary.timeline.flatMap((s) => s.transitions.map((t) => t.room))];
    const rooms = [...(this._layout?.rooms.map((r) => r.id) ?? []), ...fromHistory.filter((r): r is string => r !== null)];
    return [...new Set(rooms)];
  }

  private roomName(summary: StatsSummary, room: string | null): string {
    if (room === null) return 'No room';
    return this._layout?.rooms.find((r) => r.id === room)?.name ?? summary.now.rooms.find((r) => r.room === room)?.name ?? room;
  }

  private avatar(subject: StatsSubject): TemplateResult {
    const picture = this.hassValue?.states[subject.entity_id]?.attributes.entity_picture;
    return html`<span class="avatar" style="--entity-color: ${entityColor(subject.entity_id)}"
      >${picture ? html`<img src=${picture} alt="" />` : initials(subject.name)}</span
    >`;
  }

  private renderHome(summary: StatsSummary): TemplateResult {
    // The sidecar's now: the range ends there.
    const now = Date.parse(summary.to);
    return html`<section class="home" aria-labelledby="home-heading">
      <h2 id="home-heading">Who is home</h2>
      ${summary.now.home.length === 0
        ? html`<p class="empty">Nobody is home.</p>`
        : html`<ul>
            ${summary.now.home.map(
              (person) => html`<li class="chip" data-entity-id=${person.entity_id}>
                ${this.avatar(person)}<span class="name">${person.name}</span>
                <span class="where"
                  >${person.room_name ?? 'Home'}${person.since ? ` · since ${clockTime(Date.parse(person.since), now, summary.time_zone, this.language())}` : ''}</span
                >
              </li>`,
            )}
          </ul>`}
    </section>`;
  }

  /** Occupied rooms with their count and people, most people first; then the empty ones in one line. */
  private renderRooms(summary: StatsSummary): TemplateResult {
    const occupied = summary.now.rooms.filter((r) => r.occupants.length > 0).sort((a, b) => b.occupants.length - a.occupants.length);
    const empty = summary.now.rooms.filter((r) => r.occupants.length === 0);
    return html`<section class="rooms" aria-labelledby="rooms-heading">
      <h2 id="rooms-heading">Occupancy</h2>
      ${occupied.length > 0
        ? html`<ul>
            ${occupied.map(
              (room) => html`<li data-room-id=${room.room}>
                <span class="count">${room.occupants.length}</span>
                <span class="room-name">${room.name}</span>
                <span class="names">${room.occupants.map((o) => o.name).join(', ')}</span>
              </li>`,
            )}
          </ul>`
        : nothing}
      ${empty.length > 0
        ? html`<p class="vacant">
            Empty:
            ${empty.map((room, i) => html`<span data-room-id=${room.room}>${room.name}</span>${i < empty.length - 1 ? ', ' : ''}`)}
          </p>`
        : nothing}
    </section>`;
  }

  private renderTime(summary: StatsSummary): TemplateResult {
    const bars = dwellBars(summary.dwell);
    const colour = roomColours(this.roomOrder(summary));
    return html`<section class="time" aria-labelledby="time-heading">
      <h2 id="time-heading">Time per room · ${this.shownRange()}</h2>
      ${bars.length === 0
        ? html`<p class="empty">Nobody was home.</p>`
        : html`<div class="bars">${bars.map((bar) => this.renderBar(bar, colour))}</div>
            ${this.config?.show.includes('timeline') ? nothing : this.renderLegend(summary, barRooms(summary), colour)}`}
    </section>`;
  }

  /** A person's stacked bar; opened, one bar per room on the same scale with its time, most time first. */
  private renderBar(bar: DwellBar, colour: (room: string | null) => string): TemplateResult {
    return html`<details class="bar" data-entity-id=${bar.entity_id}>
      <summary>
        <span class="who">${bar.name}</span>
        <span class="track">
          ${bar.segments.map(
            (s) =>
              html`<span class="segment" data-room-id=${s.room ?? ''} data-seconds=${s.seconds} style="width: ${percent(s.width)}; background: ${colour(s.room)}"
                title="${s.name}: ${duration(s.seconds)}"
              ></span>`,
          )}
        </span>
        <span class="total">${duration(bar.total)}</span>
      </summary>
      <ul class="breakdown">
        ${[...bar.segments].sort((a, b) => b.seconds - a.seconds).map(
          (s) => html`<li data-room-id=${s.room ?? ''}>
            <span class="who">${s.name}</span>
            <span class="track"><span class="segment" style="width: ${percent(s.width)}; background: ${colour(s.room)}"></span></span>
            <span class="total">${duration(s.seconds)}</span>
          </li>`,
        )}
      </ul>
    </details>`;
  }

  /** The rooms a chart shows, in the rooms' order (no room last), with their colours; the timeline's covers the bars' too. */
  private renderLegend(summary: StatsSummary, rooms: readonly (string | null)[], colour: (room: string | null) => string): TemplateResult {
    const order = this.roomOrder(summary);
    const place = (room: string | null) => (room === null ? order.length : order.indexOf(room));
    return html`<ul class="legend">
      ${[...new Set(rooms)]
        .sort((a, b) => place(a) - place(b))
        .map((room) => html`<li data-room-id=${room ?? ''}><span class="swatch" style="background: ${colour(room)}"></span>${this.roomName(summary, room)}</li>`)}
    </ul>`;
  }

  private renderTimeline(summary: StatsSummary): TemplateResult {
    // The range runs to the sidecar's now; the axis to the end of its last day.
    const [from, now] = [Date.parse(summary.from), Date.parse(summary.to)];
    const to = rangeEnd(from, now, summary.time_zone);
    const colour = roomColours(this.roomOrder(summary));
    const language = this.language();
    const time = (t: number) => clockTime(t, now, summary.time_zone, language);
    const lanes = summary.timeline.map((subject) => ({ subject, segments: timelineSegments(subject.transitions, from, to, now) }));
    return html`<section class="timeline" aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">Timeline · ${this.shownRange()}</h2>
      ${lanes.length === 0
        ? html`<p class="empty">No room changes.</p>`
        : html`<div class="lanes">
              ${lanes.map(
                ({ subject, segments }) => html`<div class="lane" data-entity-id=${subject.entity_id}>
                  <span class="who">${subject.name}</span>
                  <span class="band">
                    ${segments.map(
                      (s) => html`<span
                        class="segment"
                        data-room-id=${s.room}
                        data-start=${new Date(s.start).toISOString()}
                        data-end=${new Date(s.end).toISOString()}
                        style="left: ${percent(s.left)}; width: ${percent(s.width)}; background: ${colour(s.room)}"
                        title="${this.roomName(summary, s.room)}: ${time(s.start)}–${time(s.end)}"
                      ></span>`,
                    )}
                    ${now < to ? html`<span class="now" style="left: ${percent((now - from) / (to - from))}"></span>` : nothing}
                  </span>
                </div>`,
              )}
              <div class="lane axis" aria-hidden="true">
                <span class="who"></span>
                <span class="band">
                  ${timeTicks(from, to, summary.time_zone, language).map((tick) => html`<span class="tick" style="left: ${percent(tick.at)}">${tick.label}</span>`)}
                </span>
              </div>
            </div>
            ${this.renderLegend(
              summary,
              [...lanes.flatMap((l) => l.segments.map((s) => s.room)), ...(this.config?.show.includes('time') ? barRooms(summary) : [])],
              colour,
            )}`}
    </section>`;
  }

  private heatFloor(): string | undefined {
    const floors = this._layout?.floors ?? [];
    const known = (id: string | undefined) => id !== undefined && floors.some((f) => f.id === id);
    if (known(this._floor)) return this._floor;
    if (known(this.config?.floor)) return this.config?.floor;
    return floors[0]?.id;
  }

  /** The floor's rooms as the plan draws them, with the cells where positions were under them. */
  private renderHeatmap(summary: StatsSummary): TemplateResult {
    const layout = this._layout;
    const floor = this.heatFloor();
    const heading = html`<h2 id="heatmap-heading">Where people were · ${this.shownRange()}</h2>`;
    if (!layout || !floor) return html`<section class="heatmap" aria-labelledby="heatmap-heading">${heading}<p class="empty">No floor plan yet.</p></section>`;
    const box = layoutViewBox(layout, this.view);
    const grid = summary.heatmap.find((g) => g.floor === floor);
    const cells = grid ? heatCells(grid) : [];
    const most = Math.max(0, ...cells.map((c) => c.count));
    const metresPerPixel = box.width / this._planWidth;
    return html`<section class="heatmap" aria-labelledby="heatmap-heading">
      ${heading}
      ${layout.floors.length > 1
        ? html`<div class="tabs" role="tablist">
            ${layout.floors.map(
              (f) =>
                html`<button class="tab" role="tab" data-floor=${f.id} aria-selected=${f.id === floor ? 'true' : 'false'} @click=${() => (this._floor = f.id)}>
                  ${floorLabel(f.id)}
                </button>`,
            )}
          </div>`
        : nothing}
      <svg class="heat" viewBox="${box.x} ${box.y} ${box.width} ${box.height}" style="--metres-per-pixel: ${metresPerPixel}" data-floor=${floor} role="img" aria-label="Heat map of positions on ${floorLabel(floor)}">
        <g class="cells">
          ${cells.map(
            (c) => svg`<polygon class="cell" points=${pointsAttr(square(c), this.view)} fill=${heatColour(c.level)} data-count=${c.count}
              ><title>${c.count} positions</title></polygon>`,
          )}
        </g>
        ${roomLayer(
          layout.rooms.filter((r) => r.floor === floor),
          this.view,
          LABEL_PX * metresPerPixel,
        )}
      </svg>
      ${most > 0
        ? html`<div class="scale">
            <span>1</span><span class="gradient" style="background: ${heatGradient()}"></span><span>${most} positions</span>
          </div>`
        : html`<p class="empty">No positions on this floor.</p>`}
    </section>`;
  }

  protected override updated(): void {
    // Room names keep their size on screen: the heat map's width, measured.
    const plan = this.renderRoot.querySelector<SVGSVGElement>('svg.heat') ?? undefined;
    if (plan === this.observedPlan) return;
    this.observedPlan = plan;
    this.resizeObserver ??= new ResizeObserver(([entry]) => {
      const width = entry?.contentRect.width ?? 0;
      if (width > 0) this._planWidth = width;
    });
    this.resizeObserver.disconnect();
    if (plan) this.resizeObserver.observe(plan);
  }
}

// Loaded twice (dashboard resource and the integration's module), the second copy stands down.
if (!customElements.get('floorplan-presence-stats-card')) {
  customElements.define('floorplan-presence-stats-card', FloorplanPresenceStatsCard);
  (window.customCards ??= []).push({
    type: 'floorplan-presence-stats-card',
    name: 'Floorplan Presence statistics',
    description: 'Who is home, occupancy per room, time per room, a timeline of rooms per person and a heat map of positions, today or this week.',
    preview: true,
    documentationURL: 'https://github.com/floorplan-presence/floorplan-presence/blob/main/docs/CARD.md#the-stats-card',
  });
}
