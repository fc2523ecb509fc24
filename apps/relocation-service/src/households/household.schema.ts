import { z } from 'zod';

/** A registered household as relocation knows it (from household.registered, and household.exited). */
export const registeredHousehold = z
  .object({
    householdId: z.uuid(),
    villageCode: z.string(),
    headName: z.string().meta({ description: 'head of household (户主)' }),
    memberCount: z.number().int(),
    registeredAt: z.iso.datetime().meta({ description: 'when identification registered it (建档立卡)' }),
    exitedAt: z.iso.datetime().nullable().meta({ description: 'when it left the register (销号), if it has' }),
    transitionEndsOn: z.iso
      .date()
      .nullable()
      .meta({ description: 'after an exit: relocation support continues through this day (摘帽不摘政策)' }),
    members: z.array(
      z.object({
        idNumber: z.string(),
        name: z.string(),
        relation: z.string().meta({ description: '与户主关系: 户主, 配偶, 子女 …' }),
      }),
    ),
  })
  .meta({ id: 'RegisteredHousehold', description: 'A registered poor household (建档立卡户) and its members' });
export type RegisteredHouseholdView = z.output<typeof registeredHousehold>;
