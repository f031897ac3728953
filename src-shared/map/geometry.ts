// Plane geometry for the schematic map. Rings here are open: the first point is not repeated at
// the end, unlike GeoJSON rings.

export type Point = readonly [number, number];

/** The half-plane of points p with a * p.x + b * p.y <= c. */
export interface HalfPlane {
  a: number;
  b: number;
  c: number;
}

/** Computes the signed area by the shoelace formula, positive for a counter-clockwise ring. */
export function signedArea(ring: readonly Point[]): number {
  let twice = 0;
  for (let i = 0; i < ring.length; i += 1) {
    const [x1, y1] = ring[i] as Point;
    const [x2, y2] = ring[(i + 1) % ring.length] as Point;
    twice += x1 * y2 - x2 * y1;
  }
  return twice / 2;
}

/** Computes the area-weighted centroid of a ring, or the mean of its points when it has no area. */
export function ringCentroid(ring: readonly Point[]): Point {
  const area = signedArea(ring);
  if (ring.length === 0) {
    throw new RangeError('cannot take the centroid of an empty ring');
  }
  if (Math.abs(area) < 1e-15) {
    return meanPoint(ring);
  }
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < ring.length; i += 1) {
    const [x1, y1] = ring[i] as Point;
    const [x2, y2] = ring[(i + 1) % ring.length] as Point;
    const cross = x1 * y2 - x2 * y1;
    cx += (x1 + x2) * cross;
    cy += (y1 + y2) * cross;
  }
  return [cx / (6 * area), cy / (6 * area)];
}

function meanPoint(points: readonly Point[]): Point {
  let x = 0;
  let y = 0;
  for (const point of points) {
    x += point[0];
    y += point[1];
  }
  return [x / points.length, y / points.length];
}

/** Computes the centroid of several disjoint rings, weighted by their areas. */
export function piecesCentroid(pieces: readonly (readonly Point[])[]): Point {
  let totalArea = 0;
  let x = 0;
  let y = 0;
  for (const piece of pieces) {
    const area = Math.abs(signedArea(piece));
    const [cx, cy] = ringCentroid(piece);
    totalArea += area;
    x += cx * area;
    y += cy * area;
  }
  if (totalArea === 0) {
    return meanPoint(pieces.flat());
  }
  return [x / totalArea, y / totalArea];
}

/**
 * Returns whether a point is inside a ring, by even-odd ray casting. A point exactly on an edge
 * may land on either side.
 */
export function pointInRing(point: Point, ring: readonly Point[]): boolean {
  const [px, py] = point;
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i, i += 1) {
    const [xi, yi] = ring[i] as Point;
    const [xj, yj] = ring[j] as Point;
    if (yi > py !== yj > py) {
      const crossX = xi + ((py - yi) * (xj - xi)) / (yj - yi);
      if (px < crossX) {
        inside = !inside;
      }
    }
  }
  return inside;
}

export function pointInPieces(
  point: Point,
  pieces: readonly (readonly Point[])[],
): boolean {
  return pieces.some((piece) => pointInRing(point, piece));
}

