/** The calibration panel's look, from the theme's variables like the rest of the card. */
import { css } from 'lit';

export const calibrationStyles = css`
  :host {
    display: block;
    padding: 0 16px 12px;
    font-size: 14px;
    line-height: 20px;
  }
  h2 {
    margin: 8px 0 4px;
    font-size: 16px;
    font-weight: 500;
  }
  h3 {
    margin: 12px 0 4px;
    font-size: 14px;
    font-weight: 500;
  }
  p {
    margin: 4px 0;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
    align-items: center;
    justify-content: space-between;
  }
  /* A long device or room name must not push the panel wider than a phone's card. */
  .actions label {
    display: flex;
    align-items: center;
    gap: 8px;
    min-width: 0;
    max-width: 100%;
  }
  .actions select {
    min-width: 0;
    flex: 0 1 auto;
  }
  .instructions {
    padding: 8px 12px;
    border-radius: 8px;
    background: rgba(var(--rgb-primary-color, 3, 169, 244), 0.12);
  }
  .progress {
    height: 8px;
    border-radius: 4px;
    background: var(--divider-color, rgba(0, 0, 0, 0.12));
    overflow: hidden;
    margin: 8px 0 4px;
  }
  .progress .bar {
    height: 100%;
    background: var(--primary-color);
    transition: width 0.9s linear;
  }
  .spots {
    border-collapse: collapse;
    margin: 4px 0;
  }
  .spots th {
    color: var(--secondary-text-color);
    font-weight: 400;
    text-align: left;
  }
  .spots th,
  .spots td {
    padding: 2px 12px 2px 0;
  }
  .spots .remove {
    border: none;
    background: none;
    color: var(--secondary-text-color);
    font-size: 18px;
    line-height: 1;
    padding: 2px 6px;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
  }
  .confirm,
  .written {
    border: 1px solid var(--primary-color);
    border-radius: 8px;
    padding: 4px 12px;
    margin: 8px 0;
  }
  .written {
    border-color: var(--success-color, #43a047);
  }
  .confirm ul,
  .written ul,
  .warnings {
    margin: 4px 0;
    padding-left: 20px;
  }
  .warnings {
    color: var(--warning-color, #ffa600);
    font-size: 13px;
  }

  .nodes {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(260px, 1fr));
    gap: 12px;
  }
  .node-fit {
    border: 1px solid var(--divider-color, rgba(0, 0, 0, 0.12));
    border-radius: 8px;
    padding: 8px;
    min-width: 0;
  }
  .node-fit header {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    gap: 4px 8px;
  }
  .node-fit .name {
    font-weight: 500;
  }
  .node-fit .kind,
  .node-fit dt {
    color: var(--secondary-text-color);
  }
  .node-fit dl {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 0 12px;
    margin: 4px 0;
    font-size: 13px;
  }
  .node-fit dd {
    margin: 0;
  }

  .chart {
    margin: 4px 0 0;
  }
  .chart svg {
    display: block;
    width: 100%;
    height: auto;
    font-family: inherit;
  }
  .chart .grid line {
    stroke: var(--divider-color, rgba(0, 0, 0, 0.12));
    stroke-width: 1px;
  }
  .chart text {
    fill: var(--secondary-text-color);
    font-size: 10px;
  }
  .chart .tick-labels.x text,
  .chart .axis-label {
    text-anchor: middle;
  }
  .chart .tick-labels.y text {
    text-anchor: end;
    dominant-baseline: central;
  }
  .chart .point {
    fill: var(--secondary-text-color);
    fill-opacity: 0.5;
  }
  .curve {
    stroke-width: 2px;
    stroke-linecap: round;
  }
  .curve.ideal {
    stroke: var(--secondary-text-color);
    stroke-width: 1px;
    stroke-dasharray: 2 3;
  }
  .curve.current {
    stroke: var(--warning-color, #ffa600);
    stroke-dasharray: 6 4;
  }
  .curve.fitted {
    stroke: var(--primary-color);
  }
  .legend {
    display: flex;
    flex-wrap: wrap;
    gap: 4px 12px;
    font-size: 12px;
    color: var(--secondary-text-color);
  }
  .key::before {
    content: '';
    display: inline-block;
    width: 16px;
    margin-right: 4px;
    vertical-align: middle;
    border-top: 2px solid;
  }
  .key.current::before {
    border-top: 2px dashed var(--warning-color, #ffa600);
  }
  .key.fitted::before {
    border-top-color: var(--primary-color);
  }
  .key.ideal::before {
    border-top: 1px dotted var(--secondary-text-color);
  }
  .key.samples::before {
    width: 5px;
    height: 5px;
    border: none;
    border-radius: 50%;
    background: var(--secondary-text-color);
    opacity: 0.5;
  }

  .reference {
    margin: 4px 0;
  }
  .drift {
    display: flex;
    flex-wrap: wrap;
    gap: 4px 16px;
    margin: 2px 0;
    padding: 0;
    list-style: none;
  }
`;
