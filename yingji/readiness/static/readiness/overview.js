// Share of divisions meeting each indicator, as horizontal bars (ECharts, vendored).
document.addEventListener("DOMContentLoaded", () => {
  const el = document.getElementById("readiness-chart");
  if (!el || !window.echarts) return;
  const data = JSON.parse(document.getElementById("readiness-chart-data").textContent);
  const chart = echarts.init(el);
  chart.setOption({
    grid: {left: 110, right: 40, top: 10, bottom: 24},
    xAxis: {type: "value", max: 100, axisLabel: {formatter: "{value}%"}},
    yAxis: {type: "category", data: data.labels, inverse: true},
    series: [{type: "bar", data: data.shares, label: {show: true, position: "right", formatter: "{c}%"}}],
  });
  window.addEventListener("resize", () => chart.resize());
});
