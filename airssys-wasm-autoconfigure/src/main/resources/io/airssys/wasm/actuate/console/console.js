"use strict";
(function () {
  const operator = document.body.dataset.operator === "true";
  const refreshMillis = Number(document.body.dataset.refresh) || 2000;
  // the actuator's base path, whatever the management path and port; never carries credentials
  const base = location.origin + location.pathname.replace(/wasmconsole\/?$/, "");
  const SAMPLES = 30;
  const history = new Map(); // "id@version" -> [{t, calls, failures}]
  let selected = decodeURIComponent(location.hash.slice(1)) || null;
  let busy = false;

  const $ = (id) => document.getElementById(id);
  const el = (tag, text, cls) => {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  };
  const row = (cells) => {
    const tr = el("tr");
    cells.forEach((cell) => {
      const td = cell instanceof Node ? el("td") : el("td", cell);
      if (cell instanceof Node) td.appendChild(cell);
      tr.appendChild(td);
    });
    return tr;
  };
  const fill = (tbody, rows) => tbody.replaceChildren(...rows);

  let lastMessage = 0;

  function status(text, error) {
    const node = $("status");
    node.textContent = text;
    node.className = error ? "error" : "";
  }

  /** An action's outcome, kept a while before the refresh notice replaces it. */
  function tell(text, error) {
    lastMessage = Date.now();
    status(text, error);
  }

  async function api(path, options) {
    const response = await fetch(base + path, Object.assign({
      credentials: "same-origin",
      headers: {"Accept": "application/json", "Content-Type": "application/json"},
    }, options || {}));
    const text = await response.text();
    let body = null;
    try { body = text ? JSON.parse(text) : null; } catch (e) { body = null; }
    if (!response.ok) {
      if (response.status === 401 || response.status === 403) {
        throw new Error("not allowed (" + response.status + "): sign in as an operator");
      }
      throw new Error((body && (body.detail || body.message || body.error)) || ("HTTP " + response.status));
    }
    return body;
  }

  function servingText(routing) {
    if (!routing) return "stopped";
    return routing.versions.map((v) => v.version + " " + v.role + " " + v.percent + "%").join(", ");
  }

  function renderComponents(list) {
    const items = list.components.map((c) => {
      const button = el("button");
      button.type = "button";
      button.dataset.id = c.id;
      button.appendChild(el("span", c.id, "id"));
      button.appendChild(el("span", servingText(c.routing), "serving"));
      if (c.id === selected) button.setAttribute("aria-current", "true");
      button.addEventListener("click", () => select(c.id));
      const li = el("li");
      li.appendChild(button);
      return li;
    });
    $("components").replaceChildren(...items);
    $("interfaces").replaceChildren(...(list.hostInterfaces || []).map((i) =>
      el("li", i.name + " (" + i.functions.join(", ") + "): "
        + (i.importedBy && i.importedBy.length ? "imported by " + i.importedBy.join(", ") : "not imported"))));
  }

  function select(id) {
    selected = id;
    history.clear();
    location.hash = encodeURIComponent(id);
    refresh();
  }

  function remember(id, routing, stats) {
    const now = Date.now();
    const latency = new Map((stats.latencies || []).map((l) => [l.version, l]));
    (routing ? routing.versions : []).forEach((v) => {
      const key = id + "@" + v.version;
      const samples = history.get(key) || [];
      samples.push({t: now, calls: v.calls, failures: v.failures, p99: (latency.get(v.version) || {}).p99Millis || 0});
      while (samples.length > SAMPLES) samples.shift();
      history.set(key, samples);
    });
  }

  function rates(key) {
    const samples = history.get(key) || [];
    const points = [];
    for (let i = 1; i < samples.length; i++) {
      const seconds = (samples[i].t - samples[i - 1].t) / 1000 || 1;
      points.push({
        calls: Math.max(0, samples[i].calls - samples[i - 1].calls) / seconds,
        failures: Math.max(0, samples[i].failures - samples[i - 1].failures) / seconds,
        p99: samples[i].p99,
      });
    }
    return points;
  }

  function sparkline(points, label, series) {
    const svgNs = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(svgNs, "svg");
    svg.setAttribute("class", "spark");
    svg.setAttribute("viewBox", "0 0 100 20");
    svg.setAttribute("preserveAspectRatio", "none");
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", label);
    const max = Math.max(Number.MIN_VALUE, ...points.map((p) => p[series[0]]));
    series.forEach((name) => {
      const line = document.createElementNS(svgNs, "polyline");
      line.setAttribute("class", name);
      line.setAttribute("points", points.map((p, i) =>
        (points.length < 2 ? 0 : (i * 100) / (points.length - 1)).toFixed(1) + "," +
        (19 - (p[name] / max) * 18).toFixed(1)).join(" "));
      svg.appendChild(line);
    });
    return svg;
  }

  // 2026-11-26T05:12:15.699202610Z -> 2026-11-26 05:12:15Z
  const time = (iso) => (iso ? String(iso).replace("T", " ").replace(/\.\d+Z$/, "Z") : "");
  const ms = (value) => (value === null || value === undefined ? "—" : value < 1 ? value.toFixed(3) + " ms" : value.toFixed(1) + " ms");
  const mib = (bytes) => (bytes / 1048576).toFixed(bytes >= 10485760 ? 0 : 2) + " MiB";
  const percent = (value) => (value * 100).toFixed(1) + "%";

  function renderComponent(c, stats) {
    $("component").hidden = false;
    $("component-heading").textContent = c.id;
    const stored = c.stored.map((s) => s.version);
    $("component-summary").textContent = "active " + (c.active || "none") + " · stored " + (stored.join(", ") || "none")
      + (c.cluster ? " · revision " + c.cluster.revision : "");
    const latency = new Map((stats.latencies || []).map((l) => [l.version, l]));
    const versions = c.routing ? c.routing.versions : [];
    fill($("versions").tBodies[0], versions.map((v) => {
      const points = rates(c.id + "@" + v.version);
      const last = points.length ? points[points.length - 1] : {calls: 0, failures: 0};
      const l = latency.get(v.version) || {};
      const health = (stats.health || {})[v.version] || "—";
      const errorShare = v.calls ? v.failures / v.calls : 0;
      const tr = row([v.version, v.role, v.percent + "%", last.calls.toFixed(1),
        percent(errorShare) + " (" + v.failures + "/" + v.calls + ")", ms(l.p50Millis), ms(l.p99Millis), health,
        sparkline(points, "calls and failures per second of " + v.version + " over the last minute", ["calls", "failures"]),
        sparkline(points, "p99 latency of " + v.version + " over the last minute", ["p99"])]);
      tr.dataset.version = v.version;
      tr.children[1].className = "role-" + v.role;
      tr.children[7].className = health === "UP" ? "good" : health === "UNHEALTHY" ? "bad" : "";
      return tr;
    }));

    const canary = versions.find((v) => v.role === "canary");
    const weight = $("weight");
    weight.disabled = !canary;
    $("weight-button").disabled = !canary;
    if (canary && document.activeElement !== weight && !weight.dataset.touched) weight.value = canary.percent;
    $("weight-value").textContent = weight.value + "%";
    $("promote-button").disabled = versions.length < 2;
    $("rollback-button").disabled = versions.length < 2;
    $("stop-button").disabled = versions.length === 0;
    $("start-button").disabled = versions.length > 0 || stored.length === 0;
    const choice = $("rollback-version");
    if (choice.dataset.versions !== stored.join(",")) { // rebuilt only when they change, not under the user's hand
      const chosen = choice.value;
      choice.replaceChildren(...stored.slice().reverse().map((v) => el("option", v)));
      if (stored.includes(chosen)) choice.value = chosen;
      choice.dataset.versions = stored.join(",");
    }
    $("rollback-to-button").disabled = stored.length === 0;

    const rollout = [];
    const term = (name, value, cls) => { rollout.push(el("dt", name)); rollout.push(el("dd", value, cls)); };
    if (!c.rollout) term("in progress", "none");
    else {
      term("strategy", c.rollout.strategy);
      if (c.rollout.candidate) term("candidate", c.rollout.candidate + " at " + c.rollout.percent + "%");
      if (c.rollout.standby) term("standby", c.rollout.standby);
    }
    if (c.analysis) {
      const a = c.analysis;
      const candidate = versions.find((v) => v.version === a.candidate);
      const rate = candidate && candidate.calls ? candidate.failures / candidate.calls : 0;
      const stableP99 = (latency.get(a.stable) || {}).p99Millis;
      const candidateP99 = (latency.get(a.candidate) || {}).p99Millis;
      const ratio = stableP99 && candidateP99 ? candidateP99 / stableP99 : null;
      term("analysis", "step " + (a.step + 1) + " of " + a.steps.length + " (" + a.steps.join("% → ") + "%), judged every "
        + (a.intervalMillis / 1000) + " s on at least " + a.minCalls + " calls");
      term("error rate", percent(rate) + " (at most " + percent(a.maxErrorRate) + ")", rate > a.maxErrorRate ? "bad" : "good");
      term("p99 against stable", (ratio === null ? "—" : ratio.toFixed(2) + "×") + " (at most " + a.maxLatencyRatio + "×)",
        ratio !== null && ratio > a.maxLatencyRatio ? "bad" : "good");
    }
    $("rollout").replaceChildren(...rollout);

    fill($("history").tBodies[0], c.history.slice().reverse().map((h) => row([time(h.at), h.action, h.version, h.detail])));
    const requested = new Set();
    (c.serving || []).forEach((s) => s.requestedCapabilities.forEach((r) => requested.add(r)));
    $("requested").replaceChildren(...(requested.size ? [...requested].map((r) => el("li", r)) : [el("li", "nothing")]));
    $("granted").textContent = c.grants || "nothing";
    fill($("pool").tBodies[0], (c.serving || []).map((s) => row([s.version, s.engine, s.pool.inUse, s.pool.idle,
      s.pool.maxInstances, s.pool.created, s.pool.discarded, mib(s.pool.memoryBytes)])));
    fill($("audit").tBodies[0], (c.audit || []).slice().reverse().map((a) => row([time(a.time), a.component, a.action, a.target,
      a.allowed ? "yes" : "no", a.reason])));
    $("cluster-section").hidden = !c.cluster;
    if (c.cluster) {
      fill($("cluster").tBodies[0], c.cluster.replicas.map((r) => row([r.replica, r.serving, r.revision, time(r.seenAt)])));
    }
  }

  async function refresh() {
    if (busy) return;
    busy = true;
    try {
      const list = await api("wasm");
      renderComponents(list);
      if (!selected && list.components.length) selected = list.components[0].id;
      if (selected && list.components.some((c) => c.id === selected)) {
        const [component, stats] = await Promise.all([
          api("wasm/" + encodeURIComponent(selected)),
          api("wasmconsole/" + encodeURIComponent(selected)),
        ]);
        remember(selected, component.routing, stats);
        renderComponent(component, stats);
      } else {
        $("component").hidden = true;
      }
      if (Date.now() - lastMessage > 8000) status("updated " + new Date().toLocaleTimeString());
    } catch (e) {
      tell("could not read the components: " + e.message, true);
    } finally {
      busy = false;
    }
  }

  async function act(question, path, body, method) {
    if (!window.confirm(question)) return;
    try {
      const revision = path.startsWith("wasm/") ? currentRevision() : null;
      const payload = Object.assign({}, body || {});
      if (revision !== null && method !== "DELETE") payload.revision = revision;
      const query = revision !== null && method === "DELETE" ? "?revision=" + revision : "";
      const result = await api(path + query, {method: method || "POST", body: method === "DELETE" ? undefined : JSON.stringify(payload)});
      tell((result && result.action ? result.action : "done") + ": " + (result && result.routing ? servingText(result.routing) : path));
    } catch (e) {
      tell("refused: " + e.message, true);
    }
    $("weight").dataset.touched = "";
    await refresh();
  }

  // with a registry shared by replicas, a change is made on the revision shown, and refused (409) if it moved on
  function currentRevision() {
    const shown = $("component-summary").textContent.match(/revision (\d+)/);
    return shown ? Number(shown[1]) : null;
  }

  function wire() {
    $("mode").textContent = operator ? "operator" : "read-only";
    const component = () => "wasm/" + encodeURIComponent(selected);
    $("weight").addEventListener("input", (e) => {
      e.target.dataset.touched = "true";
      $("weight-value").textContent = e.target.value + "%";
    });
    $("weight-button").addEventListener("click", () => act("Send " + $("weight").value + "% of " + selected + "'s calls to its canary?",
      component() + "/weight", {percent: Number($("weight").value)}));
    $("promote-button").addEventListener("click", () => act("Promote " + selected + "?", component() + "/promote"));
    $("rollback-button").addEventListener("click", () => act("Roll " + selected + " back?", component() + "/rollback"));
    $("rollback-to-button").addEventListener("click", () => act("Roll " + selected + " back to " + $("rollback-version").value + "?",
      component() + "/rollback", {version: $("rollback-version").value}));
    $("stop-button").addEventListener("click", () => act("Stop " + selected + "? Its versions stay stored.", component() + "/stop"));
    $("start-button").addEventListener("click", () => act("Start " + selected + " again?", component() + "/start"));
    $("remove-button").addEventListener("click", () => act("Remove " + selected + "? Its versions, grants and data are deleted.",
      component(), null, "DELETE"));
    $("deploy-form").addEventListener("submit", async (e) => {
      e.preventDefault();
      const file = $("deploy-file").files[0];
      const location = $("deploy-location").value.trim();
      const body = {strategy: $("deploy-strategy").value};
      if (body.strategy.endsWith("canary")) body.percent = Number($("deploy-percent").value);
      if ($("deploy-analysis").checked) body.analysis = true;
      if (file) {
        const bytes = new Uint8Array(await file.arrayBuffer());
        let binary = "";
        for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
        body.artifact = btoa(binary);
      } else if (location) {
        body.location = location;
      } else {
        tell("give a location or choose a file to deploy", true);
        return;
      }
      await act("Deploy " + (file ? file.name : location) + " (" + body.strategy + ")?", "wasm", body);
    });
  }

  wire();
  refresh();
  setInterval(refresh, refreshMillis);
})();