export interface Bounds {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export function piecesBounds(pieces: readonly (readonly Point[])[]): Bounds {
  const bounds = {
    minX: Infinity,
    minY: Infinity,
    maxX: -Infinity,
    maxY: -Infinity,
  };
  for (const piece of pieces) {
    for (const [x, y] of piece) {
      bounds.minX = Math.min(bounds.minX, x);
      bounds.minY = Math.min(bounds.minY, y);
      bounds.maxX = Math.max(bounds.maxX, x);
      bounds.maxY = Math.max(bounds.maxY, y);
    }
  }
  return bounds;
}

/** Returns the half-plane of the points at least as close to `own` as to `other`. */
export function bisectorHalfPlane(own: Point, other: Point): HalfPlane {
  return {
    a: 2 * (other[0] - own[0]),
    b: 2 * (other[1] - own[1]),
    c: other[0] ** 2 + other[1] ** 2 - own[0] ** 2 - own[1] ** 2,
  };
}

interface Crossing {
  /** Position along the clipping line, for sorting. */
  along: number;
  chain: number;
  entry: boolean;
}

/**
 * Clips a simple ring to a half-plane. A non-convex ring may fall apart into several rings, so
 * the result is a list. Unlike plain Sutherland-Hodgman clipping, no zero-width bridge along the
 * line joins the parts.
 */
export function clipRing(ring: readonly Point[], plane: HalfPlane): Point[][] {
  const slack = ring.map(([x, y]) => plane.c - (plane.a * x + plane.b * y));
  const firstOutside = slack.findIndex((value) => value < 0);
  if (firstOutside === -1) {
    return [ring.slice()];
  }
  if (slack.every((value) => value < 0)) {
    return [];
  }

  // Walk the ring from an outside point, so every kept chain starts where the ring enters the
  // half-plane and ends where it leaves it.
  const chains: Point[][] = [];
  const crossings: Crossing[] = [];
  let chain: Point[] = [];
  const along = ([x, y]: Point): number => -plane.b * x + plane.a * y;
  for (let step = 0; step < ring.length; step += 1) {
    const i = (firstOutside + step) % ring.length;
    const j = (i + 1) % ring.length;
    const from = ring[i] as Point;
    const to = ring[j] as Point;
    const fromIn = (slack[i] as number) >= 0;
    const toIn = (slack[j] as number) >= 0;
    if (!fromIn && toIn) {
      const cross = interpolate(
        from,
        to,
        slack[i] as number,
        slack[j] as number,
      );
      crossings.push({
        along: along(cross),
        chain: chains.length,
        entry: true,
      });
      chain = [cross, to];
    } else if (fromIn && toIn) {
      chain.push(to);
    } else if (fromIn && !toIn) {
      const cross = interpolate(
        from,
        to,
        slack[i] as number,
        slack[j] as number,
      );
      crossings.push({
        along: along(cross),
        chain: chains.length,
        entry: false,
      });
      chain.push(cross);
      chains.push(chain);
      chain = [];
    }
  }

  return stitchChains(chains, linkChains(chains.length, crossings));
}

function interpolate(
  from: Point,
  to: Point,
  fromSlack: number,
  toSlack: number,
): Point {
  const t = fromSlack / (fromSlack - toSlack);
  return [from[0] + t * (to[0] - from[0]), from[1] + t * (to[1] - from[1])];
}

/**
 * Returns, for each chain, the chain that follows it along the clipping line. Sorted along the
 * line, the crossings pair up into the stretches of the line inside the ring (Jordan curve
 * theorem), and each stretch joins one chain's exit to another chain's entry.
 */
function linkChains(count: number, crossings: Crossing[]): number[] {
  const next = Array.from({ length: count }, (_, index) => index);
  const sorted = [...crossings].sort((left, right) => left.along - right.along);
  for (let k = 0; k + 1 < sorted.length; k += 2) {
    const first = sorted[k] as Crossing;
    const second = sorted[k + 1] as Crossing;
    // NOTE: crossings that tie along the line can pair two exits. Such a chain closes on itself.
    if (!first.entry && second.entry) {
      next[first.chain] = second.chain;
    } else if (first.entry && !second.entry) {
      next[second.chain] = first.chain;
    }
  }
  return next;
}

function stitchChains(chains: Point[][], next: number[]): Point[][] {
  const used = new Array<boolean>(chains.length).fill(false);
  const rings: Point[][] = [];
  for (let start = 0; start < chains.length; start += 1) {
    if (used[start] === true) {
      continue;
    }
    const ring: Point[] = [];
    let current = start;
    while (used[current] !== true) {
      used[current] = true;
      for (const point of chains[current] as Point[]) {
        ring.push(point);
      }
      current = next[current] as number;
    }
    const cleaned = dropRepeatedPoints(ring);
    if (cleaned.length >= 3 && Math.abs(signedArea(cleaned)) > 1e-14) {
      rings.push(cleaned);
    }
  }
  return rings;
}

function dropRepeatedPoints(ring: readonly Point[]): Point[] {
  const out: Point[] = [];
  for (const point of ring) {
    const previous = out[out.length - 1];
    if (
      previous === undefined ||
      previous[0] !== point[0] ||
      previous[1] !== point[1]
    ) {
      out.push(point);
    }
  }
  const first = out[0];
  const last = out[out.length - 1];
  if (out.length > 1 && first !== undefined && last !== undefined) {
    if (first[0] === last[0] && first[1] === last[1]) {
      out.pop();
    }
  }
  return out;
}

/** Clips every piece to the half-plane and collects the surviving parts. */
export function clipPieces(
  pieces: readonly (readonly Point[])[],
  plane: HalfPlane,
): Point[][] {
  return pieces.flatMap((piece) => clipRing(piece, plane));
}
