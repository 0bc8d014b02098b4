// The dashboard page's script: polls /dashboard/state once a second and draws tables, charts and the tail.
// Plain DOM and SVG, no dependencies and no build step. Every text from the server goes in through
// textContent (clientids and topics come from MQTT clients), never as HTML.

const pollMs = 1000;
const historyLimit = 300;
const tailRows = 200;
const adminService = "/exhook.admin.v1.AdminService";

const view = {
  token: sessionStorage.getItem("exhook-admin-token") ?? "",
  /** Newest history sample time the page holds. */
  after: 0,
  /** hook -> [{ t, rate, p99 }] */
  history: new Map(),
  tailSince: 0,
  /** null until the first state says where the viewer is; then paused by default beyond loopback. */
  tailPaused: null,
  tailHook: "",
  tailTopic: "",
  knownHooks: new Set(),
};

const $ = (id) => document.getElementById(id);

function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = String(text);
  if (className !== undefined) node.className = className;
  return node;
}

function setStatus(text, kind) {
  const status = $("status");
  status.textContent = text;
  status.className = `status ${kind}`;
}

function headers(extra) {
  const out = { ...extra };
  if (view.token !== "") out.authorization = `Bearer ${view.token}`;
  return out;
}

const number = new Intl.NumberFormat("en", { maximumFractionDigits: 0 });

function formatRate(rate) {
  return rate >= 100 ? number.format(rate) : rate.toFixed(1);
}

function formatMs(ms) {
  if (ms === null || ms === undefined) return "–";
  if (ms >= 100) return number.format(ms);
  if (ms >= 1) return ms.toFixed(1);
  return ms.toFixed(3);
}

function row(cells) {
  const tr = document.createElement("tr");
  for (const cell of cells) tr.append(cell instanceof Node ? cell : el("td", cell));
  return tr;
}

function cell(text, className) {
  return el("td", text, className);
}

async function errorText(response) {
  try {
    const body = await response.json();
    return body.message ?? `${response.status}`;
  } catch {
    return `${response.status} ${response.statusText}`;
  }
}

async function setDriver(name, enable) {
  const rpc = enable ? "EnableDriver" : "DisableDriver";
  const response = await fetch(`${adminService}/${rpc}`, {
    method: "POST",
    headers: headers({ "content-type": "application/json" }),
    body: JSON.stringify({ name }),
  });
  if (!response.ok) setStatus(`${rpc} ${name}: ${await errorText(response)}`, "error");
  await poll();
}

function toggleButton(name, enabled) {
  const button = el("button", enabled ? "Disable" : "Enable");
  button.type = "button";
  button.dataset.driver = name;
  button.addEventListener("click", () => {
    button.disabled = true;
    setDriver(name, !enabled).catch((error) => setStatus(String(error), "error"));
  });
  const td = el("td");
  td.append(button);
  return td;
}

function renderHooks(hooks) {
  const body = $("hooks").tBodies[0];
  body.replaceChildren(
    ...hooks.map((h) => {
      const d = h.decisions;
      const tr = row([
        cell(h.hook, "text"),
        cell(formatRate(h.recent.rate)),
        cell(formatMs(h.recent.p50)),
        cell(formatMs(h.recent.p99)),
        cell(number.format(h.calls)),
        cell(number.format(h.failed), h.failed > 0 ? "bad" : undefined),
        cell(number.format(h.timedOut), h.timedOut > 0 ? "warn" : undefined),
        cell(d === null ? "–" : number.format(d.stopTrue)),
        cell(d === null ? "–" : number.format(d.stopFalse)),
        cell(d === null ? "–" : number.format(d.continue)),
        cell(d === null ? "–" : number.format(d.ignore)),
      ]);
      tr.dataset.hook = h.hook;
      return tr;
    }),
  );
  $("hooks-empty").hidden = hooks.length > 0;
  for (const h of hooks) {
    if (view.knownHooks.has(h.hook)) continue;
    view.knownHooks.add(h.hook);
    const option = el("option", h.hook);
    option.value = h.hook;
    $("tail-hook").append(option);
  }
}

