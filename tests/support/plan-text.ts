/** floorplan.yaml text shared by the tests that run a whole sidecar. */

/** The ground floor of a 10 x 8 m house, split into a living room (x 0–5) and a kitchen (x 5–10). */
export const GROUND_FLOOR_ROOMS = `floors:
  ground: {height: 2.6}
rooms:
  living: {name: Living room, floor: ground, boundaries: [[0, 0], [5, 0], [5, 8], [0, 8]]}
  kitchen: {name: Kitchen, floor: ground, boundaries: [[5, 0], [10, 0], [10, 8], [5, 8]]}
`;
