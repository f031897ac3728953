// A schematic partition of a real outline into areas for divisions whose real boundaries are not
// available: a Voronoi diagram of seed points, relaxed by Lloyd's algorithm so the areas come out
// of similar size, and clipped to the outline. The shapes mean nothing on the ground, so every
// view that draws them must label them as schematic.
import { compareCodes } from './divisions.js';
import {
  bisectorHalfPlane,
  clipPieces,
  piecesBounds,
  piecesCentroid,
  pointInPieces,
  pointInRing,
  ringCentroid,
  signedArea,
  type Point,
} from './geometry.js';

/** A GeoJSON position: longitude, then latitude, in degrees. */
export type LonLat = readonly [number, number];

export interface SchematicDivision {
  code: string;
  name: string;
}

export interface SchematicArea {
  code: string;
  name: string;
  /** Outer rings in [longitude, latitude], counter-clockwise and closed, as GeoJSON writes them. */
  rings: LonLat[][];
  /** Point inside the area where its label goes. */
  labelPoint: LonLat;
}

export interface SchematicOptions {
  /** Rounds of Lloyd relaxation. More rounds give more even areas. */
  relaxRounds?: number;
}

const DEFAULT_RELAX_ROUNDS = 12;

/**
 * Lays out one schematic area per division inside `region` (outer rings in [longitude, latitude],
 * closed or open). The result is sorted by division code and depends only on the region and the
 * codes, so every run and every window draws the same picture.
 */
export function layoutSchematic(
  region: readonly (readonly LonLat[])[],
  divisions: readonly SchematicDivision[],
  options: SchematicOptions = {},
): SchematicArea[] {
  const ordered = sortedDivisions(divisions);
  if (ordered.length === 0) {
    return [];
  }
  const projection = localProjection(region);
  const pieces = region
    .map((ring) => openRing(ring).map(projection.forward))
    .filter((ring) => ring.length >= 3 && Math.abs(signedArea(ring)) > 0);
  if (pieces.length === 0) {
    throw new RangeError(
      'the schematic region has no ring with an area; pass the outer rings of a polygon',
    );
  }

  let seeds = placeSeeds(pieces, ordered.length);
  const rounds = options.relaxRounds ?? DEFAULT_RELAX_ROUNDS;
  for (let round = 0; round < rounds; round += 1) {
    seeds = relaxSeeds(pieces, seeds);
  }

  return ordered.map((division, index) => {
    const seed = seeds[index] as Point;
    const cell = voronoiCell(pieces, seeds, index);
    if (cell.length === 0) {
      throw new Error(
        `schematic layout left division ${division.code} without an area; check the region rings`,
      );
    }
    return {
      code: division.code,
      name: division.name,
      rings: cell.map((ring) => closedRing(ring, projection.inverse)),
      labelPoint: projection.inverse(labelPointOf(cell, seed)),
    };
  });
}

function sortedDivisions(
  divisions: readonly SchematicDivision[],
): SchematicDivision[] {
  const codes = new Set<string>();
  for (const division of divisions) {
    if (codes.has(division.code)) {
      throw new RangeError(
        `division code ${division.code} appears twice; each area needs a unique code`,
      );
    }
    codes.add(division.code);
  }
  return [...divisions].sort(compareCodes);
}

interface Projection {
  forward(position: LonLat): Point;
  inverse(point: Point): LonLat;
}

/**
 * Equirectangular projection around the region's middle latitude. Distances in degrees of
 * longitude shrink by cos(latitude), so without it the areas would come out stretched east-west.
 */
function localProjection(region: readonly (readonly LonLat[])[]): Projection {
  const bounds = piecesBounds(region);
  const originX = bounds.minX;
  const originY = bounds.minY;
  const middleLatitude = (bounds.minY + bounds.maxY) / 2;
  const scaleX = Math.cos((middleLatitude * Math.PI) / 180);
  return {
    forward: ([lon, lat]) => [(lon - originX) * scaleX, lat - originY],
    inverse: ([x, y]) => [x / scaleX + originX, y + originY],
  };
}

function openRing(ring: readonly LonLat[]): LonLat[] {
  const first = ring[0];
  const last = ring[ring.length - 1];
  if (
    ring.length > 1 &&
    first !== undefined &&
    last !== undefined &&
    first[0] === last[0] &&
    first[1] === last[1]
  ) {
    return ring.slice(0, -1);
  }
  return ring.slice();
}

