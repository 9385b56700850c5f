// Fill the hidden latitude/longitude fields from the phone's GPS.
document.addEventListener("DOMContentLoaded", () => {
  const button = document.getElementById("locate");
  if (!button) return;
  const out = document.getElementById("located");
  button.addEventListener("click", () => {
    if (!navigator.geolocation) { out.textContent = button.dataset.fail; return; }
    navigator.geolocation.getCurrentPosition((pos) => {
      const lat = pos.coords.latitude.toFixed(6), lon = pos.coords.longitude.toFixed(6);
      document.getElementById("id_latitude").value = lat;
      document.getElementById("id_longitude").value = lon;
      out.textContent = button.dataset.ok + lat + ", " + lon;
    }, () => { out.textContent = button.dataset.fail; }, {enableHighAccuracy: true, timeout: 10000});
  });
});
