// 现场快报: GPS or village, idempotent client key, and a local queue for reports written offline.
(function () {
  "use strict";
  const QUEUE = "yingji.incidents.queue";
  const form = document.getElementById("field-form");
  if (!form) return;
  const pendingBox = document.getElementById("pending");

  const uuid = () => (window.crypto && crypto.randomUUID) ? crypto.randomUUID()
    : "10000000-1000-4000-8000-100000000000".replace(/[018]/g, (c) =>
        (c ^ (Math.random() * 16) >> (c / 4)).toString(16));
  const load = () => { try { return JSON.parse(localStorage.getItem(QUEUE) || "[]"); } catch (e) { return []; } };
  const save = (items) => localStorage.setItem(QUEUE, JSON.stringify(items));

  const keyField = form.querySelector("[name=client_key]");
  if (!keyField.value) keyField.value = uuid();

  function render(sent, notes) {
    const items = load();
    pendingBox.hidden = !items.length && !sent;
    pendingBox.textContent = "";
    if (sent) pendingBox.append(pendingBox.dataset.sent + sent);
    (notes || []).forEach((note) => {
      const line = document.createElement("div");
      line.textContent = note;
      pendingBox.append(line);
    });
    items.forEach((item) => {
      const line = document.createElement("div");
      line.textContent = pendingBox.dataset.label + " " + item.summary + (item.error ? " — " + item.error : "");
      pendingBox.append(line);
    });
  }

  function toFormData(item) {
    const data = new FormData();
    Object.entries(item.fields).forEach(([k, v]) => data.append(k, v));
    if (item.photo) {
      const [meta, b64] = item.photo.data.split(",");
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      data.append("photo", new Blob([bytes], { type: meta.split(":")[1].split(";")[0] }), item.photo.name);
    }
    return data;
  }

  async function post(item) {
    const response = await fetch(form.action || window.location.href, {
      method: "POST", body: toFormData(item), credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRFToken": item.fields.csrfmiddlewaretoken },
    });
    return response;
  }

  async function flush() {
    let sent = 0;
    const notes = [];
    for (const item of load()) {
      let response;
      try { response = await post(item); } catch (e) { break; }  // still offline
      const rest = load().filter((i) => i.fields.client_key !== item.fields.client_key);
      if (response.ok) {
        sent += 1; save(rest);
        const body = await response.json().catch(() => ({}));
        if (body.photo_refused) notes.push(item.summary + " — " + form.dataset.photoDropped + body.photo_refused);
        continue;
      }
      const body = await response.json().catch(() => ({}));
      item.error = Object.values(body.errors || {}).flat().join(" ");
      save([...rest, item]);
    }
    render(sent ? String(sent) : "", notes);
  }

  function readPhoto(file) {
    return new Promise((resolve) => {
      if (!file || file.size > 1500000) return resolve(null);  // localStorage is small
      const reader = new FileReader();
      reader.onload = () => resolve({ name: file.name, data: reader.result });
      reader.onerror = () => resolve(null);
      reader.readAsDataURL(file);
    });
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const fields = {};
    new FormData(form).forEach((v, k) => { if (!(v instanceof File)) fields[k] = v; });
    const file = form.querySelector("[name=photo]").files[0];
    const item = { fields, summary: (fields.nature || "").slice(0, 30) };
    if (!navigator.onLine) {
      item.photo = await readPhoto(file);
      save([...load(), item]);
      form.reset(); keyField.value = uuid();
      alert(form.dataset.offlineMsg);
      return render();
    }
    try {
      const data = new FormData(form);
      const response = await fetch(form.action || window.location.href, {
        method: "POST", body: data, credentials: "same-origin", headers: { Accept: "application/json" } });
      if (response.ok) {
        const body = await response.json();
        if (body.photo_refused) alert(form.dataset.photoDropped + body.photo_refused);
        window.location = body.url;
        return;
      }
      form.submit();  // let the server render the errors in place (same client key: idempotent)
    } catch (e) {
      item.photo = await readPhoto(file);
      save([...load(), item]);
      form.reset(); keyField.value = uuid();
      alert(form.dataset.offlineMsg);
      render();
    }
  });

  const villages = JSON.parse(document.getElementById("village-points").textContent);
  document.getElementById("locate").addEventListener("click", () => {
    const out = document.getElementById("located");
    if (!navigator.geolocation) { out.textContent = out.dataset.fail; return; }
    navigator.geolocation.getCurrentPosition((pos) => {
      const { latitude, longitude } = pos.coords;
      form.querySelector("[name=latitude]").value = latitude.toFixed(6);
      form.querySelector("[name=longitude]").value = longitude.toFixed(6);
      let best = null, bestD = Infinity;
      villages.forEach((v) => {
        const d = (v.lat - latitude) ** 2 + ((v.lon - longitude) * Math.cos(latitude * Math.PI / 180)) ** 2;
        if (d < bestD) { bestD = d; best = v; }
      });
      if (best) form.querySelector("[name=division]").value = best.id;
      out.textContent = out.dataset.ok + latitude.toFixed(5) + ", " + longitude.toFixed(5) + (best ? " · " + best.name : "");
    }, () => { out.textContent = out.dataset.fail; }, { enableHighAccuracy: true, timeout: 10000 });
  });

  window.addEventListener("online", flush);
  render();
  if (navigator.onLine) flush();
})();
