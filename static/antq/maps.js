// Draws a map's Vega-Lite spec with the bundle antq serves itself; a click
// (or Enter on the table's links) on a unit opens that unit's map.
(function () {
  "use strict";
  var locale = { decimal: ",", thousands: ".", grouping: [3], currency: ["", " ₫"] };
  document.addEventListener("DOMContentLoaded", function () {
    var measure = document.getElementById("map-measure");
    if (measure) {
      // a new measure reads its own default period
      measure.addEventListener("change", function () {
        var period = document.getElementById("map-period");
        if (period) period.value = "";
        measure.form.submit();
      });
    }
    if (typeof window.vegaEmbed !== "function") return;
    document.querySelectorAll("[data-map]").forEach(function (element) {
      var spec = JSON.parse(document.getElementById(element.dataset.map).textContent);
      window.vegaEmbed(element, spec, { actions: false, defaultStyle: false, formatLocale: locale, renderer: "svg" })
        .then(function (result) {
          var link = spec.usermeta && spec.usermeta.link;
          if (link) {
            result.view.addEventListener("click", function (event, item) {
              var props = item && item.datum && item.datum.properties;
              if (props && props.code) window.location.assign(link.replace("{code}", encodeURIComponent(props.code)));
            });
          }
          element.dataset.drawn = "1";
        });
    });
  });
})();
