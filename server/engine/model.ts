/**
 * The floor plan as the engine queries it: nodes by scanner id with their range model, floors by
 * height, rooms by point, and the box a fix on each floor must stay in. Built once per config.
 */
import type { FloorplanConfig, RoomConfig, RssiModel } from '../config/types.ts';
import { normaliseNodeId } from '../config/node-id.ts';
import { boundingBox, distanceToEdges, floorOfZ, floorRanges, pointInPolygon, type BoundingBox, type FloorRange } from './geometry.ts';
import { lnRangePerDb, lnRangeSigma, SLAB_LOSS_DB, SLAB_LOSS_SPREAD_DB } from './rssi-model.ts';
import type { Box, Interior } from './solver.ts';

export interface EngineNode {
  key: string;
  x: number;
  y: number;
  z: number;
  /** Explicit floor, else the floor containing the node's height; null without floors. */
  floor: string | null;
  model: RssiModel;
  /** Standard deviation of ln(range) for this node's attenuation and the configured RSSI noise. */
  sigma: number;
  /** Reported distances are multiplied by this (a calibrated correction; 1 when not set). */
  distanceScale: number;
  /** Position of `floor` in floors (-1 without one): slabs to another floor are index differences. */
  floorIndex: number;
  /** Heard through one floor slab, ln(range) reads long by this... */
  slabShift: number;
  /** ...with this standard deviation (per square root of slabs: their losses add up independently). */
  slabSigma: number;
}

interface IndexedRoom {
  room: RoomConfig;
  box: BoundingBox;
}

/** A fix may stray this far outside the rooms (walls are drawn on the inside, gardens exist). */
const EXTENT_MARGIN = 1.0;
/**
 * But it is unlikely to: a device is carried by someone in the house, and the card's editor places
 * wall corners on a 0.1 m grid, so drawn walls are within about that of where the user put them.
 * Being this far outside the rooms costs as much as a one-sigma range error.
 */
const INTERIOR_SIGMA = 0.1;
/** A fix this close outside a room's walls is counted in it (see roomAt). */
const ROOM_SNAP = 0.5;
/** Distinct scanner spellings remembered by node(). */
const MAX_SCANNER_IDS = 4096;

export class FloorplanModel {
  readonly nodes = new Map<string, EngineNode>();
  readonly floors: FloorRange[];
  readonly deviceHeight: number;
  readonly maxReadingAge: number;
  /** The share of the range noise's variance that persists at a spot (shadowing.ts). */
  readonly shadowingShare: number;
  private readonly roomsByFloor = new Map<string, IndexedRoom[]>();
  private readonly roomsById = new Map<string, RoomConfig>();
  private readonly bounds = new Map<string | null, { extent: Box; interior: Interior | null }>();
  private readonly byScanner = new Map<string, EngineNode | undefined>();

  constructor(config: FloorplanConfig) {
    this.floors = floorRanges(config.floors);
    this.deviceHeight = config.deviceHeight;
    this.maxReadingAge = config.maxReadingAge;
    this.shadowingShare = config.shadowingShare;
    for (const n of config.beaconNodes) {
      const [x, y, z] = n.coordinates;
      const model: RssiModel = {
        refPower: n.refPower ?? config.rssiModel.refPower,
        attenuation: n.attenuation ?? config.rssiModel.attenuation,
      };
      const floor = n.floor ?? this.floorAt(z);
      this.nodes.set(n.key, {
        key: n.key,
        x,
        y,
        z,
        floor,
        model,
        sigma: lnRangeSigma(model.attenuation, config.rssiNoiseDb),
        distanceScale: n.distanceScale ?? 1,
        floorIndex: this.floorIndex(floor),
        slabShift: SLAB_LOSS_DB * lnRangePerDb(model.attenuation),
        slabSigma: SLAB_LOSS_SPREAD_DB * lnRangePerDb(model.attenuation),
      });
    }
    for (const room of config.rooms) this.roomsById.set(room.id, room);
    const indexed = config.rooms.flatMap((room) => {
      const box = boundingBox(room.boundaries);
      return box ? [{ room, box }] : [];
    });
    for (const entry of indexed) {
      const list = this.roomsByFloor.get(entry.room.floor) ?? [];
      list.push(entry);
      this.roomsByFloor.set(entry.room.floor, list);
    }
    this.bounds.set(null, this.extent(indexed, config.beaconNodes.map((n) => n.coordinates), null));
    for (const f of this.floors) {
      const rooms = this.roomsByFloor.get(f.id) ?? [];
      this.bounds.set(f.id, this.extent(rooms.length > 0 ? rooms : indexed, config.beaconNodes.map((n) => n.coordinates), f));
    }

  }

  /** The node a scanner id names, if any. Lookups are memoised: ids repeat on every reading. */
  node(scanner: string): EngineNode | undefined {
    let node = this.byScanner.get(scanner);
    if (node === undefined && !this.byScanner.has(scanner)) {
      node = this.nodes.get(normaliseNodeId(scanner));
      // Bounded: a stream of made-up scanner ids must not grow memory without limit.
      if (this.byScanner.size < MAX_SCANNER_IDS) this.byScanner.set(scanner, node);
    }
    return node;
  }

