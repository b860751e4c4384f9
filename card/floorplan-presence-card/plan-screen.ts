/**
 * An SVG's drawing units against the screen: where a pointer is in them, and how big a CSS pixel
 * is in them, so that handles, markers and labels keep their size whatever the plan's size.
 */
import type { ReactiveController, ReactiveElement } from 'lit';
import type { Box, Point } from '../shared/geometry.ts';

/** Client (CSS pixel) coordinates → the SVG's drawing units. */
export function clientToSvg(element: SVGSVGElement, clientX: number, clientY: number): Point {
  const { x, y } = new DOMPoint(clientX, clientY).matrixTransform(element.getScreenCTM()!.inverse());
  return [x, y];
}

/** Drawing units → client coordinates. */
export function svgToClient(element: SVGSVGElement, [x, y]: Point): Point {
  const client = new DOMPoint(x, y).matrixTransform(element.getScreenCTM()!);
  return [client.x, client.y];
}

/** Assumed editor width before the SVG has been measured. */
const UNMEASURED_WIDTH = 600;

export class SvgScale implements ReactiveController {
  private width = 0;
  private height = 0;
  private observed: Element | null = null;
  private readonly observer = new ResizeObserver(([entry]) => {
    const { width, height } = entry!.contentRect;
    // A hidden editor (the other tab) measures 0: keep the last size.
    if (width === 0 || height === 0) return;
    this.width = width;
    this.height = height;
    this.host.requestUpdate();
  });

  constructor(
    private readonly host: ReactiveElement,
    /** Finds the SVG in the host's shadow root; it may come and go with the host's state. */
    private readonly selector: string,
  ) {
    host.addController(this);
  }

  /** Drawing units per CSS pixel for an SVG showing `box` (preserveAspectRatio meet). */
  unit(box: Box): number {
    return this.width > 0 ? Math.max(box.width / this.width, box.height / this.height) : box.width / UNMEASURED_WIDTH;
  }

  hostUpdated(): void {
    const element = this.host.renderRoot.querySelector(this.selector);
    if (element === this.observed) return;
    if (this.observed) this.observer.unobserve(this.observed);
    if (element) this.observer.observe(element);
    this.observed = element;
  }

  hostConnected(): void {
    this.host.requestUpdate();
  }

  hostDisconnected(): void {
    this.observer.disconnect();
    this.observed = null;
  }
}
