import { describe, expect, it } from 'vitest';

import { Resource } from '../../../src-shared/dispatch/index.js';
import {
  DISPATCH_COLLECTIONS,
  seedResources,
} from '../../../src-central/domains/dispatch/index.js';
import { seedResourcesOnce } from '../../../src-central/domains/dispatch/index.js';
import { luotian, T0 } from './fixtures.js';
import { MemoryContext } from './memory-context.js';

describe('seedResources', () => {
  const divisions = luotian();
  const resources = seedResources(divisions, 42);

  it('builds about 2,000 valid resources', () => {
    expect(resources.length).toBeGreaterThanOrEqual(1_900);
    expect(resources.length).toBeLessThanOrEqual(2_100);
    for (const resource of resources) {
      expect(Resource.safeParse(resource).success).toBe(true);
    }
    expect(new Set(resources.map((resource) => resource.id)).size).toBe(
      resources.length,
    );
  });

  it('puts one police officer in every village', () => {
    const police = resources.filter(
      (resource) => resource.kind === 'auxiliary_police',
    );

    expect(police).toHaveLength(divisions.villages.length);
    for (const village of divisions.villages) {
      const own = police.filter(
        (resource) => resource.place.divisionCode === village.code,
      );
      expect(own.map((resource) => resource.id)).toEqual([
        `police:${village.code}`,
      ]);
    }
  });

  it('gives every village grids with grid workers', () => {
    const villageCodes = new Set(
      divisions.villages.map((village) => village.code),
    );
    const grids = resources.filter(
      (resource) => resource.kind === 'grid_worker',
    );
    const perVillage = new Map<string, number>();
    for (const grid of grids) {
      const code = grid.place.divisionCode;
      expect(code).toMatch(/^\d{15}$/);
      expect(villageCodes.has(code.slice(0, 12))).toBe(true);
      perVillage.set(
        code.slice(0, 12),
        (perVillage.get(code.slice(0, 12)) ?? 0) + 1,
      );
    }
    expect(perVillage.size).toBe(divisions.villages.length);
    expect(Math.min(...perVillage.values())).toBeGreaterThanOrEqual(2);
  });

  it('staffs every town and the county', () => {
    for (const town of divisions.towns) {
      const kinds = new Set(
        resources
          .filter((resource) => resource.place.divisionCode === town.code)
          .map((resource) => resource.kind),
      );
      expect([...kinds].sort()).toEqual([
        'emergency_team',
        'legal_adviser',
        'mediator',
        'supplies',
      ]);
    }
    const county = resources.filter(
      (resource) => resource.place.divisionCode === divisions.county.code,
    );
    expect(
      county.filter((resource) => resource.kind === 'expert'),
    ).toHaveLength(40);
    expect(county.some((resource) => resource.kind === 'emergency_team')).toBe(
      true,
    );
    expect(county.some((resource) => resource.kind === 'supplies')).toBe(true);
  });

  it('uses synthetic phones and places inside the county box', () => {
    const phones = resources.map((resource) => resource.contact.phone);
    for (const phone of phones) {
      expect(phone).toMatch(/^1330000\d{4}$/);
    }
    expect(new Set(phones).size).toBe(phones.length);
    for (const resource of resources) {
      expect(resource.place.lat).toBeGreaterThan(30.55);
      expect(resource.place.lat).toBeLessThan(31.3);
      expect(resource.place.lon).toBeGreaterThan(115.05);
      expect(resource.place.lon).toBeLessThan(115.82);
    }
  });

  it('repeats the same resources for the same seed', () => {
    const again = seedResources(luotian(), 42);
    const other = seedResources(luotian(), 43);

    expect(again).toEqual(resources);
    expect(other.map((resource) => resource.name)).not.toEqual(
      resources.map((resource) => resource.name),
    );
  });

  it('gives every skill a standard code or class', () => {
    const classes = [
      'natural_disaster',
      'accident',
      'public_health',
      'social_security',
    ];
    for (const resource of resources) {
      expect(resource.skills.length).toBeGreaterThan(0);
      for (const skill of resource.skills) {
        expect(/^\d{2}(\d{2})?$/.test(skill) || classes.includes(skill)).toBe(
          true,
        );
      }
    }
  });
});

describe('seedResourcesOnce', () => {
  it('writes only into an empty collection', () => {
    const context = new MemoryContext(T0);

    const first = seedResourcesOnce(context, luotian(), 42);
    const second = seedResourcesOnce(context, luotian(), 42);

    expect(first).toBe(context.list(DISPATCH_COLLECTIONS.resource).length);
    expect(first).toBeGreaterThan(1_900);
    expect(second).toBe(0);
    expect(context.events).toHaveLength(first);
  });
});
