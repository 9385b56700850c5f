// The resource map: each ticked layer's markers for the visible box, fetched again after every move.
// Many records come back as counted grid cells (drawn as numbered circles); few come back as themselves.
(function () {
  "use strict";
  function start() {
    var element = document.getElementById("resource-map");
    if (!element || !window.L) { return; }
    var layers = JSON.parse(document.getElementById("resource-layer-data").textContent);
    var centre = JSON.parse(document.getElementById("resource-centre").textContent);
    var map = L.map(element, {preferCanvas: true}).setView(centre, 10);
    if (element.dataset.tileUrl) {
      L.tileLayer(element.dataset.tileUrl, {maxZoom: 18}).addTo(map);
    }
    var groups = {};
    layers.forEach(function (layer) { groups[layer.key] = L.layerGroup().addTo(map); });
    var colours = {};
    layers.forEach(function (layer) { colours[layer.key] = layer.colour; });
    var requestId = 0;

    function ticked() {
      return Array.prototype.map.call(
        document.querySelectorAll("#resource-layers input:checked"), function (box) { return box.value; });
    }

    function draw(key, points) {
      var group = groups[key];
      group.clearLayers();
      points.forEach(function (p) {
        if (p.count > 1) {
          var size = Math.min(3.6, 1.8 + Math.log10(p.count) * 0.6);
          var icon = L.divIcon({className: "", html: '<div class="resource-cluster" style="background:' +
            colours[key] + ';width:' + size + 'rem;height:' + size + 'rem;line-height:' + size + 'rem">' +
            p.count + "</div>", iconSize: null});
          L.marker([p.lat, p.lng], {icon: icon, title: p.count + element.dataset.more}).addTo(group)
            .on("click", function () { map.setView([p.lat, p.lng], Math.min(map.getZoom() + 2, 18)); });
        } else {
          var popup = document.createElement("div");
          var title = document.createElement(p.url ? "a" : "strong");
          title.textContent = p.title || "";
          if (p.url) { title.href = p.url; }
          popup.appendChild(title);
          if (p.detail) { var detail = document.createElement("div"); detail.textContent = p.detail; popup.appendChild(detail); }
          L.circleMarker([p.lat, p.lng], {radius: 7, color: colours[key], fillColor: colours[key], fillOpacity: .8})
            .bindPopup(popup).bindTooltip(p.title || "").addTo(group);
        }
      });
    }

    function refresh() {
      var id = ++requestId;
      var b = map.getBounds();
      var bbox = [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()].map(function (v) {
        return Math.max(-180, Math.min(180, v)).toFixed(5);
      });
      bbox[0] = Math.max(-90, bbox[0]); bbox[2] = Math.min(90, bbox[2]);
      var wanted = ticked();
      layers.forEach(function (layer) {
        if (wanted.indexOf(layer.key) < 0) { groups[layer.key].clearLayers(); return; }
        var url = element.dataset.pointsUrl + "?layer=" + encodeURIComponent(layer.key) + "&bbox=" + bbox.join(",") +
          "&zoom=" + map.getZoom();
        fetch(url, {credentials: "same-origin"}).then(function (r) { return r.ok ? r.json() : null; })
          .then(function (data) { if (data && id === requestId) { draw(layer.key, data.points); } });
      });
    }

    map.on("moveend", refresh);
    var toggles = document.getElementById("resource-layers");
    if (toggles) { toggles.addEventListener("change", refresh); }
    refresh();
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
