// A sensor's readings with its four thresholds as coloured lines (ECharts, vendored).
document.addEventListener("DOMContentLoaded", () => {
  const el = document.getElementById("chart");
  if (!el || !window.echarts) return;
  const data = JSON.parse(document.getElementById("chart-data").textContent);
  const colours = {blue: "#1e6fd9", yellow: "#d4a106", orange: "#e8710a", red: "#d93025"};
  const marks = Object.entries(data.thresholds).map(([level, value]) => ({
    yAxis: value, lineStyle: {color: colours[level], type: "dashed"}, label: {formatter: String(value)},
  }));
  const chart = echarts.init(el);
  chart.setOption({
    tooltip: {trigger: "axis"},
    xAxis: {type: "time"},
    yAxis: {type: "value", name: data.unit, scale: true},
    series: [{type: "line", showSymbol: false, data: data.points, markLine: {symbol: "none", data: marks}}],
  });
  window.addEventListener("resize", () => chart.resize());
});
