/**
 * The card's look, from Home Assistant's theme variables only, so light and dark themes (and
 * custom ones) apply without code. The plan is drawn in metres; markers and labels are drawn in
 * CSS pixels inside a scaling transform, and outlines use non-scaling strokes, so both keep their
 * size on screen.
 */
import { css } from 'lit';

/** Marker colours: Home Assistant's named colours, with Material fallbacks outside a dashboard. */
const PALETTE = [
  'var(--blue-color, #2196f3)',
  'var(--pink-color, #e91e63)',
  'var(--green-color, #4caf50)',
  'var(--deep-orange-color, #ff5722)',
  'var(--purple-color, #9c27b0)',
  'var(--teal-color, #009688)',
  'var(--indigo-color, #3f51b5)',
  'var(--brown-color, #795548)',
  'var(--red-color, #f44336)',
  'var(--cyan-color, #00bcd4)',
];

/** One colour per entity, the same on every device and after every reload. */
export function entityColor(entityId: string): string {
  let hash = 0;
  for (let i = 0; i < entityId.length; i++) hash = (hash * 31 + entityId.charCodeAt(i)) | 0;
  return PALETTE[Math.abs(hash) % PALETTE.length]!;
}

export const cardStyles = css`
  :host {
    display: block;
  }
  ha-card {
    display: flex;
    flex-direction: column;
    height: 100%;
    overflow: hidden;
    color: var(--primary-text-color);
  }
  .title {
    margin: 0;
    padding: 12px 16px 0;
    font-size: var(--ha-card-header-font-size, 20px);
    font-weight: 500;
    line-height: 32px;
  }
  .toolbar {
    display: flex;
    align-items: flex-end;
  }
  .toolbar .tabs {
    flex: 1 1 auto;
    min-width: 0;
  }
  /* A chip, at the toolbar's end. */
  .chip.calibrate {
    margin: 8px 12px 0 auto;
    padding: 0 12px;
  }
  .tabs {
    display: flex;
    gap: 4px;
    padding: 8px 12px 0;
    overflow-x: auto;
  }
  .tab {
    flex: none;
    border: none;
    border-bottom: 2px solid transparent;
    background: none;
    color: var(--secondary-text-color);
    font: inherit;
    font-weight: 500;
    padding: 6px 12px;
    cursor: pointer;
  }
  .tab[aria-selected='true'] {
    color: var(--primary-color);
    border-bottom-color: var(--primary-color);
  }
  .banner {
    margin: 8px 12px 0;
    padding: 8px 12px;
    border-radius: 8px;
    font-size: 14px;
    line-height: 20px;
  }
  /* The disconnected banner lies over the plan, so the last picture does not jump when it shows. */
  .stage {
    position: relative;
    flex: 1 1 auto;
    display: flex;
    flex-direction: column;
  }
  .stage .banner {
    position: absolute;
    top: 0;
    left: 0;
    right: 0;
    z-index: 1;
  }
  .banner.disconnected {
    /* Opaque: it covers the top of the plan. */
    background: linear-gradient(rgba(var(--rgb-warning-color, 255, 166, 0), 0.15), rgba(var(--rgb-warning-color, 255, 166, 0), 0.15)),
      var(--card-background-color, #fff);
    color: var(--primary-text-color);
    border-left: 4px solid var(--warning-color, #ffa600);
  }
  .banner.error {
    background: rgba(var(--rgb-error-color, 219, 68, 55), 0.12);
    border-left: 4px solid var(--error-color, #db4437);
  }
  .message {
    padding: 24px 16px;
    color: var(--secondary-text-color);
    text-align: center;
  }

  svg.plan {
    display: block;
    flex: 1 1 auto;
    width: 100%;
    height: auto;
    min-height: 0;
    user-select: none;
    -webkit-user-select: none;
    -webkit-touch-callout: none;
    -webkit-tap-highlight-color: transparent;
    font-family: inherit;
  }
  .backdrop {
    fill: transparent;
  }
  .trails,
  .ranges,
  .room-labels,
  .entity .accuracy {
    pointer-events: none;
  }
  .room {
    fill: var(--primary-text-color);
    fill-opacity: 0.04;
    stroke: var(--secondary-text-color);
    stroke-opacity: 0.7;
    stroke-width: 1.5px;
    stroke-linejoin: round;
    vector-effect: non-scaling-stroke;
    transition: fill 0.4s, fill-opacity 0.4s;
  }
  .room.occupied {
    fill: var(--primary-color);
    fill-opacity: 0.16;
  }
  .room-label {
    fill: var(--secondary-text-color);
    font-size: 12px;
    text-anchor: middle;
    dominant-baseline: central;
  }

  .node .mark {
    fill: var(--state-icon-color, #44739e);
    stroke: var(--card-background-color, #fff);
    stroke-width: 1.5px;
  }
  .node.stale .mark {
    fill: var(--disabled-text-color, #9e9e9e);
    opacity: 0.6;
  }

  .static .mark {
    fill: var(--state-icon-color, #44739e);
  }
  .static .state {
    fill: var(--secondary-text-color);
    font-size: 11px;
    dominant-baseline: central;
  }
  .static ha-state-icon {
    --mdc-icon-size: 20px;
    color: var(--state-icon-color, #44739e);
    display: block;
  }
  .static,
  .entity {
    cursor: pointer;
  }

  .range .band {
    fill: none;
    stroke: var(--accent-color, #ff9800);
    stroke-opacity: 0.08;
  }
  .range .distance {
    fill: none;
    stroke: var(--accent-color, #ff9800);
    stroke-width: 1.5px;
    stroke-dasharray: 4 3;
    vector-effect: non-scaling-stroke;
  }

  .trail polyline {
    fill: none;
    stroke: var(--entity-color);
    stroke-width: 3px;
    stroke-linecap: round;
    stroke-linejoin: round;
    vector-effect: non-scaling-stroke;
  }

  .entity {
    outline: none;
  }
  .entity .accuracy {
    fill: var(--entity-color);
    fill-opacity: 0.12;
    stroke: var(--entity-color);
    stroke-opacity: 0.35;
    stroke-width: 1px;
  }
  .entity .badge {
    fill: var(--entity-color);
    stroke: var(--card-background-color, #fff);
    stroke-width: 2px;
  }
  .entity .halo {
    fill: none;
    stroke: var(--primary-color);
    stroke-width: 3px;
  }
  .entity:focus-visible .badge {
    stroke: var(--primary-color);
  }
  .entity .initials {
    fill: var(--text-primary-color, #fff);
    font-size: 11px;
    font-weight: 600;
    text-anchor: middle;
    dominant-baseline: central;
  }
  .entity .name,
  .static .state,
  .room-label {
    paint-order: stroke;
    stroke: var(--card-background-color, #fff);
    stroke-width: 3px;
    stroke-linejoin: round;
  }
  .crowded .entity:not(.selected) .name {
    display: none;
  }
  .entity .name {
    fill: var(--primary-text-color);
    font-size: 12px;
    font-weight: 500;
    text-anchor: middle;
    dominant-baseline: hanging;
  }

  svg.plan.spotting {
    cursor: crosshair;
  }
  .calibration-spots {
    pointer-events: none;
  }
  .calibration-spot .dot {
    fill: var(--card-background-color, #fff);
    stroke: var(--primary-color);
    stroke-width: 2.5px;
  }
  .calibration-spot text {
    fill: var(--primary-text-color);
    font-size: 11px;
    font-weight: 600;
    text-anchor: middle;
    dominant-baseline: central;
  }
  .calibration-spot.recording .dot {
    fill: var(--primary-color);
  }
  .calibration-spot.recording text {
    fill: var(--text-primary-color, #fff);
  }
  .calibration-spot .pulse {
    fill: var(--primary-color);
    fill-opacity: 0.25;
    animation: pulse 1.2s ease-out infinite;
  }
  @keyframes pulse {
    from {
      transform: scale(0.6);
      opacity: 1;
    }
    to {
      transform: scale(1.4);
      opacity: 0;
    }
  }

  /* Wrapped, not scrolled: on a phone a chip scrolled out of sight is a person nobody sees. */
  .chips {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
    padding: 4px 12px 12px;
  }
  .chip {
    flex: none;
    max-width: 100%;
    display: inline-flex;
    align-items: center;
    gap: 6px;
    height: 32px;
    padding: 0 10px 0 4px;
    border: 1px solid var(--divider-color);
    border-radius: 16px;
    background: none;
    color: var(--primary-text-color);
    font: inherit;
    font-size: 13px;
    cursor: pointer;
  }
  .chip[aria-pressed='true'] {
    border-color: var(--primary-color);
    background: rgba(var(--rgb-primary-color, 3, 169, 244), 0.12);
  }
  .chip .where {
    min-width: 0;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    color: var(--secondary-text-color);
  }
  .chip.away,
  .chip.unknown {
    opacity: 0.6;
  }
  .avatar {
    flex: none;
    width: 24px;
    height: 24px;
    border-radius: 50%;
    background: var(--entity-color);
    color: var(--text-primary-color, #fff);
    font-size: 10px;
    font-weight: 600;
    display: inline-flex;
    align-items: center;
    justify-content: center;
    overflow: hidden;
  }
  .avatar img {
    width: 100%;
    height: 100%;
    object-fit: cover;
  }

  .details {
    padding: 0 16px 12px;
  }
  .chips:empty,
  .details:empty {
    display: none;
  }
  .details header {
    display: flex;
    align-items: center;
    gap: 8px;
    font-weight: 500;
    margin-bottom: 4px;
  }
  .details header .name {
    flex: 1;
  }
  .details .close {
    border: none;
    background: none;
    color: var(--secondary-text-color);
    font-size: 20px;
    line-height: 1;
    padding: 4px 8px;
    cursor: pointer;
  }
  .details dl {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 2px 12px;
    margin: 0;
    font-size: 14px;
  }
  .details dt {
    color: var(--secondary-text-color);
  }
  .details dd {
    margin: 0;
  }
`;

