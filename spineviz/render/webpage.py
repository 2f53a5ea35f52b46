"""A standalone interactive 3D page: the scene's meshes and a small WebGL viewer in one HTML file.

The page loads nothing from anywhere: the meshes are base64 inside a JSON block, the viewer is inline
JavaScript (WebGL 1, no library), styles are inline, the still image is a data URI, and a Content Security
Policy forbids every network request. It opens from a USB stick or an e-mail attachment, offline, in any
current browser; where WebGL is missing it shows the still image instead. Drag to turn, wheel or pinch to
zoom, right-drag or shift-drag to pan, arrow keys and +/- from the keyboard, and buttons for the standard
views and for the layers.

The bones carry their baked occlusion (session 37, export37, issue 10): each bone's ``grey`` in the JSON is one byte
a vertex, the grey the app's ramp texture gives it (:func:`spineviz.render.shading.vertex_grey_bytes`), and the
viewer multiplies the lit colour by it as VTK multiplies the lit fragment by the texture, so a canal or a foramen
reads as a hole on the page as in the app. Discs and cartilage carry none and are drawn at 1 (never darkened).

The page's colours and greys are the app's display (sRGB) values, unconverted, and that is right here (session 37,
gltf37): the WebGL 1 shader is our own, does its lighting on those values as VTK does and writes the result to the
canvas, which the browser shows as sRGB, with no decoding or encoding on the way. Only the glTF, whose viewers
treat colours as linear and encode them for display, converts them (:mod:`spineviz.render.colour_space`).
"""

from __future__ import annotations

import base64
import html
import json

import numpy as np

from spineviz.render import look
from spineviz.render.parts import Part
from spineviz.render.shading import vertex_grey_bytes

_CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; "
        "base-uri 'none'; form-action 'none'")

_STYLE = """
:root { color-scheme: light; --ink: #1f2a36; --muted: #4b5563; --line: #c9d1db; --accent: #0b5cad; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
       color: var(--ink); background: #f5f7fa; }
header, main, footer { max-width: 72rem; margin: 0 auto; padding: 0.75rem 1rem; }
h1 { font-size: 1.6rem; margin: 0.5rem 0 0.25rem; }
.caption { margin: 0 0 0.5rem; max-width: 48rem; }
.stage { position: relative; background: linear-gradient(#d5dbe3, #f5f7fa); border: 1px solid var(--line);
         border-radius: 8px; overflow: hidden; }
canvas { display: block; width: 100%; height: min(72vh, 46rem); touch-action: none; cursor: grab; }
canvas:focus-visible { outline: 3px solid var(--accent); outline-offset: -3px; }
.still { display: none; width: 100%; height: auto; }
.no-webgl canvas { display: none; } .no-webgl .still { display: block; }
.controls { display: flex; flex-wrap: wrap; gap: 0.4rem; align-items: center; margin: 0.6rem 0; }
.controls button { font: inherit; padding: 0.3rem 0.7rem; border: 1px solid var(--line); border-radius: 6px;
                   background: #fff; color: var(--ink); cursor: pointer; }
.controls button:hover, .controls button:focus-visible { border-color: var(--accent); }
.controls label { display: inline-flex; gap: 0.3rem; align-items: center; margin-left: 0.5rem; }
.hint { color: var(--muted); font-size: 0.9rem; }
.legend { display: flex; align-items: center; gap: 0.5rem; font-size: 0.9rem; margin: 0.3rem 0; }
.legend .bar { width: 12rem; height: 0.8rem; border: 1px solid var(--line); }
.note, .flags { border-left: 4px solid var(--line); padding: 0.25rem 0.9rem; margin: 0.9rem 0; max-width: 48rem; }
.flags { border-color: #b42318; background: #fff; }
.flags strong { color: #b42318; }
.msg { display: none; padding: 0.5rem 1rem; color: var(--muted); }
.no-webgl .msg { display: block; }
@media print { canvas, .controls, .hint { display: none !important; } .still { display: block; } }
"""