function renderGroups(groups) {
  $("groups").tBodies[0].replaceChildren(
    ...groups.map((g) => {
      const counts = Object.values(g.hooks);
      const sum = (key) => counts.reduce((total, c) => total + c[key], 0);
      const tr = row([
        cell(g.name, "text"),
        cell(g.enabled ? "yes" : "no", g.enabled ? "good" : "warn"),
        cell(Object.keys(g.hooks).join(", "), "text"),
        cell(number.format(sum("calls"))),
        cell(number.format(sum("failed"))),
        cell(number.format(sum("timedOut"))),
        toggleButton(g.name, g.enabled),
      ]);
      tr.dataset.group = g.name;
      return tr;
    }),
  );
}

function renderSinks(sinks) {
  $("sinks").tBodies[0].replaceChildren(
    ...sinks.map((s) => {
      const dropped = Object.entries(s.dropped)
        .filter(([, n]) => n > 0)
        .map(([reason, n]) => `${reason} ${number.format(n)}`)
        .join(", ");
      const error = cell(
        s.lastError === null ? "" : `${s.lastError.at} ${s.lastError.message}`,
        "error-text",
      );
      if (s.lastError !== null) error.title = s.lastError.message;
      const tr = row([
        cell(s.name, "text"),
        cell(s.type, "text"),
        cell(s.enabled ? "yes" : "no", s.enabled ? "good" : "warn"),
        cell(s.status, s.status === "connected" ? "good" : "warn"),
        cell(number.format(s.queueLength)),
        cell(number.format(s.inFlight)),
        cell(number.format(s.recordsIn)),
        cell(number.format(s.recordsOut)),
        cell(number.format(s.recordsFailed), s.recordsFailed > 0 ? "bad" : undefined),
        cell(dropped === "" ? "0" : dropped, dropped === "" ? undefined : "warn"),
        error,
        toggleButton(s.name, s.enabled),
      ]);
      tr.dataset.sink = s.name;
      return tr;
    }),
  );
}

function mergeHistory(samples) {
  for (const sample of samples) {
    view.after = Math.max(view.after, sample.t);
    for (const [hook, rate] of Object.entries(sample.hooks)) {
      let points = view.history.get(hook);
      if (points === undefined) {
        points = [];
        view.history.set(hook, points);
      }
      points.push({ t: sample.t, rate: rate.rate, p99: rate.p99 });
    }
  }
  const oldest = view.after - historyLimit * pollMs;
  for (const points of view.history.values()) {
    while (points.length > 0 && points[0].t < oldest) points.shift();
  }
}

const svgNs = "http://www.w3.org/2000/svg";

/** A sparkline of `values` over the chart's time window; gaps (no calls) drop to zero. */
function sparkline(points, pick, color, now) {
  const width = 240;
  const height = 44;
  const svg = document.createElementNS(svgNs, "svg");
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  svg.setAttribute("preserveAspectRatio", "none");
  const start = now - historyLimit * pollMs;
  const max = Math.max(...points.map(pick).filter((v) => v !== null), 0);
  const scale = max > 0 ? (height - 4) / max : 0;
  const coords = points
    .filter((p) => pick(p) !== null)
    .map((p) => {
      const x = ((p.t - start) / (historyLimit * pollMs)) * width;
      const y = height - 2 - pick(p) * scale;
      return `${x.toFixed(1)},${y.toFixed(1)}`;
    });
  const base = document.createElementNS(svgNs, "line");
  for (const [k, v] of Object.entries({ x1: 0, x2: width, y1: height - 1, y2: height - 1 }))
    base.setAttribute(k, v);
  base.setAttribute("stroke", "#dde1e7");
  svg.append(base);
  if (coords.length > 0) {
    const line = document.createElementNS(svgNs, "polyline");
    line.setAttribute("points", coords.join(" "));
    line.setAttribute("fill", "none");
    line.setAttribute("stroke", color);
    line.setAttribute("stroke-width", "1.5");
    line.setAttribute("vector-effect", "non-scaling-stroke");
    svg.append(line);
  }
  return svg;
}

