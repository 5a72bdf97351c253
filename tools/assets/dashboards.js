/*
 * Static dashboards of the site, without Python.
 *
 * Each dashboard on a page is a <section class="site-dashboard"> written by
 * tools/site_dashboards.py: its controls (<select>, radio groups, range
 * inputs, each with a label), places for the count line, the numbers and the
 * figure, and a <script src="data/NN-name.js"> that registers every state of
 * the dashboard in window.SITE_DASHBOARDS. Those states were computed at build
 * time by the notebooks' own Python functions; this script computes nothing.
 * It reads which value each control shows, looks the combination's state up
 * and draws it: the texts into the page, the figure with Plotly.react into
 * one plot element (redrawn in place, and only when the state's figure is not
 * the one shown). See tools/site_states/_data.py for the data format.
 */
(function () {
  "use strict";

  var FORMAT = 1;
  var registry = (window.SITE_DASHBOARDS = window.SITE_DASHBOARDS || {});

  /** A fresh copy of a stored value: plotly writes into the objects it is given. */
  function copy(value) {
    return value !== null && typeof value === "object" ? structuredClone(value) : value;
  }

  /** A trace or a layout: each attribute's value from the shared leaves. */
  function inflate(data, number) {
    var stored = data.objects[number];
    var out = {};
    for (var key in stored) out[key] = copy(data.leaves[stored[key]]);
    return out;
  }

  /** The figure number `number` of the data: {layout, data}, a fresh copy. */
  function figureOf(data, number) {
    var f = data.figures[number];
    return { layout: inflate(data, f[0]), data: f[1].map(function (t) { return inflate(data, t); }) };
  }

  /**
   * State number `number`: {count, html, figure, figureNumber} (figure null and
   * figureNumber -1 for a message only). With `skipFigure`, figure stays null:
   * the caller already shows figure `figureNumber`.
   */
  function state(data, number, skipFigure) {
    var s = data.states[number];
    var figure = s[2] >= 0 && !skipFigure ? figureOf(data, s[2]) : null;
    return { count: data.leaves[s[0]], html: data.leaves[s[1]], figure: figure, figureNumber: s[2] };
  }

  /** Index of the value a control shows (its position in the control's values). */
  function valueIndex(control) {
    var select = control.querySelector("select");
    if (select) return select.selectedIndex;
    var range = control.querySelector("input[type=range]");
    if (range) {
      return Math.round((Number(range.value) - Number(range.min)) / Number(range.step));
    }
    var radios = control.querySelectorAll("input[type=radio]");
    for (var i = 0; i < radios.length; i++) if (radios[i].checked) return i;
    return 0;
  }

  /** The combination number of the controls' values (mixed radix, first control first). */
  function combination(root, data) {
    var controls = root.querySelectorAll("[data-control]");
    var number = 0;
    for (var i = 0; i < controls.length; i++) {
      number = number * data.radix[i] + valueIndex(controls[i]);
    }
    return number;
  }

  /** Plain text of the figure's title (without the subtitle's markup). */
  function titleText(layout) {
    var title = layout.title && (layout.title.text || layout.title);
    if (typeof title !== "string") return "";
    var node = document.createElement("div");
    node.innerHTML = title.replace(/<br\s*\/?>/gi, ". ");
    return node.textContent.trim();
  }

  function setText(root, selector, html) {
    var node = root.querySelector(selector);
    if (node) node.innerHTML = html;
  }

  function fail(root, text) {
    var status = root.querySelector(".site-dashboard-status");
    status.textContent = text;
    status.hidden = false;
    root.dataset.state = "failed";
  }

  function Dashboard(root) {
    this.root = root;
    this.key = root.dataset.dashboard;
    this.data = registry[this.key];
    this.plot = root.querySelector(".site-dashboard-plot");
    this.drawing = false;
    this.stale = false;
    this.current = -1;
    this.figure = -1; // number of the figure drawn in the plot (-1: none)
  }

  /** Draw the state of the controls' current values; resolves when drawn. */
  Dashboard.prototype.draw = function () {
    var self = this;
    if (this.drawing) {
      this.stale = true; // drawn as soon as the current draw ends
      return this.drawing;
    }
    var root = this.root;
    var number = combination(root, this.data);
    if (number === this.current) return Promise.resolve(); // "input" and "change" both fire
    this.current = number;
    var stateNumber = this.data.index[number];
    // Many states share a figure (e.g. filters that keep the same claims): when the
    // plot already shows it, only the texts change and plotly has nothing to redraw.
    var same = this.figure >= 0 && this.data.states[stateNumber][2] === this.figure;
    var shown = state(this.data, stateNumber, same);
    root.querySelectorAll("input[type=range]").forEach(function (range) {
      var output = range.parentNode.querySelector("output");
      if (output) output.textContent = Number(range.value).toFixed(Number(range.dataset.digits));
    });
    setText(root, ".site-dashboard-count", shown.count);
    setText(root, ".site-dashboard-html", shown.html);
    root.dataset.combination = String(number);
    var done;
    var figure = root.querySelector(".site-dashboard-figure");
    if (!this.plot || same) {
      done = Promise.resolve();
    } else if (!shown.figure) {
      window.Plotly.purge(this.plot);
      figure.hidden = true;
      this.figure = -1;
      done = Promise.resolve();
    } else {
      this.figure = shown.figureNumber;
      figure.hidden = false;
      // The figure's own height, given to its element in advance: with CSS
      // containment (dashboards.css) the browser then lays out and paints the
      // plot without laying out the rest of the page again. Same size as
      // plotly would give it; a figure without a height is left to plotly.
      var height = shown.figure.layout.height;
      var sized = typeof height === "number";
      this.plot.style.height = sized ? height + "px" : "";
      this.plot.classList.toggle("site-dashboard-plot-sized", sized);
      var caption = titleText(shown.figure.layout);
      figure.querySelector("figcaption").textContent =
        (caption ? caption + ". " : "") + root.dataset.figureText;
      done = window.Plotly.react(this.plot, shown.figure.data, shown.figure.layout, {
        responsive: true,
        displaylogo: false,
      });
    }
    this.drawing = done.then(function () {
      self.drawing = false;
      if (!root.dataset.firstDrawnMs) root.dataset.firstDrawnMs = performance.now().toFixed(1);
      root.dataset.drawn = String(number);
      if (self.stale) {
        self.stale = false;
        return self.draw();
      }
    });
    return this.drawing;
  };

  function init(root) {
    if (root.dataset.state) return; // already set up
    var data = registry[root.dataset.dashboard];
    var status = root.querySelector(".site-dashboard-status");
    if (!data) return fail(root, status.dataset.missing);
    var controls = root.querySelectorAll("[data-control]");
    if (data.format !== FORMAT || data.radix.length !== controls.length) {
      return fail(root, "This dashboard's data does not match its controls: rebuild the site (make site).");
    }
    if (root.querySelector(".site-dashboard-plot") && !window.Plotly) {
      return fail(root, "plotly.min.js did not load, so this dashboard cannot draw its figure.");
    }
    var dashboard = new Dashboard(root);
    root.siteDashboard = dashboard;
    root.dataset.state = "ready";
    status.hidden = true;
    var redraw = function () {
      dashboard.draw();
    };
    root.querySelector("form").addEventListener("change", redraw);
    root.querySelector("form").addEventListener("input", redraw);
    root.querySelector("form").addEventListener("submit", function (event) {
      event.preventDefault();
    });
    dashboard.draw();
  }

  function initAll() {
    document.querySelectorAll(".site-dashboard[data-dashboard]").forEach(function (root) {
      try {
        init(root);
      } catch (error) {
        fail(root, "This dashboard could not be drawn: " + error.message);
        throw error;
      }
    });
  }

  window.SiteDashboards = { state: state, figure: figureOf, combination: combination, initAll: initAll };
  // Deferred like the data scripts after it, this script runs before them:
  // set the dashboards up once every deferred script has run.
  if (document.readyState === "complete") {
    initAll();
  } else {
    document.addEventListener("DOMContentLoaded", initAll);
  }
})();
