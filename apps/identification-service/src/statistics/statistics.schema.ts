import { z } from 'zod';
import { incidenceDivision, localizedMessage } from '../incidence/incidence.schema';

// 统计: the register of an area in figures — households and people by status, registered households by main cause
// (致贫原因) and by assistance category (五个一批) — for the dashboards.

/** `GET /statistics/households` query string. */
export const statisticsQuery = z.object({
  division: incidenceDivision.meta({ description: 'county (6), township (9) or village (12) division code' }),
});

const counted = {
  label: localizedMessage,
  households: z.number().int(),
  people: z.number().int().meta({ description: 'members of those households' }),
};

export const statusCount = z.object({
  status: z.string().meta({ description: 'applicant, in_procedure, registered, exited, refused, withdrawn, …' }),
  ...counted,
});

export const causeCount = z.object({
  cause: z.string().nullable().meta({ description: '主要致贫原因 code; null: not recorded' }),
  ...counted,
});

export const categoryCount = z.object({
  category: z.string().nullable().meta({ description: '五个一批 category code; null: not recorded' }),
  ...counted,
});

export const areaStatistics = z
  .object({
    code: z.string(),
    name: z.string().nullable().meta({ description: 'null for a division with households but not in the register' }),
    households: z.number().int().meta({ description: 'households of any status' }),
    people: z.number().int(),
    byStatus: z.array(statusCount).meta({ description: 'every known status, zeros included, then any other found' }),
    registeredByCause: z.array(causeCount).meta({ description: 'registered households by their main cause' }),
    registeredByCategory: z.array(categoryCount).meta({ description: 'registered households by 五个一批 category' }),
  })
  .meta({ id: 'AreaHouseholdStatistics', description: "An area's households in figures" });

export const householdStatistics = z
  .object({
    divisionCode: z.string(),
    level: z.enum(['village', 'township', 'county']),
    area: areaStatistics.meta({ description: 'the division as a whole' }),
    childLevel: z.enum(['township', 'village']).nullable().meta({ description: 'null for a village' }),
    children: z.array(areaStatistics).meta({
      description: "one level down, by code: the register's divisions (zeros included) and any other with households",
    }),
  })
  .meta({
    id: 'HouseholdStatistics',
    description: 'Households and people by status, causes and 五个一批 categories of a division and its children',
  });
export type HouseholdStatistics = z.output<typeof householdStatistics>;
export type AreaStatistics = z.output<typeof areaStatistics>;
