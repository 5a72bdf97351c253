// Front end of helpers.widgets.plot.PlotView: draws the figure in its `figure`
// trait with plotly.js and, when the figure changes, redraws it in place with
// Plotly.react (one draw, the same element), instead of replacing the output.
//
// plotly.js itself is not in this module: it comes once per kernel from the
// PlotlyLibrary widget that `library` points to, and is loaded once per page
// as a classic <script>, as plotly.min.js is meant to be loaded.

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
  el.appendChild(node);
  let drawing = null; // the draw under way, if any
  let stale = false; // the figure changed while drawing

  async function drawLatest() {
    const Plotly = await loadPlotly(model);
    do {
      stale = false;
      const figure = model.get("figure");
      if (!figure || !figure.data) {
        Plotly.purge(node);
        node.replaceChildren();
        node.style.display = "none";
      } else {
        node.style.display = "";
        const config = { responsive: true, ...(figure.config ?? {}) };
        await Plotly.react(node, figure.data, figure.layout ?? {}, config);
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
      });
  }

  model.on("change:revision", draw);
  draw();
  return () => {
    model.off("change:revision", draw);
    if (window.Plotly) window.Plotly.purge(node);
  };
}

export default { render };
