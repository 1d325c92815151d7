// Draws the Vega-Lite specs of a page with the bundle served by antq itself.
(function () {
  "use strict";
  var locale = { decimal: ",", thousands: ".", grouping: [3], currency: ["", " ₫"] };
  document.addEventListener("DOMContentLoaded", function () {
    if (typeof window.vegaEmbed !== "function") return;
    document.querySelectorAll("[data-chart]").forEach(function (element) {
      var spec = JSON.parse(document.getElementById(element.dataset.chart).textContent);
      window.vegaEmbed(element, spec, { actions: false, defaultStyle: false, formatLocale: locale, renderer: "svg" })
        .then(function () { element.dataset.drawn = "1"; });
    });
  });
})();
