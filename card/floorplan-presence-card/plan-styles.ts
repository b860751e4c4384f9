/**
 * The editor's look: native controls and the plan drawing in Home Assistant's theme variables, so
 * they follow light and dark themes without Home Assistant's own form elements being loaded.
 */
import { css } from 'lit';
import { controlStyles } from '../shared/styles.ts';

export const editorStyles = css`
  ${controlStyles}
  :host {
    display: block;
    color: var(--primary-text-color);
    font-family: var(--paper-font-body1_-_font-family, inherit);
  }
  svg.plan {
    display: block;
    width: 100%;
    max-height: 60vh;
    background: var(--secondary-background-color, #f5f5f5);
    border-radius: 4px;
    user-select: none;
    outline: none;
  }
  svg.plan:focus-visible {
    box-shadow: 0 0 0 2px var(--primary-color);
  }
  .room {
    fill: var(--primary-color);
    fill-opacity: 0.08;
    stroke: var(--secondary-text-color);
    stroke-width: 1.5px;
    vector-effect: non-scaling-stroke;
  }
  .room.selected {
    fill-opacity: 0.2;
    stroke: var(--primary-color);
    stroke-width: 2.5px;
  }
  .room-name {
    fill: var(--secondary-text-color);
    text-anchor: middle;
    dominant-baseline: middle;
    pointer-events: none;
  }
`;