/** Native buttons, fields, hints, errors and action rows; for the editor and the card's calibration panel. */
export const controlStyles = css`
  button,
  input,
  select {
    font: inherit;
    color: var(--primary-text-color);
    background: var(--card-background-color, var(--primary-background-color));
    border: 1px solid var(--divider-color, #ccc);
    border-radius: 4px;
    padding: 4px 8px;
  }
  input[type='checkbox'],
  input[type='range'] {
    accent-color: var(--primary-color);
    padding: 0;
  }
  input[type='number'] {
    width: 6em;
  }
  button {
    cursor: pointer;
  }
  button:disabled {
    cursor: default;
    opacity: 0.5;
  }
  button.primary {
    background: var(--primary-color);
    border-color: var(--primary-color);
    color: var(--text-primary-color, #fff);
  }
  button[aria-pressed='true'] {
    border-color: var(--primary-color);
    box-shadow: inset 0 0 0 1px var(--primary-color);
  }
  label {
    display: inline-flex;
    align-items: center;
    gap: 4px;
  }
  .hint {
    color: var(--secondary-text-color);
    margin: 4px 0;
  }
  .error {
    color: var(--error-color, #db4437);
    border: 1px solid var(--error-color, #db4437);
    border-radius: 4px;
    padding: 8px;
    margin: 8px 0;
    font-weight: 500;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
    align-items: center;
    margin: 8px 0;
  }
`;