  /** The floor containing height z; above the top ceiling the top floor, below 0 the lowest. */
  floorAt(z: number): string | null {
    if (this.floors.length === 0) return null;
    const id = floorOfZ(this.floors, z);
    if (id !== null) return id;
    return z < this.floors[0]!.base ? this.floors[0]!.id : this.floors[this.floors.length - 1]!.id;
  }

  /** Position of a floor in `floors` (by height), -1 for none or an unknown id. */
  floorIndex(floor: string | null): number {
    return this.floors.findIndex((f) => f.id === floor);
  }

  floorBase(floor: string | null): number {
    return this.floors.find((f) => f.id === floor)?.base ?? 0;
  }

  /** The box a fix on this floor is kept in (the whole plan when floor is null). */
  extentOf(floor: string | null): Box {
    return (this.bounds.get(floor) ?? this.bounds.get(null)!).extent;
  }

  /** Where a device on this floor is expected: its rooms' box; null without rooms. */
  interiorOf(floor: string | null): Interior | null {
    return (this.bounds.get(floor) ?? this.bounds.get(null)!).interior;
  }

  /**
   * The room containing (x, y), else the nearest room within ROOM_SNAP: a fix just outside the
   * drawn walls is in that room, one out in the garden is in none.
   */
  roomAt(floor: string | null, x: number, y: number): RoomConfig | null {
    if (floor === null) return null;
    const rooms = this.roomsByFloor.get(floor);
    if (!rooms) return null;
    const inside = containingRoom(rooms, x, y);
    if (inside >= 0) return rooms[inside]!.room;
    const near = nearestWalls(rooms, x, y, ROOM_SNAP);
    return near ? rooms[near.index]!.room : null;
  }

  room(id: string): RoomConfig | undefined {
    return this.roomsById.get(id);
  }

  /** Distance from (x, y), inside the room or out, to its nearest wall. */
  distanceToWalls(room: RoomConfig, x: number, y: number): number {
    return distanceToEdges(x, y, room.boundaries);
  }

  private extent(rooms: IndexedRoom[], nodePositions: number[][], floor: FloorRange | null): { extent: Box; interior: Interior | null } {
    const roomBox = rooms.length > 0 ? boundingBox(rooms.flatMap(({ box }) => [[box.minX, box.minY], [box.maxX, box.maxY]])) : null;
    const box = roomBox ?? boundingBox(nodePositions) ?? { minX: 0, minY: 0, maxX: 0, maxY: 0 };
    const zs = nodePositions.map((p) => p[2]!);
    return {
      extent: {
        minX: box.minX - EXTENT_MARGIN,
        minY: box.minY - EXTENT_MARGIN,
        maxX: box.maxX + EXTENT_MARGIN,
        maxY: box.maxY + EXTENT_MARGIN,
        minZ: floor ? floor.base : Math.min(0, ...zs),
        maxZ: floor ? floor.ceiling : Math.max(this.deviceHeight, ...zs),
      },
      interior: roomBox ? { ...roomBox, sigma: INTERIOR_SIGMA, outside: distanceOutside(rooms) } : null,
    };
  }
}

/** Index into `rooms` of the room containing (x, y), trying `first` first (the caller's guess); -1 if none. */
function containingRoom(rooms: readonly IndexedRoom[], x: number, y: number, first = 0): number {
  if (first < rooms.length && contains(rooms[first]!, x, y)) return first;
  for (let i = 0; i < rooms.length; i++) {
    if (i !== first && contains(rooms[i]!, x, y)) return i;
  }
  return -1;
}

function contains({ room, box }: IndexedRoom, x: number, y: number): boolean {
  return x >= box.minX && x <= box.maxX && y >= box.minY && y <= box.maxY && pointInPolygon(x, y, room.boundaries);
}

/**
 * For (x, y) outside every room: the nearest room whose walls are within `reach`, by index into
 * `rooms`, and how far; null when none is. A room whose box is farther than the nearest found is
 * skipped: a box is never farther than its room.
 */
function nearestWalls(rooms: readonly IndexedRoom[], x: number, y: number, reach: number): { index: number; distance: number } | null {
  let index = -1;
  let nearest = reach;
  for (let i = 0; i < rooms.length; i++) {
    const { room, box } = rooms[i]!;
    if (Math.hypot(Math.max(box.minX - x, 0, x - box.maxX), Math.max(box.minY - y, 0, y - box.maxY)) > nearest) continue;
    const distance = distanceToEdges(x, y, room.boundaries);
    if (distance <= nearest) {
      index = i;
      nearest = distance;
    }
  }
  return index < 0 ? null : { index, distance: nearest };
}

/**
 * Distance from (x, y) to the nearest of the rooms, 0 inside one: the plan's own shape, not its box.
 * Called on every cell of the solver's posterior grid, where most cells are inside the room the
 * previous cell was in, so that room is tried first.
 */
function distanceOutside(rooms: readonly IndexedRoom[]): (x: number, y: number) => number {
  let last = 0;
  return (x, y) => {
    const inside = containingRoom(rooms, x, y, last);
    if (inside >= 0) {
      last = inside;
      return 0;
    }
    return nearestWalls(rooms, x, y, Infinity)?.distance ?? Infinity;
  };
}