function renderCharts(now) {
  const charts = [...view.history.entries()]
    .filter(([, points]) => points.length > 0)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([hook, points]) => {
      const last = points[points.length - 1];
      const card = el("div", undefined, "chart");
      card.dataset.hook = hook;
      card.append(el("div", hook, "title"));
      const rateRow = el("div", undefined, "row");
      rateRow.append(el("span", "calls/s"), el("span", formatRate(last.rate)));
      const p99Row = el("div", undefined, "row");
      p99Row.append(el("span", "p99 ms"), el("span", formatMs(last.p99)));
      card.append(
        rateRow,
        sparkline(points, (p) => p.rate, "#2563eb", now),
        p99Row,
        sparkline(points, (p) => p.p99, "#b45309", now),
      );
      return card;
    });
  $("charts").replaceChildren(...charts);
}

function renderTail(tail) {
  if (tail === null) return;
  view.tailSince = tail.seq;
  const body = $("tail").tBodies[0];
  const rows = tail.events.map((e) => {
    const tr = row([
      cell(new Date(e.time).toLocaleTimeString()),
      cell(e.hook),
      cell(e.clientid),
      cell(e.topic),
      cell(e.error ? "error" : e.decision, e.error || e.decision === "stop-false" ? "bad" : undefined),
      cell(formatMs(e.latencyMs), "num"),
    ]);
    tr.dataset.hook = e.hook;
    return tr;
  });
  body.prepend(...rows.reverse());
  while (body.rows.length > tailRows) body.deleteRow(-1);
  if (tail.missed > 0) $("tail-note").textContent = `${number.format(tail.missed)} calls went by unseen`;
}

function renderTailControls() {
  $("tail-toggle").textContent = view.tailPaused ? "Resume" : "Pause";
  if (view.tailPaused) $("tail-note").textContent = "paused";
  else if ($("tail-note").textContent === "paused") $("tail-note").textContent = "";
}

function stateUrl() {
  const params = new URLSearchParams({ after: String(view.after) });
  if (view.tailPaused === false) {
    params.set("tail", "1");
    params.set("since", String(view.tailSince));
    if (view.tailHook !== "") params.set("hook", view.tailHook);
    if (view.tailTopic !== "") params.set("topic", view.tailTopic);
  }
  return `/dashboard/state?${params}`;
}

let polling = false;

async function poll() {
  if (polling) return;
  polling = true;
  try {
    const response = await fetch(stateUrl(), { headers: headers({}) });
    if (response.status === 401) {
      $("token-form").hidden = false;
      setStatus(view.token === "" ? "an admin token is needed" : "the admin token was refused", "error");
      return;
    }
    if (!response.ok) {
      setStatus(await errorText(response), "error");
      return;
    }
    const state = await response.json();
    $("token-form").hidden = true;
    if (view.tailPaused === null) {
      // Beyond loopback the tail (clientids, topics) starts paused: shown only when someone asks for it.
      view.tailPaused = !state.viewerOnLoopback;
      renderTailControls();
    }
    mergeHistory(state.history);
    renderHooks(state.hooks);
    renderCharts(state.now);
    renderGroups(state.groups);
    renderSinks(state.sinks);
    renderTail(state.tail);
    setStatus(`live · ${new Date(state.now).toLocaleTimeString()}`, "ok");
  } catch (error) {
    setStatus(`disconnected, retrying (${error instanceof Error ? error.message : error})`, "error");
  } finally {
    polling = false;
  }
}

function resetTail() {
  view.tailSince = 0;
  $("tail").tBodies[0].replaceChildren();
  $("tail-note").textContent = view.tailPaused ? "paused" : "";
}

$("token-form").addEventListener("submit", (event) => {
  event.preventDefault();
  view.token = $("token").value.trim();
  sessionStorage.setItem("exhook-admin-token", view.token);
  poll();
});
$("tail-toggle").addEventListener("click", () => {
  view.tailPaused = !view.tailPaused;
  renderTailControls();
  poll();
});
$("tail-hook").addEventListener("change", (event) => {
  view.tailHook = event.target.value;
  resetTail();
});
$("tail-topic").addEventListener("change", (event) => {
  view.tailTopic = event.target.value.trim();
  resetTail();
});

async function loop() {
  await poll();
  setTimeout(loop, pollMs);
}
loop();
