/**
 * `floorplan-presence-calibration`: the card's calibration view, shown under the plan while the card
 * is in calibration mode (docs/CARD.md, "Calibration"). A stand-here session: pick the device,
 * tap where you stand on the plan (the card hands the tap to `placeSpot`) or pick the room whose
 * middle you stand at, hold still while the sidecar records, repeat; then read each node's fit on
 * its chart and apply it to floorplan.yaml.
 *
 * It asks `calibration_status` every second while it is on the page, and only then. Every request
 * answers the whole CalibrationView, which the panel shows and hands to the card (the
 * `calibration-view` event) for the spot markers on the plan. What the user typed lives here, not
 * in the view, so a refused request loses none of it.
 */
import { html, LitElement, nothing, svg, type TemplateResult } from 'lit';
import type {
  CalibrationApplyResult,
  CalibrationFit,
  CalibrationNodeFit,
  CalibrationRecording,
  CalibrationRequest,
  CalibrationSession,
  CalibrationSpotRequest,
  CalibrationView,
  CardLayout,
  ReferenceBeacon,
} from '../../server/sinks/card/messages.ts';
import type { HomeAssistant } from '../ha/types.ts';
import { type CurveKind, nodeChart } from '../shared/calibration-chart.ts';
import { driftText, errorChange, persistsText, radioChanges, radioValue, recordingProgress, residualText, writtenText } from '../shared/calibration-format.ts';
import { callFloorplan, describeError } from '../shared/data.ts';
import { floorLabel, metres } from '../shared/format.ts';
import { middleInside } from '../shared/geometry.ts';
import { controlStyles } from '../shared/styles.ts';
import { calibrationStyles } from './calibration-styles.ts';

const POLL_MS = 1000;
/** Seconds a spot records, as offered; the sidecar's default is the middle one. */
const DURATIONS = [30, 45, 60];
const DEFAULT_DURATION = 45;

/** Fired with every new view; the card draws the session's spots from it. */
export type CalibrationViewEvent = CustomEvent<CalibrationView>;

/** Spot coordinates are sent to the centimetre: a tap is not more precise than that. */
const centimetres = (v: number): number => Math.round(v * 100) / 100;

export class CalibrationPanel extends LitElement {
  static override properties = {
    hass: { attribute: false },
    layout: { attribute: false },
    _view: { state: true },
    _error: { state: true },
    _busy: { state: true },
    _device: { state: true },
    _height: { state: true },
    _duration: { state: true },
    _spotRoom: { state: true },
    _confirm: { state: true },
    _written: { state: true },
  };

  static override styles = [controlStyles, calibrationStyles];

  hass?: HomeAssistant;
  /** For node names (reference beacons' drift, what apply wrote) and the rooms a spot can be picked by. */
  layout?: CardLayout;

  private _view: CalibrationView | null = null;
  /** The last failure; a poll's is replaced by the next answer, an action's stays until the next action. */
  private _error: { text: string; fromPoll: boolean } | null = null;
  /** An action (not a poll) is under way. */
  private _busy = false;
  private _device = '';
  /** The phone height field as typed; blank: the plan's device height. */
  private _height = '';
  private _heightInvalid = false;
  private _duration = DEFAULT_DURATION;
  /** The room picked for a spot at its middle (for recording without a pointer); blank: the first. */
  private _spotRoom = '';
  private _confirm: 'cancel' | 'apply' | null = null;
  /** What the last apply wrote, until the next session starts. */
  private _written: CalibrationApplyResult['written'] | null = null;

  private timer?: ReturnType<typeof setInterval>;
  private polling = false;
  /** Requests are numbered: an answer older than the one shown (a poll overtaken by an action) is dropped. */
  private sent = 0;
  private shown = 0;
  /** The sidecar's clock minus this browser's, ms, from the last spot's start: for the progress bar. */
  private skew = 0;

  /** Whether a tap on the plan records a spot now: a session without a recording under way. */
  get takesSpots(): boolean {
    const session = this._view?.session;
    return !!session && !session.recording && !this._busy;
  }

