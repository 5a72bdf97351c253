// Front end of helpers.widgets.plot.PlotView: draws the figure in its `figure`
// trait with plotly.js and, when the figure changes, redraws it in place with
// Plotly.react (one draw, the same element), instead of replacing the output.
//
// plotly.js itself is not in this module: it comes once per kernel from the
// PlotlyLibrary widget that `library` points to, and is loaded once per page
// as a classic <script>, as plotly.min.js is meant to be loaded.
//
// The plot always fills its container's width: the figure is drawn with
// autosize (any fixed width dropped), and a ResizeObserver on the plot element
// resizes it whenever the container's width changes. A figure that arrives
// while the plot is hidden (another tab in front, a collapsed output, a cell
// out of view) has no width to measure; plotly would fall back to 700 px and
// place the title, subtitle and legend for that width. It is drawn instead as
// soon as the element has a width again.

const REF = "IPY_MODEL_";

function loadPlotly(model) {
  const loaded = (globalThis.__helpersPlotly ??= new Map());
  const ref = model.get("library");
  const version = model.get("plotly_version");
  if (!loaded.has(version)) {
    const loading = (async () => {
      const library = await model.widget_manager.get_model(ref.slice(REF.length));
      const url = URL.createObjectURL(
        new Blob([library.get("source")], { type: "text/javascript" }),
      );
      try {
        await new Promise((resolve, reject) => {
          const script = document.createElement("script");
          script.src = url;
          script.onload = resolve;
          script.onerror = () => reject(new Error(`plotly.js ${version} did not load`));
          document.head.appendChild(script);
        });
      } finally {
        URL.revokeObjectURL(url);
      }
      return window.Plotly;
    })();
    loading.catch(() => loaded.delete(version));
    loaded.set(version, loading);
  }
  return loaded.get(version);
}

function render({ model, el }) {
  const node = document.createElement("div");
  node.className = "helpers-plot";
  node.style.width = "100%";
  el.appendChild(node);
  let drawing = null; // the draw under way, if any
  let stale = false; // the figure changed while drawing
  let waiting = false; // a figure waits for the element to have a width
  let drawnWidth = 0; // the width plotly laid the figure out for (0: none drawn)
  let resizing = false;

  const width = () => node.clientWidth; // 0 while hidden or detached
  const laidOut = () => node._fullLayout?.width ?? width();

  function spec(figure) {
    const layout = { ...(figure.layout ?? {}), autosize: true };
    delete layout.width; // the container decides
    // Our ResizeObserver follows the container; plotly's own window listener is not needed.
    const config = { ...(figure.config ?? {}), responsive: false };
    return [figure.data, layout, config];
  }

  async function drawLatest() {
    const Plotly = await loadPlotly(model);
    do {
      stale = false;
      const figure = model.get("figure");
      if (!figure || !figure.data) {
        waiting = false;
        drawnWidth = 0;
        Plotly.purge(node);
        node.replaceChildren();
        node.style.display = "none";
      } else {
        node.style.display = "";
        if (width() === 0) {
          waiting = true; // the ResizeObserver draws it once the element has a width
          return;
        }
        waiting = false;
        await Plotly.react(node, ...spec(figure));
        drawnWidth = laidOut();
      }
      node.dataset.revision = String(model.get("revision"));
    } while (stale);
  }

  function draw() {
    if (drawing) {
      stale = true; // drawLatest reads the newest figure when the current draw ends
      return;
    }
    drawing = drawLatest()
      .catch((error) => {
        console.error("[helpers.PlotView]", error);
        node.textContent = `The figure could not be drawn: ${error.message}`;
      })
      .finally(() => {
        drawing = null;
        fit(); // the container may have changed while drawing
      });
  }

  // Follow the container: draw a waiting figure, or resize a drawn one to the new width.
  function fit() {
    const now = width();
    if (now === 0 || drawing || resizing) return;
    if (waiting) {
      draw();
    } else if (drawnWidth && Math.abs(now - drawnWidth) >= 1 && window.Plotly) {
      resizing = true;
      window.Plotly.Plots.resize(node)
        .then(() => {
          drawnWidth = laidOut();
        })
        .catch((error) => console.error("[helpers.PlotView] resize", error))
        .finally(() => {
          resizing = false;
          if (width() !== now) fit(); // it changed again meanwhile
        });
    }
  }

  let frame = 0;
  const observer = new ResizeObserver(() => {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(fit); // once per frame, however many changes
  });
  observer.observe(node);

  model.on("change:revision", draw);
  draw();
  return () => {
    observer.disconnect();
    cancelAnimationFrame(frame);
    model.off("change:revision", draw);
    if (window.Plotly) window.Plotly.purge(node);
  };
}

export default { render };
