import { Controller, Get, Headers, Param, Post, Put, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { z } from 'zod';
import { Allow, CurrentPrincipal, type Principal } from '@fupin/auth';
import { ZodBody, ZodQuery, ZodResponse, parseBody, requireIdempotencyKey } from '@fupin/service-kit';
import { industryOffice, industryReaders } from '../actor';
import {
  choiceBody,
  choiceList,
  choiceView,
  menuBody,
  menuQuery,
  menuView,
  villageParam,
  yearParam,
} from './menu.schema';
import { MenuService } from './menu.service';

/** 扶贫菜单 and 点菜: the village's menu for the year, set by the county; the household's signed choice from it. */
@ApiTags('menu 扶贫菜单')
@ApiBearerAuth()
@Controller()
export class MenuController {
  constructor(private readonly menus: MenuService) {}

  @Put('menus/:villageCode/:year')
  @ApiOperation({
    summary:
      "Set a village's menu for the year (扶贫菜单): every item it offers — kind, whether it needs labour, its terms — replacing the previous items (choices already signed keep theirs)",
  })
  @ApiParam({ name: 'villageCode', type: String })
  @ApiParam({ name: 'year', type: Number })
  @ZodResponse(menuView, { description: 'The menu as set' })
  @Allow(...industryOffice)
  setMenu(
    @Param('villageCode') villageCode: string,
    @Param('year') year: string,
    @ZodBody(menuBody) input: z.output<typeof menuBody>,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.menus.setMenu(
      principal,
      parseBody(villageParam, villageCode, 'villageCode'),
      parseBody(yearParam, year, 'year'),
      input,
    );
  }

  @Get('menus/:villageCode/:year')
  @ApiOperation({
    summary:
      "A village's menu for the year; with labourMembers, only the items such a household may choose (none needing labour when 0)",
  })
  @ApiParam({ name: 'villageCode', type: String })
  @ApiParam({ name: 'year', type: Number })
  @ZodResponse(menuView, { description: 'The menu' })
  @Allow(...industryReaders)
  menu(
    @Param('villageCode') villageCode: string,
    @Param('year') year: string,
    @ZodQuery(menuQuery) q: z.output<typeof menuQuery>,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.menus.menu(
      principal,
      parseBody(villageParam, villageCode, 'villageCode'),
      parseBody(yearParam, year, 'year'),
      q.labourMembers,
    );
  }

  @Post('households/:householdId/menu-choices')
  @ApiOperation({
    summary:
      "点菜: the village cadre records a registered household's signed choice of items from its village's menu (each item once a year: 409). A household without labour asking for labour items is refused (422 industry.no_labour) and pointed to 低保: industry.no-labour is published once per household, year and items",
  })
  @ApiHeader({ name: 'Idempotency-Key', required: true })
  @ZodResponse(choiceView, { status: 201, description: 'The choice recorded' })
  @ZodResponse(choiceView, { status: 200, description: 'The same request again: the same choice' })
  @Allow({ role: 'village_cadre' })
  async choose(
    @Param('householdId') householdId: string,
    @ZodBody(choiceBody) input: z.output<typeof choiceBody>,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res() res: Response,
  ) {
    const { created, choice } = await this.menus.choose(principal, householdId, input, requireIdempotencyKey(key));
    res.status(created ? 201 : 200).json(choice);
  }

  @Get('households/:householdId/menu-choices')
  @ApiOperation({ summary: "The household's signed choices, newest year first, and its no-labour refusals" })
  @ZodResponse(choiceList, { description: 'The choices' })
  @Allow(...industryReaders)
  choices(@Param('householdId') householdId: string, @CurrentPrincipal() principal: Principal) {
    return this.menus.choices(principal, householdId);
  }
}