  /** Records a spot at the middle of the room picked: for those who cannot tap the plan precisely, or at all. */
  private placeSpotInRoom(): void {
    const rooms = this.layout?.rooms ?? [];
    const room = rooms.find((r) => r.id === this._spotRoom) ?? rooms[0];
    if (!room) return;
    const [x, y] = middleInside(room.boundaries);
    this.placeSpot(x, y, room.floor);
  }

  /** Records a spot where the user tapped: plan metres and the floor shown. */
  placeSpot(x: number, y: number, floor: string | undefined): void {
    if (!this.takesSpots) return;
    if (this._heightInvalid) {
      this._error = { text: 'The phone height must be a number of metres above the floor (or blank for the plan’s device height).', fromPoll: false };
      return;
    }
    const height = this._height.trim();
    const data: CalibrationSpotRequest = {
      x: centimetres(x),
      y: centimetres(y),
      duration: this._duration,
      ...(floor !== undefined && { floor }),
      ...(height !== '' && { height: Number(height) }),
    };
    void this.call('calibration_spot', data);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.poll();
    this.timer = setInterval(() => void this.poll(), POLL_MS);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private async poll(): Promise<void> {
    // One poll at a time: a slow link must not pile them up.
    if (this.polling) return;
    this.polling = true;
    try {
      await this.call('calibration_status');
    } finally {
      this.polling = false;
    }
  }

  /** Sends one request and shows the view it answers; a failure is shown, the inputs stay. */
  private async call(name: CalibrationRequest, data: object = {}): Promise<void> {
    const hass = this.hass;
    if (!hass) return;
    const fromPoll = name === 'calibration_status';
    const order = ++this.sent;
    if (!fromPoll) {
      this._busy = true;
      this._error = null;
    }
    try {
      const answer = await callFloorplan<CalibrationView | CalibrationApplyResult>(hass, name, data);
      const view = 'written' in answer ? answer.view : answer;
      if ('written' in answer) this._written = answer.written;
      const recording = view.session?.recording;
      if (name === 'calibration_spot' && recording) this.skew = Date.parse(recording.started) - Date.now();
      if (fromPoll && this._error?.fromPoll) this._error = null;
      if (order > this.shown) {
        this.shown = order;
        this.show(view);
      }
    } catch (error) {
      if (!fromPoll || !this._error || this._error.fromPoll) this._error = { text: describeError(error), fromPoll };
    } finally {
      if (!fromPoll) this._busy = false;
    }
  }

  private show(view: CalibrationView): void {
    this._view = view;
    if (!view.devices.some((d) => d.device === this._device)) this._device = view.devices[0]?.device ?? '';
    this.dispatchEvent(new CustomEvent('calibration-view', { detail: view }) satisfies CalibrationViewEvent);
  }

  private start(): void {
    this._written = null;
    void this.call('calibration_start', { device: this._device });
  }

  private answerConfirm(yes: boolean): void {
    const asked = this._confirm;
    this._confirm = null;
    if (!yes) return;
    if (asked === 'apply') void this.call('calibration_apply');
    if (asked === 'cancel') void this.call('calibration_cancel');
  }

  // --- rendering ----------------------------------------------------------------------------

  protected override render(): TemplateResult {
    const view = this._view;
    return html`<section class="calibration" aria-label="Calibration">
      <h2>Calibration</h2>
      ${this._error ? html`<div class="error" role="alert">${this._error.text}</div>` : nothing}
      ${this._written ? this.writtenTemplate(this._written) : nothing}
      ${!view ? html`<p class="hint">Reading the calibration…</p>` : view.session ? this.sessionTemplate(view.session) : this.startTemplate(view)}
      ${view?.fit ? this.fitTemplate(view.fit) : nothing}
      ${view && view.references.length > 0 ? this.referencesTemplate(view.references) : nothing}
    </section>`;
  }

  private startTemplate(view: CalibrationView): TemplateResult {
    const intro = html`<p class="hint">
      Carry the phone or tag you calibrate with to a few spots spread over the house, near and far from the nodes. At each, stand still, tap where you stand
      on the plan, and hold still while the sidecar records what every node hears.
    </p>`;
    if (view.devices.length === 0) return html`${intro}<p class="hint">No tracked device is heard right now: turn on the phone or tag you want to use.</p>`;
    return html`${intro}
      <div class="actions">
        <label
          >Device
          <select data-field="device" @change=${(e: Event) => (this._device = (e.target as HTMLSelectElement).value)}>
            ${view.devices.map(
              (d) => html`<option value=${d.device} ?selected=${d.device === this._device}>${d.name} · ${d.nodes_hearing} ${d.nodes_hearing === 1 ? 'node' : 'nodes'} hearing</option>`,
            )}
          </select></label
        >
        <button class="primary" data-action="start" ?disabled=${this._busy || this._device === ''} @click=${() => this.start()}>Start</button>
      </div>`;
  }

  private sessionTemplate(session: CalibrationSession): TemplateResult {
    const recording = session.recording;
    return html`<div class="session">
      <div class="row">
        <span>Calibrating with <strong>${session.name}</strong></span>
        <button data-action="cancel" ?disabled=${this._busy} @click=${() => (this._confirm = 'cancel')}>Cancel session</button>
      </div>
      ${this._confirm === 'cancel'
        ? this.confirmTemplate(
            html`<p>End this session and drop its ${session.spots.length} ${session.spots.length === 1 ? 'spot' : 'spots'}? Nothing is written.</p>`,
            'Cancel session',
            'Keep going',
          )
        : nothing}
      ${recording
        ? this.recordingTemplate(recording, session.spots.length + 1)
        : html`<p class="instructions">Stand still, holding the device as you usually carry it, and <strong>tap the plan where you stand</strong>.</p>
            ${this.roomSpotTemplate()}`}
      <div class="actions">
        <label
          >Phone height
          <input
            type="number"
            data-field="height"
            min="0"
            step="0.1"
            placeholder="default"
            .value=${this._height}
            @input=${(e: Event) => {
              const input = e.target as HTMLInputElement;
              this._height = input.value;
              this._heightInvalid = input.validity.badInput || (input.value !== '' && !(Number(input.value) >= 0));
            }}
          />
          m above the floor</label
        >
        <label
          >Record
          <select data-field="duration" @change=${(e: Event) => (this._duration = Number((e.target as HTMLSelectElement).value))}>
            ${DURATIONS.map((s) => html`<option value=${s} ?selected=${s === this._duration}>${s} s</option>`)}
          </select></label
        >
      </div>
      ${this.spotsTemplate(session)}
    </div>`;
  }

  /** Or: pick a room and stand at its middle. */
  private roomSpotTemplate(): TemplateResult | typeof nothing {
    const layout = this.layout;
    if (!layout || layout.rooms.length === 0) return nothing;
    const floors = new Set(layout.rooms.map((r) => r.floor)).size;
    return html`<div class="actions room-spot">
      <label
        >Or stand at the middle of
        <select data-field="spot-room" @change=${(e: Event) => (this._spotRoom = (e.target as HTMLSelectElement).value)}>
          ${layout.rooms.map(
            (r) => html`<option value=${r.id} ?selected=${r.id === this._spotRoom}>${r.name}${floors > 1 ? ` · ${floorLabel(r.floor)}` : ''}</option>`,
          )}
        </select></label
      >
      <button data-action="record-room" ?disabled=${!this.takesSpots} @click=${() => this.placeSpotInRoom()}>Record there</button>
    </div>`;
  }

  private recordingTemplate(recording: CalibrationRecording, number: number): TemplateResult {
    const { fraction, secondsLeft } = recordingProgress(recording, Date.now() + this.skew);
    const percent = Math.round(fraction * 100);
    return html`<div class="recording" role="status">
      <div class="progress" role="progressbar" aria-label="Recording" aria-valuemin="0" aria-valuemax="100" aria-valuenow=${percent}>
        <div class="bar" style="width: ${percent}%"></div>
      </div>
      <p>
        <strong>Recording spot ${number}: hold still.</strong> ${secondsLeft} s left · ${recording.samples} samples · ${recording.nodes.length}
        ${recording.nodes.length === 1 ? 'node' : 'nodes'} heard
      </p>
    </div>`;
  }

  private spotsTemplate(session: CalibrationSession): TemplateResult {
    if (session.spots.length === 0) return html`<p class="hint">No spots yet. Three or more, in different rooms, give a useful fit.</p>`;
    return html`<table class="spots">
      <thead>
        <tr>
          <th>Spot</th>
          <th>Nodes heard</th>
          <th>Error before → after</th>
          <th><span class="visually-hidden">Remove</span></th>
        </tr>
      </thead>
      <tbody>
        ${session.spots.map(
          (spot, i) => html`<tr data-spot-id=${spot.id}>
            <td>${i + 1}</td>
            <td>${spot.nodes.length}</td>
            <td>${errorChange(spot.error_before, spot.error_after)}</td>
            <td>
              <button
                class="remove"
                data-action="remove-spot"
                aria-label="Remove spot ${i + 1}"
                ?disabled=${this._busy}
                @click=${() => void this.call('calibration_remove_spot', { spot: spot.id })}
              >
                ×
              </button>
            </td>
          </tr>`,
        )}
      </tbody>
    </table>`;
  }

  private fitTemplate(fit: CalibrationFit): TemplateResult {
    const changes = fit.nodes.filter((n) => writtenText(n.fitted) !== '');
    return html`<div class="fit">
      <h3>Fit</h3>
      ${fit.error_before !== null || fit.error_after !== null
        ? html`<p class="median">Median error at the spots: <strong>${errorChange(fit.error_before, fit.error_after)}</strong></p>`
        : nothing}
      ${this.warningsTemplate(fit.warnings)}
      <div class="nodes">${fit.nodes.map((node) => this.nodeTemplate(node))}</div>
      <div class="actions">
        <button class="primary" data-action="apply" ?disabled=${!fit.applicable || this._busy} @click=${() => (this._confirm = 'apply')}>Apply…</button>
        ${fit.applicable ? nothing : html`<span class="hint">Nothing to change yet.</span>`}
      </div>
      ${this._confirm === 'apply' && fit.applicable
        ? this.confirmTemplate(
            html`<p>Write these values into floorplan.yaml? Comments and layout are kept.</p>
              <ul>
                ${changes.map((n) => html`<li><strong>${n.name ?? n.node}</strong>: ${writtenText(n.fitted)}</li>`)}
              </ul>`,
            'Write to floorplan.yaml',
            'Back',
          )
        : nothing}
    </div>`;
  }

  private nodeTemplate(node: CalibrationNodeFit): TemplateResult {
    return html`<article class="node-fit" data-node-id=${node.node}>
      <header>
        <span class="name">${node.name ?? node.node}</span>
        <span class="kind">${node.kind === 'rssi' ? 'RSSI' : 'distance'} · ${node.samples} samples</span>
      </header>
      <dl>
        ${radioChanges(node).map(
          (c) => html`<dt>${c.field}</dt>
            <dd data-field=${c.field}>${radioValue(c.field, c.from)} → ${c.to === null ? 'kept' : radioValue(c.field, c.to)}</dd>`,
        )}
        <dt>Residual</dt>
        <dd data-field="residual">${residualText(node)}</dd>
        <dt title="Share of the residual that stays while the phone stays at a spot">Persists</dt>
        <dd data-field="persistent_share">${persistsText(node)}</dd>
      </dl>
      ${this.warningsTemplate(node.warnings)} ${chartTemplate(node)}
    </article>`;
  }

  /** A node's name as the plan gives it, else its id. */
  private nodeLabel(id: string): string {
    return this.layout?.nodes.find((n) => n.id === id)?.name ?? id;
  }

  private referencesTemplate(references: readonly ReferenceBeacon[]): TemplateResult {
    return html`<div class="references">
      <h3>Reference beacons</h3>
      ${references.map(
        (r) => html`<div class="reference" data-entity-id=${r.entity_id}>
          <div>
            <strong>${this.hass?.states[r.entity_id]?.attributes.friendly_name ?? r.entity_id}</strong>
            <span class="hint">position error ${r.position_error === null ? 'unknown (no position)' : metres(r.position_error)}</span>
          </div>
          <ul class="drift">
            ${r.drift.map((d) => html`<li data-node-id=${d.node}>${this.nodeLabel(d.node)} <strong>${driftText(d)}</strong></li>`)}
          </ul>
        </div>`,
      )}
      <p class="hint">Drift: how each node reads the beacon with the values in use: + reads long (distance) or strong (RSSI).</p>
    </div>`;
  }

  private writtenTemplate(written: CalibrationApplyResult['written']): TemplateResult {
    return html`<div class="written" role="status">
      ${written.length === 0
        ? html`<p>Nothing needed writing: floorplan.yaml already has these values.</p>`
        : html`<p>Written to floorplan.yaml:</p>
            <ul>
              ${written.map((w) => html`<li data-node-id=${w.node}><strong>${this.nodeLabel(w.node)}</strong>: ${writtenText(w)}</li>`)}
            </ul>`}
    </div>`;
  }

  private warningsTemplate(warnings: readonly string[]): TemplateResult | typeof nothing {
    return warnings.length === 0 ? nothing : html`<ul class="warnings">${warnings.map((w) => html`<li>${w}</li>`)}</ul>`;
  }

  private confirmTemplate(question: TemplateResult, yes: string, no: string): TemplateResult {
    return html`<div class="confirm" role="alertdialog" aria-label=${yes}>
      ${question}
      <div class="actions">
        <button class="primary" data-action="confirm" @click=${() => this.answerConfirm(true)}>${yes}</button>
        <button data-action="back" @click=${() => this.answerConfirm(false)}>${no}</button>
      </div>
    </div>`;
  }
}

const CURVE_NAMES: Record<CurveKind, string> = { current: 'in use', fitted: 'fitted', ideal: 'exact' };

/** A node's samples with the curve in use and the fitted one (and the ideal line for distances). */
function chartTemplate(node: CalibrationNodeFit): TemplateResult {
  const chart = nodeChart(node);
  const { plot } = chart;
  const px = (v: number): string => v.toFixed(1);
  return html`<figure class="chart">
    <svg viewBox="0 0 ${chart.width} ${chart.height}" role="img" aria-label="${chart.yLabel} against ${chart.xLabel}">
      <g class="grid">
        ${chart.xTicks.map((t) => svg`<line x1=${px(t.at)} x2=${px(t.at)} y1=${plot.top} y2=${plot.bottom}></line>`)}
        ${chart.yTicks.map((t) => svg`<line x1=${plot.left} x2=${plot.right} y1=${px(t.at)} y2=${px(t.at)}></line>`)}
      </g>
      <g class="tick-labels x">${chart.xTicks.map((t) => svg`<text x=${px(t.at)} y=${plot.bottom + 13}>${t.label}</text>`)}</g>
      <g class="tick-labels y">${chart.yTicks.map((t) => svg`<text x=${plot.left - 5} y=${px(t.at)}>${t.label}</text>`)}</g>
      <text class="axis-label" x=${(plot.left + plot.right) / 2} y=${chart.height - 3}>${chart.xLabel}</text>
      <text class="axis-label" transform="translate(9 ${(plot.top + plot.bottom) / 2}) rotate(-90)">${chart.yLabel}</text>
      <g class="points">${chart.points.map(([x, y]) => svg`<circle class="point" cx=${px(x)} cy=${px(y)} r="2"></circle>`)}</g>
      <g class="curves">
        ${chart.curves.map((c) => svg`<line class="curve ${c.kind}" data-curve=${c.kind} x1=${px(c.from[0])} y1=${px(c.from[1])} x2=${px(c.to[0])} y2=${px(c.to[1])}></line>`)}
      </g>
    </svg>
    <figcaption class="legend">
      ${chart.curves.map((c) => html`<span class="key ${c.kind}">${CURVE_NAMES[c.kind]}</span>`)}<span class="key samples">samples</span>
    </figcaption>
  </figure>`;
}

if (!customElements.get('floorplan-presence-calibration')) customElements.define('floorplan-presence-calibration', CalibrationPanel);
