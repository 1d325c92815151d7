// The point picker of core.forms.PointPicker: a small map of the communes
// around the form's unit (their centres as dots, their outlines where
// boundaries are imported), drawn as SVG from /ban-do/quanh-diem/. A click
// writes the latitude and longitude inputs ("20,95123"); typing moves the
// marker; with the map focused the arrow keys move the point (Shift: further).
// No tile server, no inline script or style.
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";
  var WIDTH = 480, HEIGHT = 300, PAD = 14;

  function read(input) {
    var text = (input.value || "").replace(/\s|°/g, "").replace(",", ".");
    if (!text) return null;
    var value = Number(text);
    return isFinite(value) ? value : null;
  }

  function write(input, value) {
    input.value = value.toFixed(5).replace(".", ",");
    input.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function node(name, attrs, parent) {
    var element = document.createElementNS(SVG, name);
    Object.keys(attrs).forEach(function (key) { element.setAttribute(key, attrs[key]); });
    if (parent) parent.appendChild(element);
    return element;
  }

  function rings(geometry) {
    if (!geometry) return [];
    if (geometry.type === "Polygon") return geometry.coordinates;
    if (geometry.type === "MultiPolygon") {
      return geometry.coordinates.reduce(function (all, polygon) { return all.concat(polygon); }, []);
    }
    return [];
  }

  function Picker(holder) {
    this.holder = holder;
    this.lat = document.getElementById(holder.dataset.lat);
    this.lon = document.getElementById(holder.dataset.lon);
    this.unitInput =
      document.getElementById(holder.dataset.unitInput + "_value") ||
      document.getElementById(holder.dataset.unitInput);
    this.status = document.createElement("p");
    this.status.className = "point-picker-status";
    this.status.id = holder.dataset.lon + "_picker_status";
    this.status.setAttribute("aria-live", "polite");
    holder.appendChild(this.status);
    var self = this;
    [this.lat, this.lon].forEach(function (input) {
      if (input) input.addEventListener("input", function () { self.place(); });
    });
    if (this.unitInput) this.unitInput.addEventListener("change", function () { self.load(); });
    this.load();
  }

  Picker.prototype.unit = function () {
    return (this.unitInput && this.unitInput.value) || this.holder.dataset.unit || "";
  };

  Picker.prototype.load = function () {
    var self = this;
    var url = this.holder.dataset.url + "?unit=" + encodeURIComponent(this.unit());
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (answer) { return answer.ok ? answer.json() : { places: [], outlines: [] }; })
      .then(function (data) { self.draw(data); })
      .catch(function () { self.draw({ places: [], outlines: [] }); });
  };

  Picker.prototype.draw = function (data) {
    var self = this;
    if (this.svg) this.svg.remove();
    this.svg = null;
    var lats = [], lons = [];
    data.places.forEach(function (p) { lats.push(p.lat); lons.push(p.lon); });
    data.outlines.forEach(function (g) {
      rings(g).forEach(function (ring) {
        ring.forEach(function (xy) { lons.push(xy[0]); lats.push(xy[1]); });
      });
    });
    var lat = read(this.lat), lon = read(this.lon);
    if (lat !== null && lon !== null) { lats.push(lat); lons.push(lon); }
    if (!lats.length) {
      this.status.textContent = this.holder.dataset.none;
      return;
    }
    var south = Math.min.apply(null, lats) - 0.01, north = Math.max.apply(null, lats) + 0.01;
    var west = Math.min.apply(null, lons) - 0.01, east = Math.max.apply(null, lons) + 0.01;
    var squeeze = Math.cos(((south + north) / 2) * Math.PI / 180);
    var scale = Math.min((WIDTH - 2 * PAD) / ((east - west) * squeeze), (HEIGHT - 2 * PAD) / (north - south));
    this.step = 10 / scale; // ten pixels, in degrees
    this.toXY = function (la, lo) {
      return [PAD + (lo - west) * squeeze * scale, PAD + (north - la) * scale];
    };
    this.toLatLon = function (x, y) {
      return [north - (y - PAD) / scale, west + (x - PAD) / (squeeze * scale)];
    };
    var svg = node("svg", {
      viewBox: "0 0 " + WIDTH + " " + HEIGHT,
      class: "point-picker-map",
      tabindex: "0",
      role: "application",
      "aria-label": this.holder.dataset.label,
      "aria-describedby": this.status.id,
    });
    node("rect", { x: 0, y: 0, width: WIDTH, height: HEIGHT, class: "pp-sea" }, svg);
    data.outlines.forEach(function (g) {
      var d = rings(g).map(function (ring) {
        return "M" + ring.map(function (xy) { return self.toXY(xy[1], xy[0]).join(","); }).join("L") + "Z";
      }).join("");
      node("path", { d: d, class: "pp-outline" }, svg);
    });
    data.places.forEach(function (p) {
      var xy = self.toXY(p.lat, p.lon);
      var dot = node("circle", { cx: xy[0], cy: xy[1], r: p.focus ? 4 : 2.5, class: p.focus ? "pp-place pp-focus" : "pp-place" }, svg);
      node("title", {}, dot).textContent = p.name;
      if (p.focus) {
        var label = node("text", { x: xy[0] + 6, y: xy[1] - 6, class: "pp-label" }, svg);
        label.textContent = p.name;
      }
    });
    this.marker = node("circle", { r: 6, class: "pp-marker", visibility: "hidden" }, svg);
    svg.addEventListener("click", function (event) {
      var box = svg.getBoundingClientRect();
      var x = (event.clientX - box.left) * WIDTH / box.width;
      var y = (event.clientY - box.top) * HEIGHT / box.height;
      var point = self.toLatLon(x, y);
      write(self.lat, point[0]);
      write(self.lon, point[1]);
      self.place();
    });
    svg.addEventListener("keydown", function (event) {
      var moves = { ArrowUp: [1, 0], ArrowDown: [-1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
      var move = moves[event.key];
      if (!move) return;
      event.preventDefault();
      var la = read(self.lat), lo = read(self.lon);
      if (la === null || lo === null) {
        var centre = self.toLatLon(WIDTH / 2, HEIGHT / 2);
        la = centre[0];
        lo = centre[1];
      }
      var step = self.step * (event.shiftKey ? 5 : 1);
      write(self.lat, la + move[0] * step);
      write(self.lon, lo + move[1] * step / squeeze);
      self.place();
    });
    this.holder.insertBefore(svg, this.status);
    this.svg = svg;
    this.status.textContent = this.holder.dataset.hint;
    this.place();
  };

  Picker.prototype.place = function () {
    if (!this.marker) return;
    var lat = read(this.lat), lon = read(this.lon);
    if (lat === null || lon === null) {
      this.marker.setAttribute("visibility", "hidden");
      return;
    }
    var xy = this.toXY(lat, lon);
    this.marker.setAttribute("cx", xy[0]);
    this.marker.setAttribute("cy", xy[1]);
    this.marker.setAttribute("visibility", "visible");
  };

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".point-picker").forEach(function (holder) {
      if (!holder.dataset.ready) {
        holder.dataset.ready = "1";
        new Picker(holder);
      }
    });
  });
})();