function closedRing(
  ring: readonly Point[],
  inverse: (point: Point) => LonLat,
): LonLat[] {
  const counterClockwise = signedArea(ring) >= 0 ? ring : [...ring].reverse();
  const positions = counterClockwise.map(inverse);
  positions.push(positions[0] as LonLat);
  return positions;
}

/**
 * Computes the van der Corput radical inverse: the digits of `index` in `base`, mirrored after the
 * point.
 */
function radicalInverse(index: number, base: number): number {
  let result = 0;
  let fraction = 1 / base;
  let rest = index;
  while (rest > 0) {
    result += fraction * (rest % base);
    rest = Math.floor(rest / base);
    fraction /= base;
  }
  return result;
}

/**
 * Picks `count` distinct points inside the pieces from the Halton sequence (bases 2 and 3) over
 * their bounding box, which spreads points evenly without a random generator. A thin or scattered
 * region that the sequence misses too often is scanned on a grid instead.
 */
function placeSeeds(pieces: readonly Point[][], count: number): Point[] {
  const bounds = piecesBounds(pieces);
  const width = bounds.maxX - bounds.minX;
  const height = bounds.maxY - bounds.minY;
  const seeds: Point[] = [];
  const maxCandidates = count * 400 + 2000;
  for (
    let index = 1;
    index <= maxCandidates && seeds.length < count;
    index += 1
  ) {
    const candidate: Point = [
      bounds.minX + radicalInverse(index, 2) * width,
      bounds.minY + radicalInverse(index, 3) * height,
    ];
    if (pointInPieces(candidate, pieces)) {
      seeds.push(candidate);
    }
  }

  const gridSize = 256;
  for (
    let cell = 0;
    cell < gridSize * gridSize && seeds.length < count;
    cell += 1
  ) {
    const candidate: Point = [
      bounds.minX + ((cell % gridSize) + 0.5) * (width / gridSize),
      bounds.minY + (Math.floor(cell / gridSize) + 0.5) * (height / gridSize),
    ];
    if (
      pointInPieces(candidate, pieces) &&
      !seeds.some((seed) => samePoint(seed, candidate))
    ) {
      seeds.push(candidate);
    }
  }

  if (seeds.length < count) {
    throw new RangeError(
      `found room for ${seeds.length} of ${count} schematic areas; the region is too small or thin`,
    );
  }
  return seeds;
}

function samePoint(left: Point, right: Point): boolean {
  return left[0] === right[0] && left[1] === right[1];
}

/** Clips the region to the part closer to seed `index` than to any other seed. */
function voronoiCell(
  pieces: readonly Point[][],
  seeds: readonly Point[],
  index: number,
): Point[][] {
  const own = seeds[index] as Point;
  let cell: Point[][] = pieces.map((piece) => piece.slice());
  for (let other = 0; other < seeds.length && cell.length > 0; other += 1) {
    if (other !== index) {
      cell = clipPieces(cell, bisectorHalfPlane(own, seeds[other] as Point));
    }
  }
  return cell;
}

/**
 * Runs one round of Lloyd's algorithm: each seed moves to the centroid of its cell. A centroid that
 * falls outside the cell (a crescent-shaped cell) would pull the seed out of it, so that seed
 * stays put.
 */
function relaxSeeds(
  pieces: readonly Point[][],
  seeds: readonly Point[],
): Point[] {
  return seeds.map((seed, index) => {
    const cell = voronoiCell(pieces, seeds, index);
    if (cell.length === 0) {
      return seed;
    }
    const centroid = piecesCentroid(cell);
    return pointInPieces(centroid, cell) ? centroid : seed;
  });
}

/** Returns the centroid of the cell's largest piece when it lies inside it, else the seed. */
function labelPointOf(cell: readonly Point[][], seed: Point): Point {
  let largest = cell[0] as Point[];
  for (const piece of cell) {
    if (Math.abs(signedArea(piece)) > Math.abs(signedArea(largest))) {
      largest = piece;
    }
  }
  const centroid = ringCentroid(largest);
  return pointInRing(centroid, largest) ? centroid : seed;
}
