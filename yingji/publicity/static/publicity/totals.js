// The 七进 breakdown of a year's publicity as grouped bars (ECharts, vendored).
document.addEventListener("DOMContentLoaded", () => {
  const el = document.getElementById("chart");
  if (!el || !window.echarts) return;
  const data = JSON.parse(document.getElementById("chart-data").textContent);
  const chart = echarts.init(el);
  chart.setOption({
    tooltip: {trigger: "axis"},
    legend: {top: 0},
    grid: {left: 48, right: 16, bottom: 40, top: 40},
    xAxis: {type: "category", data: data.targets, axisLabel: {interval: 0, rotate: window.innerWidth < 600 ? 40 : 0}},
    yAxis: {type: "value"},
    series: data.series.map((s) => ({name: s.name, type: "bar", data: s.data})),
  });
  window.addEventListener("resize", () => chart.resize());
});
