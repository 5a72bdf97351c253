/*
 * "Check yourself" exercises of the static site, without Python.
 *
 * Each exercise on a page is a <section class="site-exercise"> written by
 * tools/site_exercises.py: a form (an input box or a group of radio buttons,
 * Check, Show answer, a feedback line) and a <script type="application/json">
 * holding what helpers.exercises.exercise_data exported when the notebook ran:
 * the answer, its tolerance, the hint, and every feedback text.
 *
 * The rules for reading a typed number repeat helpers/exercises.py
 * (parse_number, check, reveal) line for line; the texts are never typed here,
 * they come from the exported data. tests/exercise_cases.json is run through
 * both (tests/test_exercise_cases.py and tests/browser/test_site_exercises.py).
 *
 * Known limits, none reachable from the form: Python's str.casefold is
 * approximated by toLowerCase when a *typed* choice is compared, and
 * "printable" follows the browser's Unicode tables, which may be newer
 * than Python's.
 */
(function () {
  "use strict";

  // Python's str.isspace() characters (also what Python's re \s matches).
  var SPACE = "[\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a" +
    "\\u2028\\u2029\\u202f\\u205f\\u3000]";
  var NUMBER = "[+-]?(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?";
  var NUMBER_RE = new RegExp("^(" + NUMBER + ")" + SPACE + "*(%?)$");
  var FRACTION_RE = new RegExp("^(" + NUMBER + ")" + SPACE + "*/" + SPACE + "*(" + NUMBER + ")$");
  var EDGES_RE = new RegExp("^" + SPACE + "+|" + SPACE + "+$", "g");
  var RUNS_RE = new RegExp(SPACE + "+", "g");
  // Characters Python's repr() escapes (str.isprintable() is false), except the space.
  var UNPRINTABLE_RE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

  /** Python's str.strip() with no argument. */
  function pyStrip(text) {
    return text.replace(EDGES_RE, "");
  }

  /** Python's repr() of a string. */
  function pyRepr(text) {
    var quote = text.indexOf("'") >= 0 && text.indexOf('"') < 0 ? '"' : "'";
    var out = quote;
    for (var ch of text) {
      var code = ch.codePointAt(0);
      if (ch === quote || ch === "\\") {
        out += "\\" + ch;
      } else if (ch === "\t") {
        out += "\\t";
      } else if (ch === "\n") {
        out += "\\n";
      } else if (ch === "\r") {
        out += "\\r";
      } else if (ch !== " " && UNPRINTABLE_RE.test(ch)) {
        var hex = code.toString(16);
        var width = code < 0x100 ? 2 : code < 0x10000 ? 4 : 8;
        out += (width === 2 ? "\\x" : width === 4 ? "\\u" : "\\U") +
          "0".repeat(width - hex.length) + hex;
      } else {
        out += ch;
      }
    }
    return out + quote;
  }

  /** Python's format(value, "g"): six significant digits, round half to even. */
  function pyFormatG(value) {
    if (value === 0) {
      return Object.is(value, -0) ? "-0" : "0";
    }
    var sign = value < 0 ? "-" : "";
    // 100 significant digits: exact enough to see a true tie at the 7th digit.
    var parts = Math.abs(value).toExponential(99).split("e");
    var digits = parts[0].replace(".", "");
    var exponent = parseInt(parts[1], 10);
    var head = parseInt(digits.slice(0, 6), 10);
    var next = digits.charAt(6);
    var tail = digits.slice(7);
    if (next > "5" || (next === "5" && (/[1-9]/.test(tail) || head % 2 === 1))) {
      head += 1;
      if (head === 1000000) {
        head = 100000;
        exponent += 1;
      }
    }
    var six = String(head);
    var text;
    if (exponent >= -4 && exponent < 6) {
      if (exponent >= 0) {
        text = six.slice(0, exponent + 1) + "." + six.slice(exponent + 1);
      } else {
        text = "0." + "0".repeat(-exponent - 1) + six;
      }
      text = text.replace(/0+$/, "").replace(/\.$/, "");
    } else {
      var mantissa = (six.charAt(0) + "." + six.slice(1)).replace(/0+$/, "").replace(/\.$/, "");
      var power = String(Math.abs(exponent));
      text = mantissa + "e" + (exponent < 0 ? "-" : "+") + (power.length < 2 ? "0" : "") + power;
    }
    return sign + text;
  }

  /** Fill "{name}" placeholders of an exported text. */
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : whole;
    });
  }

  function feedback(correct, message, counted) {
    return { correct: correct, message: message, counted: counted };
  }

  /**
   * Read a number typed by a person (helpers.exercises.parse_number).
   * Returns {value, form} or {error} with the reader's message.
   */
  function parseNumber(text, texts) {
    var cleaned = pyStrip(text).replace(/\u2212/g, "-");
    if (!cleaned) {
      return { error: texts.empty };
    }
    if (cleaned.indexOf(",") >= 0) {
      return { error: texts.comma };
    }
    var value;
    var form;
    var match = NUMBER_RE.exec(cleaned);
    if (match) {
      value = Number(match[1]);
      form = match[2] ? "percent" : "plain";
    } else {
      match = FRACTION_RE.exec(cleaned);
      if (!match) {
        return { error: fill(texts.not_a_number, { text: pyRepr(pyStrip(text)) }) };
      }
      var denominator = Number(match[2]);
      if (denominator === 0) {
        return { error: texts.zero_denominator };
      }
      value = Number(match[1]) / denominator;
      form = "fraction";
    }
    if (!isFinite(value)) {
      return { error: texts.not_finite };
    }
    return { value: value, form: form };
  }

  function isClose(value, exercise) {
    var answer = exercise.answer;
    var slack = exercise.float_slack * Math.max(1, Math.abs(answer));
    if (Math.abs(value - answer) <= exercise.tolerance + slack) {
      return true;
    }
    return Math.abs(value - exercise.answer_shown) <= slack;
  }

  function wrong(exercise, note) {
    var texts = exercise.texts;
    var parts = [texts.not_quite];
    if (note) {
      parts.push(note);
    }
    parts.push(exercise.hint ? fill(texts.hint, { hint: exercise.hint }) : texts.no_hint);
    return feedback(false, parts.join(" "), true);
  }

  function checkNumber(exercise, response) {
    var texts = exercise.texts;
    var read = parseNumber(String(response), texts);
    if (read.error !== undefined) {
      return feedback(false, read.error, false);
    }
    var value = read.value;
    if (!exercise.percent && read.form === "percent") {
      return feedback(false, texts.percent_refused, false);
    }
    if (exercise.percent && read.form === "fraction") {
      value *= 100; // a fraction is a proportion: 26/33 -> 78.79 %
    }
    if (isClose(value, exercise)) {
      return feedback(true, exercise.right, true);
    }
    if (exercise.percent && read.form === "plain" && isClose(value * 100, exercise)) {
      return wrong(exercise, fill(texts.proportion, { value: pyFormatG(value) }));
    }
    return wrong(exercise, "");
  }

  function fold(text) {
    return pyStrip(text).split(RUNS_RE).join(" ").toLowerCase();
  }

  function checkChoice(exercise, response) {
    var texts = exercise.texts;
    if (response === null || response === undefined || !pyStrip(String(response))) {
      return feedback(false, texts.pick_first, false);
    }
    var folded = fold(String(response));
    var known = exercise.choices.some(function (choice) {
      return fold(choice) === folded;
    });
    if (!known) {
      return feedback(false, fill(texts.not_an_option, { response: pyRepr(String(response)) }), false);
    }
    if (folded === fold(exercise.answer)) {
      return feedback(true, exercise.right, true);
    }
    return wrong(exercise, "");
  }

  /** Judge a response (helpers.exercises.check): {correct, message, counted}. */
  function check(exercise, response) {
    return exercise.kind === "number"
      ? checkNumber(exercise, response)
      : checkChoice(exercise, response);
  }

  /** The answer once the reader has tried (helpers.exercises.reveal). */
  function reveal(exercise, attempts) {
    return attempts < 1 ? exercise.texts.too_early : exercise.reveal;
  }

  var SYMBOLS = { right: "\u2714 ", wrong: "\u2718 ", info: "" };

  /** Wire one <section class="site-exercise">: the live widget's behaviour. */
  function setUp(section) {
    var exercise;
    try {
      exercise = JSON.parse(section.querySelector("script.site-exercise-data").textContent);
    } catch (error) {
      section.querySelector(".site-exercise-feedback").textContent =
        "This exercise could not be loaded: " + error.message;
      return;
    }
    var form = section.querySelector("form");
    var revealButton = section.querySelector(".site-exercise-reveal");
    var line = section.querySelector(".site-exercise-feedback");
    var attempts = 0;

    function show(kind, message) {
      line.className = "site-exercise-feedback site-exercise-" + kind;
      line.textContent = "";
      var symbol = document.createElement("span");
      symbol.className = "site-exercise-symbol";
      symbol.setAttribute("aria-hidden", "true");
      symbol.textContent = SYMBOLS[kind];
      var text = document.createElement("span");
      text.className = "site-exercise-message";
      text.textContent = message;
      line.appendChild(symbol);
      line.appendChild(text);
    }

    function response() {
      if (exercise.kind === "number") {
        return form.querySelector("input[type=text]").value;
      }
      var picked = form.querySelector("input[type=radio]:checked");
      return picked ? picked.value : null;
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var verdict = check(exercise, response());
      var kind = "info";
      if (verdict.counted) {
        attempts += 1;
        revealButton.disabled = false;
        revealButton.removeAttribute("aria-describedby");
        revealButton.removeAttribute("title");
        kind = verdict.correct ? "right" : "wrong";
      }
      show(kind, verdict.message);
    });
    revealButton.addEventListener("click", function () {
      show("info", reveal(exercise, attempts));
    });
    section.setAttribute("data-ready", "true");
  }

  function setUpAll() {
    var sections = document.querySelectorAll("section.site-exercise");
    for (var i = 0; i < sections.length; i += 1) {
      setUp(sections[i]);
    }
  }

  window.siteExercises = {
    check: check,
    parseNumber: parseNumber,
    pyFormatG: pyFormatG,
    pyRepr: pyRepr,
    reveal: reveal
  };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpAll);
  } else {
    setUpAll();
  }
})();
