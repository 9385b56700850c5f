// The ranking as vertical bars, best first (ECharts, vendored).
document.addEventListener("DOMContentLoaded", () => {
  const el = document.getElementById("ranking-chart");
  if (!el || !window.echarts) return;
  const data = JSON.parse(document.getElementById("ranking-chart-data").textContent);
  const chart = echarts.init(el);
  chart.setOption({
    grid: {left: 40, right: 20, top: 20, bottom: 80},
    tooltip: {trigger: "axis", valueFormatter: (v) => v + "%"},
    xAxis: {type: "category", data: data.labels, axisLabel: {rotate: 40, interval: 0}},
    yAxis: {type: "value", max: 100, axisLabel: {formatter: "{value}%"}},
    series: [{type: "bar", data: data.shares, label: {show: true, position: "top", formatter: "{c}%"}}],
  });
  window.addEventListener("resize", () => chart.resize());
});
