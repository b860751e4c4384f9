/**
 * `floorplan-presence-georeference`: pins a floor's image to the plan. The image is shown in its
 * own pixels; the user clicks two points on it and types the plan metres of each. The rooms are
 * drawn over it as they would then land, so a wrong number shows at once.
 * Events (not bubbling): `georeference-changed` {georeference}, `georeference-cancel`.
 */
import { LitElement, css, html, nothing, svg } from 'lit';
import type { CardRoom } from '../../server/sinks/card/messages.ts';
import { apply, imageToPlan, invert, type Georeference, type Point } from '../shared/geometry.ts';
import type { ImageSize } from './plan-image.ts';
import { clientToSvg, SvgScale } from './plan-screen.ts';
import { imageLayer, roomLayer } from './plan-svg.ts';
import { editorStyles } from './plan-styles.ts';

type PointPair = [{ pixel: Point; metres: Point }, { pixel: Point; metres: Point }];

/** Metres typed as text, so a half-typed "-" or "" stays in the field. */
type MetreFields = [string, string];

/** Rounded to `digits` decimals without binary noise (0.30000000000000004) reaching the fields or the configuration. */
const round = (value: number, digits: number) => Number(value.toFixed(digits));

export class FloorplanPresenceGeoreference extends LitElement {
  static override properties = {
    url: { attribute: false },
    size: { attribute: false },
    georeference: { attribute: false },
    rooms: { attribute: false },
    _pixels: { state: true },
    _metres: { state: true },
    _next: { state: true },
  };

  url = '';
  size: ImageSize = { width: 1, height: 1 };
  /** The image's georeference now: pre-fills the metres of a clicked point and the preview. */
  georeference?: Georeference;
  rooms: readonly CardRoom[] = [];
  private _pixels: Point[] = [];
  private _metres: MetreFields[] = [
    ['', ''],
    ['', ''],
  ];
  /** The point the next click sets: 1, 2, then 1 again. */
  private _next = 0;
  private readonly scale = new SvgScale(this, 'svg');

  /** The two points as typed, or null while they cannot define a georeference. */
  private pointPair(): PointPair | null {
    if (this._pixels.length < 2) return null;
    const metres = this._metres.map((fields) => fields.map((f) => (f.trim() === '' ? NaN : Number(f))) as Point);
    if (metres.some((m) => !m.every(Number.isFinite))) return null;
    const [p1, p2] = this._pixels as [Point, Point];
    const [m1, m2] = metres as [Point, Point];
    if ((p1[0] === p2[0] && p1[1] === p2[1]) || (m1[0] === m2[0] && m1[1] === m2[1])) return null;
    return [
      { pixel: p1, metres: m1 },
      { pixel: p2, metres: m2 },
    ];
  }

  private onPointerDown(event: PointerEvent): void {
    if (event.button !== 0) return;
    const [u, v] = clientToSvg(event.currentTarget as SVGSVGElement, event.clientX, event.clientY);
    const pixel: Point = [round(u, 1), round(v, 1)];
    const slot = this._next;
    this._pixels = slot === 0 ? [pixel, ...this._pixels.slice(1)] : [this._pixels[0]!, pixel];
    this._next = 1 - slot;
    // Metres already typed stay: clicking again only refines where the point is on the image.
    if (this.georeference && this._metres[slot]!.every((f) => f === '')) {
      const guess = apply(imageToPlan(this.georeference), pixel).map((m) => String(round(m, 2))) as MetreFields;
      this._metres = this._metres.map((fields, i) => (i === slot ? guess : fields));
    }
  }

  private setMetre(point: number, axis: number, value: string): void {
    this._metres = this._metres.map((fields, i) => (i === point ? (fields.map((f, a) => (a === axis ? value : f)) as MetreFields) : fields));
  }

  private applyPoints(): void {
    const points = this.pointPair();
    if (points) this.dispatchEvent(new CustomEvent('georeference-changed', { detail: { georeference: { points } } }));
  }

  override render() {
    const points = this.pointPair();
    const preview = points ? { points } : this.georeference;
    const box = { x: 0, y: 0, width: this.size.width, height: this.size.height };
    const unit = this.scale.unit(box);
    return html`
      <p class="hint">
        Click two points on the image whose plan coordinates you know (corners of the house work well), then type
        their metres. The room outlines show where the plan lands. Next click sets point ${this._next + 1}.
      </p>
      <svg class="plan georeference" viewBox="0 0 ${box.width} ${box.height}" @pointerdown=${this.onPointerDown}>
        ${imageLayer(this.url, this.size, [1, 0, 0, 1, 0, 0])}
        ${preview ? roomLayer(this.rooms, invert(imageToPlan(preview)), 12 * unit) : nothing}
        ${this._pixels.map(
          ([u, v], i) => svg`<g class="marker">
            <circle cx=${u} cy=${v} r=${6 * unit}></circle>
            <text x=${u + 9 * unit} y=${v - 9 * unit} font-size=${14 * unit}>${i + 1}</text>
          </g>`,
        )}
      </svg>
      <div class="fields">
        ${this._metres.map(
          (fields, i) => html`<div class="row" data-point-index=${i}>
            <span class="label">Point ${i + 1}</span>
            <span class="pixel">${this._pixels[i] ? `pixel ${this._pixels[i]!.join(', ')}` : 'not clicked yet'}</span>
            ${(['x', 'y'] as const).map(
              (axis, a) => html`<label
                >${axis} (m)
                <input
                  type="number"
                  step="0.01"
                  data-axis=${axis}
                  .value=${fields[a]!}
                  @input=${(e: Event) => this.setMetre(i, a, (e.target as HTMLInputElement).value)}
              /></label>`,
            )}
          </div>`,
        )}
      </div>
      <div class="actions">
        <button data-action="apply-georeference" ?disabled=${!points} @click=${this.applyPoints}>Apply</button>
        <button data-action="cancel" @click=${() => this.dispatchEvent(new CustomEvent('georeference-cancel'))}>Cancel</button>
      </div>
    `;
  }

  static override styles = [
    editorStyles,
    css`
      .marker circle {
        fill: var(--accent-color, #ff9800);
        stroke: var(--card-background-color, #fff);
        stroke-width: 2px;
        vector-effect: non-scaling-stroke;
      }
      .marker text {
        fill: var(--accent-color, #ff9800);
        font-weight: bold;
      }
      .fields .row {
        display: flex;
        flex-wrap: wrap;
        gap: 8px;
        align-items: center;
      }
      .pixel {
        color: var(--secondary-text-color);
        min-width: 10em;
      }
    `,
  ];
}

if (!customElements.get('floorplan-presence-georeference')) customElements.define('floorplan-presence-georeference', FloorplanPresenceGeoreference);