_SCRIPT = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("spine-data").textContent);
  var stage = document.getElementById("stage");
  var canvas = document.getElementById("view");
  var gl = null;
  try { gl = canvas.getContext("webgl", {antialias: true}) || canvas.getContext("experimental-webgl"); }
  catch (e) { gl = null; }
  if (!gl) { stage.className += " no-webgl"; return; }

  function b64(text) {
    var raw = atob(text), out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
    return out.buffer;
  }
  function normals(p, idx) {
    var n = new Float32Array(p.length), i, a, b, c;
    for (i = 0; i < idx.length; i += 3) {
      a = idx[i] * 3; b = idx[i + 1] * 3; c = idx[i + 2] * 3;
      var ux = p[b] - p[a], uy = p[b + 1] - p[a + 1], uz = p[b + 2] - p[a + 2];
      var vx = p[c] - p[a], vy = p[c + 1] - p[a + 1], vz = p[c + 2] - p[a + 2];
      var nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
      [a, b, c].forEach(function (k) { n[k] += nx; n[k + 1] += ny; n[k + 2] += nz; });
    }
    for (i = 0; i < n.length; i += 3) {
      var l = Math.hypot(n[i], n[i + 1], n[i + 2]) || 1;
      n[i] /= l; n[i + 1] /= l; n[i + 2] /= l;
    }
    return n;
  }
  function shader(type, source) {
    var s = gl.createShader(type);
    gl.shaderSource(s, source); gl.compileShader(s);
    if (!gl.getShaderParameter(s, gl.COMPILE_STATUS)) throw new Error(gl.getShaderInfoLog(s));
    return s;
  }
  var prog = gl.createProgram();
  gl.attachShader(prog, shader(gl.VERTEX_SHADER,
    "attribute vec3 aPos; attribute vec3 aNormal; attribute float aGrey; uniform mat4 uView; uniform mat4 uProj;" +
    "varying vec3 vN; varying vec3 vP; varying float vGrey;" +
    "void main() { vec4 p = uView * vec4(aPos, 1.0); vP = p.xyz; vN = mat3(uView) * aNormal; vGrey = aGrey;" +
    " gl_Position = uProj * p; }"));
  gl.attachShader(prog, shader(gl.FRAGMENT_SHADER,
    "precision mediump float; uniform vec3 uColor; uniform float uAlpha; varying vec3 vN; varying vec3 vP;" +
    "varying float vGrey;" +
    "void main() { vec3 n = normalize(vN); if (!gl_FrontFacing) n = -n; vec3 v = normalize(-vP);" +
    " vec3 l1 = normalize(v + vec3(0.3, 0.5, 0.0)); vec3 l2 = normalize(vec3(-0.6, -0.2, 0.7));" +
    " float d = 0.6 * max(dot(n, l1), 0.0) + 0.18 * max(dot(n, l2), 0.0);" +
    " float s = 0.15 * pow(max(dot(n, normalize(l1 + v)), 0.0), 24.0);" +
    " gl_FragColor = vec4((uColor * (0.24 + d) + vec3(s)) * vGrey, uAlpha); }"));
  gl.bindAttribLocation(prog, 0, "aPos");
  gl.linkProgram(prog);
  if (!gl.getProgramParameter(prog, gl.LINK_STATUS)) { stage.className += " no-webgl"; return; }
  gl.useProgram(prog);
  var loc = {
    pos: gl.getAttribLocation(prog, "aPos"), normal: gl.getAttribLocation(prog, "aNormal"),
    grey: gl.getAttribLocation(prog, "aGrey"),
    view: gl.getUniformLocation(prog, "uView"), proj: gl.getUniformLocation(prog, "uProj"),
    color: gl.getUniformLocation(prog, "uColor"), alpha: gl.getUniformLocation(prog, "uAlpha")
  };
  var uint32 = gl.getExtension("OES_element_index_uint");
  var parts = data.parts.map(function (part) {
    var p = new Float32Array(b64(part.positions));
    var idx = part.wide ? new Uint32Array(b64(part.indices)) : new Uint16Array(b64(part.indices));
    var pb = gl.createBuffer(); gl.bindBuffer(gl.ARRAY_BUFFER, pb); gl.bufferData(gl.ARRAY_BUFFER, p, gl.STATIC_DRAW);
    var nb = gl.createBuffer(); gl.bindBuffer(gl.ARRAY_BUFFER, nb);
    gl.bufferData(gl.ARRAY_BUFFER, normals(p, idx), gl.STATIC_DRAW);
    var ib = gl.createBuffer(); gl.bindBuffer(gl.ELEMENT_ARRAY_BUFFER, ib);
    gl.bufferData(gl.ELEMENT_ARRAY_BUFFER, idx, gl.STATIC_DRAW);
    var gb = null;  // a bone's occlusion grey, one byte a vertex (none: drawn at 1)
    if (part.grey) {
      gb = gl.createBuffer(); gl.bindBuffer(gl.ARRAY_BUFFER, gb);
      gl.bufferData(gl.ARRAY_BUFFER, new Uint8Array(b64(part.grey)), gl.STATIC_DRAW);
    }
    return {group: part.group, color: part.color, opacity: part.opacity, pb: pb, nb: nb, ib: ib, gb: gb,
            count: idx.length, type: part.wide ? gl.UNSIGNED_INT : gl.UNSIGNED_SHORT,
            ok: !part.wide || !!uint32};
  });
  var shown = {bone: true, disc: true, facet: true};
  var boneAlpha = data.boneOpacity;

  function sub(a, b) { return [a[0] - b[0], a[1] - b[1], a[2] - b[2]]; }
  function cross(a, b) { return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]]; }
  function norm(a) { var l = Math.hypot(a[0], a[1], a[2]) || 1; return [a[0] / l, a[1] / l, a[2] / l]; }
  function dot(a, b) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }
  function lookAt(eye, target, up) {
    var z = norm(sub(eye, target)), x = norm(cross(up, z)), y = cross(z, x);
    return [x[0], y[0], z[0], 0, x[1], y[1], z[1], 0, x[2], y[2], z[2], 0,
            -dot(x, eye), -dot(y, eye), -dot(z, eye), 1];
  }
  function perspective(fovy, aspect, near, far) {
    var f = 1 / Math.tan(fovy / 2), r = 1 / (near - far);
    return [f / aspect, 0, 0, 0, 0, f, 0, 0, 0, 0, (far + near) * r, -1, 0, 0, 2 * far * near * r, 0];
  }

  // Turntable camera about the spine's long axis (z up), from the scene's starting camera.
  var cam = {};
  function place(position, focal, up) {
    var d = sub(position, focal), dist = Math.hypot(d[0], d[1], d[2]);
    var el = Math.asin(Math.max(-1, Math.min(1, d[2] / dist)));
    var az = Math.atan2(d[1], d[0]);
    if (Math.abs(d[2] / dist) > 0.999) az = Math.atan2(-up[1], -up[0]);
    cam = {target: focal.slice(), dist: dist, az: az, el: Math.max(-1.55, Math.min(1.55, el))};
  }
  function reset() { place(data.camera.position, data.camera.focal, data.camera.up); draw(); }
  function view(dir) {
    var r = data.radius * 3 / Math.tan(data.camera.angle / 2) / 3, c = data.centre;
    var up = dir[2] > 0.99 ? [0, 1, 0] : [0, 0, 1];
    place([c[0] + dir[0] * r, c[1] + dir[1] * r, c[2] + dir[2] * r], c.slice(), up); draw();
  }
  function eye() {
    var ce = Math.cos(cam.el);
    return [cam.target[0] + cam.dist * ce * Math.cos(cam.az), cam.target[1] + cam.dist * ce * Math.sin(cam.az),
            cam.target[2] + cam.dist * Math.sin(cam.el)];
  }
  function axes() {
    var e = eye(), z = norm(sub(e, cam.target)), x = norm(cross([0, 0, 1], z));
    if (Math.hypot(x[0], x[1], x[2]) < 1e-6) x = [1, 0, 0];
    return {x: x, y: cross(z, x), z: z};
  }

  var pending = false;
  function draw() { if (!pending) { pending = true; requestAnimationFrame(frame); } }
  function frame() {
    pending = false;
    var dpr = window.devicePixelRatio || 1;
    var w = Math.round(canvas.clientWidth * dpr), h = Math.round(canvas.clientHeight * dpr);
    if (canvas.width !== w || canvas.height !== h) { canvas.width = w; canvas.height = h; }
    gl.viewport(0, 0, w, h);
    gl.clearColor(0.93, 0.95, 0.97, 1); gl.clear(gl.COLOR_BUFFER_BIT | gl.DEPTH_BUFFER_BIT);
    gl.enable(gl.DEPTH_TEST);
    var a = axes(), e = eye();
    gl.uniformMatrix4fv(loc.view, false, lookAt(e, cam.target, a.y));
    var near = Math.max(cam.dist - data.radius * 1.5, cam.dist * 0.02);
    gl.uniformMatrix4fv(loc.proj, false, perspective(data.camera.angle, w / Math.max(h, 1), near,
                                                     cam.dist + data.radius * 1.5));
    [false, true].forEach(function (pass) {
      gl.depthMask(!pass);
      if (pass) { gl.enable(gl.BLEND); gl.blendFunc(gl.SRC_ALPHA, gl.ONE_MINUS_SRC_ALPHA); gl.enable(gl.CULL_FACE); }
      else { gl.disable(gl.BLEND); gl.disable(gl.CULL_FACE); }
      parts.forEach(function (part) {
        if (!shown[part.group] || !part.ok) return;
        var alpha = part.group === "bone" ? boneAlpha : part.opacity;
        if ((alpha < 0.999) !== pass || alpha < 0.01) return;
        gl.uniform3fv(loc.color, part.color); gl.uniform1f(loc.alpha, alpha);
        gl.bindBuffer(gl.ARRAY_BUFFER, part.pb); gl.enableVertexAttribArray(loc.pos);
        gl.vertexAttribPointer(loc.pos, 3, gl.FLOAT, false, 0, 0);
        gl.bindBuffer(gl.ARRAY_BUFFER, part.nb); gl.enableVertexAttribArray(loc.normal);
        gl.vertexAttribPointer(loc.normal, 3, gl.FLOAT, false, 0, 0);
        if (part.gb) {
          gl.bindBuffer(gl.ARRAY_BUFFER, part.gb); gl.enableVertexAttribArray(loc.grey);
          gl.vertexAttribPointer(loc.grey, 1, gl.UNSIGNED_BYTE, true, 0, 0);
        } else { gl.disableVertexAttribArray(loc.grey); gl.vertexAttrib1f(loc.grey, 1.0); }
        gl.bindBuffer(gl.ELEMENT_ARRAY_BUFFER, part.ib);
        gl.drawElements(gl.TRIANGLES, part.count, part.type, 0);
      });
    });
    gl.depthMask(true);
  }

  function turn(dx, dy) { cam.az -= dx * 0.008; cam.el = Math.max(-1.55, Math.min(1.55, cam.el + dy * 0.008)); draw(); }
  function zoom(f) { cam.dist = Math.max(data.radius * 0.2, Math.min(data.radius * 20, cam.dist * f)); draw(); }
  function pan(dx, dy) {
    var a = axes(), s = cam.dist * 2 * Math.tan(data.camera.angle / 2) / Math.max(canvas.clientHeight, 1);
    for (var i = 0; i < 3; i++) cam.target[i] += (-dx * a.x[i] + dy * a.y[i]) * s;
    draw();
  }
  var pointers = {}, last = null;
  canvas.addEventListener("pointerdown", function (ev) {
    canvas.setPointerCapture(ev.pointerId); pointers[ev.pointerId] = [ev.clientX, ev.clientY]; last = null;
  });
  canvas.addEventListener("pointermove", function (ev) {
    var prev = pointers[ev.pointerId]; if (!prev) return;
    var ids = Object.keys(pointers);
    if (ids.length === 2) {
      var other = pointers[ids[0] == ev.pointerId ? ids[1] : ids[0]];
      var d = Math.hypot(ev.clientX - other[0], ev.clientY - other[1]);
      if (last) zoom(last / Math.max(d, 1));
      last = d;
    } else if (ev.buttons === 2 || ev.shiftKey) { pan(ev.clientX - prev[0], ev.clientY - prev[1]); }
    else { turn(ev.clientX - prev[0], ev.clientY - prev[1]); }
    pointers[ev.pointerId] = [ev.clientX, ev.clientY];
  });
  function up(ev) { delete pointers[ev.pointerId]; last = null; }
  canvas.addEventListener("pointerup", up); canvas.addEventListener("pointercancel", up);
  canvas.addEventListener("contextmenu", function (ev) { ev.preventDefault(); });
  canvas.addEventListener("wheel", function (ev) { ev.preventDefault(); zoom(Math.exp(ev.deltaY * 0.0015)); },
                          {passive: false});
  canvas.addEventListener("keydown", function (ev) {
    var k = ev.key, used = true;
    if (k === "ArrowLeft") turn(-20, 0); else if (k === "ArrowRight") turn(20, 0);
    else if (k === "ArrowUp") turn(0, -20); else if (k === "ArrowDown") turn(0, 20);
    else if (k === "+" || k === "=") zoom(0.85); else if (k === "-") zoom(1 / 0.85);
    else if (k === "0") reset(); else used = false;
    if (used) ev.preventDefault();
  });
  Array.prototype.forEach.call(document.querySelectorAll("[data-view]"), function (b) {
    b.addEventListener("click", function () { view(data.views[b.getAttribute("data-view")]); });
  });
  document.getElementById("reset").addEventListener("click", reset);
  Array.prototype.forEach.call(document.querySelectorAll("[data-layer]"), function (box) {
    box.addEventListener("change", function () { shown[box.getAttribute("data-layer")] = box.checked; draw(); });
  });
  var xray = document.getElementById("xray");
  if (xray) xray.addEventListener("input", function () { boneAlpha = 1 - xray.value / 100; draw(); });
  window.addEventListener("resize", draw);
  reset();
  document.documentElement.setAttribute("data-ready", "1");
})();
"""

_VIEW_BUTTONS = (("anterior", "Front"), ("posterior", "Back"), ("left", "Left side"), ("right", "Right side"),
                 ("superior", "From above"), ("oblique", "Oblique"))


def _b64(array: np.ndarray) -> str:
    return base64.b64encode(np.ascontiguousarray(array).tobytes()).decode("ascii")


def page_data(parts: list[Part], world: np.ndarray, camera: dict, bone_opacity: float) -> dict:
    """The JSON the viewer reads: every part in spine-frame millimetres (posed), and the camera.

    A bone with its baked occlusion carries ``grey``: base64 of one byte a vertex, the app's grey x 255.
    """
    from spineviz.render.look import view_vectors

    out = []
    lo, hi = np.full(3, np.inf), np.full(3, -np.inf)
    for part in parts:
        m = world[part.level]
        pts = (part.points.astype(float) @ m[:3, :3].T + m[:3, 3]).astype(np.float32)
        if part.group == "bone":
            lo, hi = np.minimum(lo, pts.min(0)), np.maximum(hi, pts.max(0))
        wide = pts.shape[0] > 65535
        entry = {"name": part.name, "group": part.group, "color": [round(c, 4) for c in part.colour],
                 "opacity": round(part.opacity, 4), "wide": wide, "positions": _b64(pts),
                 "indices": _b64(part.triangles.astype(np.uint32 if wide else np.uint16).ravel())}
        if part.group == "bone" and part.sky is not None:
            entry["grey"] = _b64(vertex_grey_bytes(part.sky))
        out.append(entry)
    if not np.all(np.isfinite(lo)):
        allpts = np.concatenate([p.points for p in parts]) if parts else np.zeros((1, 3))
        lo, hi = allpts.min(0), allpts.max(0)
    centre = (lo + hi) / 2
    radius = float(np.linalg.norm(hi - lo) / 2) or 100.0
    views = {name: [float(v) for v in view_vectors(name)[0]] for name in look.VIEWS}
    return {"parts": out, "camera": camera, "centre": [float(c) for c in centre], "radius": radius,
            "views": views, "boneOpacity": bone_opacity}


def _legend(load_top: float | None, audience: str = "clinician", load_low: float = 0.0) -> str:
    from spineviz.render.annotate import PATIENT_WORDS

    if load_top is None:
        return ""
    stops = ", ".join(f"rgb({int(r * 255)},{int(g * 255)},{int(b * 255)})" for r, g, b in look.CIVIDIS)
    low, high = ((f"Facet load (estimate): {load_low:.0f} N", f"{load_top:.0f} N") if audience != "patient"
                 else PATIENT_WORDS[1:])
    return (f'<div class="legend"><span>{html.escape(low)}</span>'
            f'<span class="bar" style="background: linear-gradient(to right, {stops})"></span>'
            f"<span>{html.escape(high)}</span></div>")


def page_html(*, title: str, caption: str, data: dict, still_png: bytes | None, note: str, flags_html: str,
              load_top: float | None, most_loaded: list | None, layers: dict, audience: str = "clinician",
              load_low: float = 0.0) -> str:
    """The whole page as text. ``flags_html`` is trusted (sanitised) HTML; everything else is escaped.

    For ``audience`` "patient" the legend and the most-loaded line are in words, without newtons.
    """
    esc = html.escape
    payload = json.dumps(data, separators=(",", ":")).replace("</", "<\\/")
    still = ""
    if still_png:
        still = (f'<img class="still" alt="{esc(title or "The spine")}: still picture" '
                 f'src="data:image/png;base64,{base64.b64encode(still_png).decode("ascii")}">')
    loaded = ""
    if most_loaded:
        if audience == "patient":
            loaded = f'<p class="hint">Pressed most here: {", ".join(esc(n) for n, _ in most_loaded)}.</p>'
        else:
            names = ", ".join(f"{esc(n)} ({v:.0f} N)" for n, v in most_loaded)
            loaded = f'<p class="hint">Most loaded here: {names}.</p>'
    buttons = "".join(f'<button type="button" data-view="{v}">{esc(label)}</button>' for v, label in _VIEW_BUTTONS)
    boxes = "".join(
        f'<label><input type="checkbox" data-layer="{g}"{" checked" if layers.get(g, True) else ""}> {esc(label)}'
        f"</label>" for g, label in (("bone", "Bones"), ("disc", "Discs"), ("facet", "Facet joints")))
    xray = round((1.0 - data["boneOpacity"]) * 100)
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="spineviz">
<title>{esc(title or "spineviz")}</title>
<style>{_STYLE}</style>
</head>
<body>
<header>
<h1>{esc(title or "The spine in 3D")}</h1>
{f'<p class="caption">{esc(caption)}</p>' if caption else ""}
</header>
<main>
<div class="stage" id="stage">
<canvas id="view" tabindex="0" role="img" aria-label="{esc(title or 'The spine')}: a 3D model you can turn.
Drag to turn, scroll or pinch to zoom, arrow keys to turn, plus and minus to zoom, 0 to reset."></canvas>
{still}
<p class="msg">This browser cannot show 3D here (WebGL is off), so this is a still picture.</p>
</div>
<div class="controls" aria-label="Views and layers">{buttons}<button type="button" id="reset">Reset</button>
{boxes}<label>X-ray <input type="range" id="xray" min="0" max="95" value="{xray}"></label></div>
<p class="hint">Drag to turn, scroll or pinch to zoom, right-drag or shift-drag to move. Keys: arrows, + and -,
0 to reset.</p>
{_legend(load_top, audience, load_low)}{loaded}
<div class="note" role="note"><p>{esc(note)}</p></div>
<div class="flags" role="note">{flags_html}</div>
</main>
<footer class="hint">Made with spineviz. For learning: it cannot diagnose you.</footer>
<script type="application/json" id="spine-data">{payload}</script>
<script>{_SCRIPT}</script>
</body>
</html>
"""


__all__ = ["page_data", "page_html"]
