// One ECharts chart (数据看板): only the parts the dashboards use are registered (echarts/core + bar and pie charts +
// the canvas renderer), so the bundle carries no more of ECharts than that. The canvas renderer and rich-text
// tooltips keep to the console's CSP: ECharts styles its elements through the CSSOM (allowed under style-src 'self')
// and injects no <style> and no HTML with style attributes.
import { BarChart, type BarSeriesOption, PieChart, type PieSeriesOption } from 'echarts/charts';
import {
  GridComponent,
  type GridComponentOption,
  LegendComponent,
  type LegendComponentOption,
  MarkLineComponent,
  type MarkLineComponentOption,
  TooltipComponent,
  type TooltipComponentOption,
} from 'echarts/components';
import { type ComposeOption, type ECharts, init, use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

use([BarChart, PieChart, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, CanvasRenderer]);

export type ChartOption = ComposeOption<
  | BarSeriesOption
  | PieSeriesOption
  | GridComponentOption
  | LegendComponentOption
  | MarkLineComponentOption
  | TooltipComponentOption
>;

/** Tooltips drawn on the canvas (no HTML), the same look in every chart. */
export const TOOLTIP = { renderMode: 'richText', confine: true } as const;

/**
 * A chart of `option`, redrawn when it changes and resized with its box. It is an image to assistive technology,
 * named by `label`: the figures themselves are in the table beside it.
 */
export function EChart({ option, label, tall = false }: { option: ChartOption; label: string; tall?: boolean }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const c = init(el, undefined, { renderer: 'canvas' });
    chart.current = c;
    const resize = new ResizeObserver(() => c.resize());
    resize.observe(el);
    return () => {
      resize.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={box} className={tall ? 'chart chart-tall' : 'chart'} role="img" aria-label={label} />;
}
