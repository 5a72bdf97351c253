/*
 * "Check a paper yourself" in the static site, without Python.
 *
 * The form is a <section class="site-consistency"> written by
 * tools/site_consistency.py, with a <script type="application/json"> holding
 * what Python exported when the site was built: every sentence as a template
 * (helpers.consistency.TEXTS), the patterns check_text reads with, the
 * examples shown for text that cannot be read, and the reasons.
 *
 * The reading and the checks repeat helpers/consistency line for line:
 *   text.py         checkText
 *   _numbers.py     parseReported, roundingInterval, integersIn, roundFraction
 *   _results.py     decimalText, sqrtText, otherConventions, verdict
 *   _sums.py        attainable (without a scale: pasted text gives none)
 *   means.py        grim, grimmer (one item per person, no scale)
 *   proportions.py  percentPossible, debit
 *   pvalues.py      pFromStatistic, with the normal, t, F and chi-squared
 *                   tails from the incomplete beta and gamma functions
 * Exact fractions are BigInt pairs, as Python's fractions.Fraction; p-values
 * are floating point, as scipy's. tests/consistency_cases.json is run
 * through both (tests/test_consistency_cases.py and
 * tests/browser/test_site_consistency.py).
 *
 * Known limits, none reachable with ordinary text: digits other than 0-9
 * (Python's \d also reads Arabic-Indic digits), and degrees of freedom
 * beyond 2^53.
 */
(function () {
  "use strict";

  var DATA = null; // the exported templates and patterns, read from the first form
  var CONVENTIONS = [];
  var NEAREST = [];

  // ------------------------------------------------------------------ texts

  /** Python's str.format for plain {name} fields. */
  function fill(key, values) {
    return DATA.texts[key].replace(/\{(\w+)\}/g, function (_, name) {
      return String(values[name]);
    });
  }

  /** ["a", "b", "c"] -> "a, b or c" (_texts.either). */
  function either(words, joiner) {
    if (words.length <= 1) return words.join("");
    return words.slice(0, -1).join(", ") + " " + DATA.texts[joiner || "or"] + " " +
      words[words.length - 1];
  }

  function plural(count, noun) {
    return fill(count === 1 ? "singular" : "plural", { count: count, noun: noun });
  }

  /** Python's repr() of a string (the characters a printed result holds). */
  function pyRepr(text) {
    var quote = text.indexOf("'") >= 0 && text.indexOf('"') < 0 ? '"' : "'";
    var out = quote;
    for (var ch of text) {
      if (ch === quote || ch === "\\") out += "\\" + ch;
      else if (ch === "\n") out += "\\n";
      else if (ch === "\t") out += "\\t";
      else out += ch;
    }
    return out + quote;
  }

  /** Python's repr() of an int or a float read from text (degrees of freedom). */
  function pyNumber(x) {
    if (x === null) return "None";
    if (Array.isArray(x)) return "(" + x.map(pyNumber).join(", ") + ")";
    return String(x);
  }

  /** Python's format(x, "g"). */
  function pyG(x) {
    if (x === 0) return "0";
    var digits = Number(x.toPrecision(6));
    var exponent = Math.floor(Math.log10(Math.abs(digits)));
    if (exponent < -4 || exponent >= 6) {
      var mantissa = (digits / Math.pow(10, exponent)).toPrecision(6).replace(/\.?0+$/, "");
      return mantissa + "e" + (exponent < 0 ? "-" : "+") + String(Math.abs(exponent)).padStart(2, "0");
    }
    return String(digits);
  }

  function InputError(message, kind, reason) {
    this.message = message;
    this.kind = kind || "invalid";
    this.reason = reason || message;
  }

  // ------------------------------------------------- exact fractions (BigInt)

  function bigAbs(a) { return a < 0n ? -a : a; }
  function gcd(a, b) {
    a = bigAbs(a); b = bigAbs(b);
    while (b) { var t = a % b; a = b; b = t; }
    return a;
  }
  /** Floor division and its remainder, as Python's divmod. */
  function floorDiv(a, b) {
    var q = a / b;
    if ((a % b !== 0n) && ((a < 0n) !== (b < 0n))) q -= 1n;
    return q;
  }
  function mod(a, b) { return a - b * floorDiv(a, b); }
  function frac(n, d) {
    d = d === undefined ? 1n : d;
    if (d < 0n) { n = -n; d = -d; }
    var g = gcd(n, d) || 1n;
    return { n: n / g, d: d / g };
  }
  function add(a, b) { return frac(a.n * b.d + b.n * a.d, a.d * b.d); }
  function sub(a, b) { return frac(a.n * b.d - b.n * a.d, a.d * b.d); }
  function mul(a, b) { return frac(a.n * b.n, a.d * b.d); }
  function div(a, b) { return frac(a.n * b.d, a.d * b.n); }
  function cmp(a, b) { var x = a.n * b.d - b.n * a.d; return x < 0n ? -1 : x > 0n ? 1 : 0; }
  function fabs(a) { return frac(bigAbs(a.n), a.d); }
  function ffloor(a) { return floorDiv(a.n, a.d); }
  function fceil(a) { return -floorDiv(-a.n, a.d); }
  function toFloat(a) { return Number(a.n) / Number(a.d); }
  function pow10(k) { return 10n ** BigInt(k); }
  var HALF = frac(1n, 2n);
  var ZERO = frac(0n);

  /** Integer square root (math.isqrt). */
  function isqrt(n) {
    if (n < 2n) return n;
    var x = BigInt(Math.floor(Math.sqrt(Number(n))));
    while (x * x > n) x -= 1n;
    while ((x + 1n) * (x + 1n) <= n) x += 1n;
    return x;
  }

  // --------------------------------------------------------- printed numbers

  var NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

  /** A printed number: exact value, decimals and text (_numbers.parse_reported). */
  function parseReported(text, what, nonnegative) {
    var cleaned = text.trim().replace(/[\u2212\u2013\u2012]/g, "-");
    if (!NUMBER.test(cleaned)) {
      throw new InputError("could not read the " + what + " " + pyRepr(text) +
        ': expected a plain decimal number such as "7.60" or ".04" (no units, no thousands ' +
        "separators, no scientific notation)");
    }
    var sign = cleaned.charAt(0) === "-" ? -1n : 1n;
    var digits = cleaned.replace(/^[+-]/, "");
    var parts = digits.split(".");
    var decimals = parts.length > 1 ? parts[1].length : 0;
    var value = frac(sign * BigInt((parts[0] || "0") + (parts[1] || "")), pow10(decimals));
    if (nonnegative && value.n < 0n) {
      throw new InputError("the " + what + " cannot be negative; got " + pyRepr(text));
    }
    return { value: value, decimals: decimals, text: text.trim() };
  }

  function unitOf(reported) { return frac(1n, pow10(reported.decimals)); }

  function checkCount(value, what, minimum) {
    if (value < minimum) {
      throw new InputError("the " + what + " must be at least " + minimum + "; got " + value);
    }
    return value;
  }

  /** Round an exact value by one convention (_numbers.round_fraction). */
  function roundFraction(x, decimals, convention) {
    var scale = pow10(decimals);
    var magnitude = mul(fabs(x), frac(scale));
    var floor = ffloor(magnitude);
    var rest = sub(magnitude, frac(floor));
    var units;
    if (convention === "truncation") units = floor;
    else if (cmp(rest, HALF) !== 0) units = floor + (cmp(rest, HALF) > 0 ? 1n : 0n);
    else if (convention === "half up") units = floor + 1n;
    else if (convention === "half down") units = floor;
    else units = floor + mod(floor, 2n);
    return frac(x.n >= 0n ? units : -units, scale);
  }

  /** Every exact value the convention rounds to the printed number (_numbers.rounding_interval). */
  function roundingInterval(reported, convention, nonnegative) {
    var unit = unitOf(reported);
    var units = div(reported.value, unit).n; // a whole number
    var size = bigAbs(units);
    var lo, hi, loClosed, hiClosed;
    var mag = frac(size);
    if (convention === "truncation") {
      lo = mag; hi = add(mag, frac(1n)); loClosed = true; hiClosed = false;
    } else if (convention === "half up") {
      lo = sub(mag, HALF); hi = add(mag, HALF); loClosed = true; hiClosed = false;
    } else if (convention === "half down") {
      lo = sub(mag, HALF); hi = add(mag, HALF); loClosed = false; hiClosed = true;
    } else {
      var even = size % 2n === 0n;
      lo = sub(mag, HALF); hi = add(mag, HALF); loClosed = even; hiClosed = even;
    }
    if (units === 0n) {
      lo = frac(-hi.n, hi.d); loClosed = hiClosed;
    } else if (units < 0n) {
      var nlo = frac(-hi.n, hi.d), nhi = frac(-lo.n, lo.d);
      var c = loClosed; loClosed = hiClosed; hiClosed = c;
      lo = nlo; hi = nhi;
    }
    if (nonnegative && cmp(lo, ZERO) <= 0) { lo = ZERO; loClosed = true; }
    return { lo: mul(lo, unit), hi: mul(hi, unit), loClosed: loClosed, hiClosed: hiClosed };
  }

  function scaled(interval, factor) {
    return {
      lo: mul(interval.lo, factor), hi: mul(interval.hi, factor),
      loClosed: interval.loClosed, hiClosed: interval.hiClosed
    };
  }

  function contains(interval, x) {
    var above = interval.loClosed ? cmp(x, interval.lo) >= 0 : cmp(x, interval.lo) > 0;
    var below = interval.hiClosed ? cmp(x, interval.hi) <= 0 : cmp(x, interval.hi) < 0;
    return above && below;
  }

  /** The whole numbers inside an interval, as {start, stop} (stop excluded). */
  function integersIn(interval) {
    var first = fceil(interval.lo);
    if (cmp(frac(first), interval.lo) === 0 && !interval.loClosed) first += 1n;
    var last = ffloor(interval.hi);
    if (cmp(frac(last), interval.hi) === 0 && !interval.hiClosed) last -= 1n;
    return { start: first, stop: last + 1n };
  }
  function size(range) { return range.stop > range.start ? range.stop - range.start : 0n; }
  function unionRanges(ranges) {
    var kept = ranges.filter(function (r) { return size(r) > 0n; });
    if (!kept.length) return { start: 0n, stop: 0n };
    var start = kept[0].start, stop = kept[0].stop;
    kept.forEach(function (r) {
      if (r.start < start) start = r.start;
      if (r.stop > stop) stop = r.stop;
    });
    return { start: start, stop: stop };
  }
  function clampRange(range, lo, hi) {
    return {
      start: range.start > lo ? range.start : lo,
      stop: range.stop < hi ? range.stop : hi
    };
  }

  /** An exact value written with `places` decimals, ties away from zero (_results.decimal_text). */
  function decimalText(x, places) {
    var units = mul(roundFraction(x, places, "half up"), frac(pow10(places))).n;
    var sign = units < 0n ? "-" : "";
    var digits = String(bigAbs(units)).padStart(places + 1, "0");
    if (places === 0) return sign + digits;
    return sign + digits.slice(0, -places) + "." + digits.slice(-places);
  }

  function sqrtText(x, places) {
    var extra = pow10(places + 4);
    var root = isqrt(ffloor(mul(x, frac(extra * extra))));
    return decimalText(frac(root, extra), places);
  }

  function otherConventions(fits, subject) {
    if (!fits.length) return "";
    var words = DATA.texts[subject || "subject.fit"];
    if (fits.length === 1 && fits[0] === "truncation") {
      return fill("other.truncation", { subject: words });
    }
    return fill("other.rounding", { subject: words, conventions: either(fits) });
  }

  function fitting(map) {
    return CONVENTIONS.filter(function (c) { return map[c]; });
  }

  // -------------------------------------------------------------- GRIM

  function people(n) { return fill("who", { n: n }); }

  function sumsFor(reported, n) {
    var out = {};
    CONVENTIONS.forEach(function (c) {
      out[c] = integersIn(scaled(roundingInterval(reported, c, false), frac(BigInt(n))));
    });
    return out;
  }

  function grim(mean, n) {
    var reported = parseReported(mean, "mean", false);
    checkCount(n, "sample size n", 1);
    var sums = sumsFor(reported, n);
    var fits = CONVENTIONS.filter(function (c) { return size(sums[c]) > 0n; });
    var candidates = unionRanges(NEAREST.map(function (c) { return sums[c]; }));
    var consistent = size(candidates) > 0n;
    var total = BigInt(n);
    var who = people(n);
    var message, text;
    if (consistent) {
      // The total nearest the printed mean (the smaller one on a tie).
      var x = mul(reported.value, frac(total));
      var k = null;
      [ffloor(x), ffloor(x) + 1n].forEach(function (option) {
        var kk = option < candidates.start ? candidates.start :
          option >= candidates.stop ? candidates.stop - 1n : option;
        if (k === null || cmp(fabs(sub(frac(kk), x)), fabs(sub(frac(k), x))) < 0) k = kk;
      });
      message = "grim.possible";
      text = fill(message, {
        mean: reported.text, who: who, k: k, total: total,
        value: decimalText(frac(k, total), reported.decimals + 2)
      });
      if (total >= pow10(reported.decimals)) {
        text += fill("grim.uncatchable", {
          total: total, decimals: plural(reported.decimals, DATA.texts.decimal)
        });
      }
    } else {
      var below = ffloor(mul(reported.value, frac(total)));
      var shown = either([below, below + 1n].map(function (kk) {
        return fill("grim.total", {
          k: kk, total: total, value: decimalText(frac(kk, total), reported.decimals + 2)
        });
      }));
      message = "grim.impossible";
      text = fill(message, {
        mean: reported.text, who: who, total: total, shown: shown || DATA.texts.nothing
      }) + otherConventions(fits);
    }
    return result("GRIM", consistent, fits, text, message);
  }

  // ------------------------------------------------------------ GRIMMER

  function leastSumsq(m, total) {
    var q = floorDiv(total, m), r = mod(total, m);
    return m * q * q + 2n * q * r + r;
  }

  function mostSumsq(m, total, lo, hi) {
    var width = hi - lo;
    if (width === 0n) return m * lo * lo;
    var full = floorDiv(total - m * lo, width), rest = mod(total - m * lo, width);
    if (full >= m) return m * hi * hi;
    return full * hi * hi + (lo + rest) * (lo + rest) + (m - full - 1n) * lo * lo;
  }

  function pairReaches(total, sumsq, lo, hi) {
    var square = 2n * sumsq - total * total;
    if (square < 0n) return false;
    var diff = isqrt(square);
    if (diff * diff !== square || mod(total - diff, 2n) !== 0n) return false;
    return lo <= floorDiv(total - diff, 2n) && floorDiv(total + diff, 2n) <= hi;
  }

  var OUT_OF_BUDGET = {};

  /** Whether n whole numbers have this sum and sum of squares; null if the budget ran out. */
  function attainable(n, total, sumsq, budget) {
    if (mod(sumsq - total, 2n) !== 0n || sumsq < leastSumsq(n, total)) return false;
    var shift = floorDiv(total, n);
    var t0 = total;
    total = total - n * shift;
    sumsq = sumsq - 2n * shift * t0 + n * shift * shift;
    var reach = isqrt(sumsq);
    var lo = -reach, hi = reach;
    if (n >= 5n) return true;
    var memo = new Map();

    function settled(m, top, t, s) {
      if (m === 0n) return t === 0n && s === 0n;
      if (!(m * lo <= t && t <= m * top)) return false;
      if (!(leastSumsq(m, t) <= s && s <= mostSumsq(m, t, lo, top))) return false;
      if (m === 1n) return s === t * t;
      if (m === 2n) return pairReaches(t, s, lo, top);
      return null;
    }

    function search(m, top, t, s) {
      var key = m + "," + top + "," + t + "," + s;
      if (memo.has(key)) return memo.get(key);
      var found = false;
      var first = top < t - (m - 1n) * lo ? top : t - (m - 1n) * lo;
      var last = -floorDiv(-t, m);
      for (var v = first; v >= last && !found; v -= 1n) {
        var most = v === lo ? m : (m < floorDiv(t - m * lo, v - lo) ? m : floorDiv(t - m * lo, v - lo));
        var fewest = 1n > t - m * (v - 1n) ? 1n : t - m * (v - 1n);
        for (var c = most; c >= fewest; c -= 1n) {
          budget.steps -= 1;
          if (budget.steps < 0) throw OUT_OF_BUDGET;
          var rest = [m - c, v - 1n, t - c * v, s - c * v * v];
          var verdict = settled.apply(null, rest);
          if (verdict || (verdict === null && search.apply(null, rest))) { found = true; break; }
        }
      }
      memo.set(key, found);
      return found;
    }

    var firstVerdict = settled(n, hi, total, sumsq);
    if (firstVerdict !== null) return firstVerdict;
    try {
      return search(n, hi, total, sumsq);
    } catch (error) {
      if (error === OUT_OF_BUDGET) return null;
      throw error;
    }
  }

  /** Sums of squares for `total` that the SD interval and parity allow (means._square_sums). */
  function squareSums(n, total, sdRange) {
    var factor = frac(BigInt(n - 1));
    var centre = frac(total * total, BigInt(n));
    var squares = integersIn({
      lo: add(mul(mul(sdRange.lo, sdRange.lo), factor), centre),
      hi: add(mul(mul(sdRange.hi, sdRange.hi), factor), centre),
      loClosed: sdRange.loClosed, hiClosed: sdRange.hiClosed
    });
    var least = leastSumsq(BigInt(n), total);
    var first = squares.start > least ? squares.start : least;
    first += mod(first - total, 2n);
    var stop = squares.stop > first ? squares.stop : first;
    return { start: first, stop: stop, step: 2n };
  }
  function count2(r) { return r.values ? BigInt(r.values.length) : (r.stop - r.start + 1n) / 2n; }
  function nth(r, i) { return r.values ? r.values[Number(i)] : r.start + 2n * i; }

  var MOST_SEARCHED = 1000;

  function grimmer(mean, sd, n) {
    var reported = parseReported(mean, "mean", false);
    var spread = parseReported(sd, "SD", true);
    checkCount(n, "sample size n", 1);
    if (n < 2) throw new InputError("a sample SD needs at least 2 values; got n = 1");
    var sums = sumsFor(reported, n);
    var budget = { steps: 1000000 };
    var decided = new Map();
    var found = {};
    CONVENTIONS.forEach(function (c) {
      found[c] = new Map();
      var sdRange = roundingInterval(spread, c, true);
      for (var k = sums[c].start; k < sums[c].stop; k += 1n) {
        var allowed = squareSums(n, k, sdRange);
        var squares = allowed;
        var needsSearch = n < 5;
        if (needsSearch && decided.size + Number(count2(allowed)) <= MOST_SEARCHED) {
          var kept = [];
          for (var q = allowed.start; q < allowed.stop; q += 2n) {
            var key = k + "," + q;
            if (!decided.has(key)) decided.set(key, attainable(BigInt(n), k, q, budget));
            if (decided.get(key) !== false) kept.push(q);
          }
          if (BigInt(kept.length) !== count2(allowed)) squares = { values: kept };
        } else if (needsSearch) {
          decided.set(k + ",-1", null);
        }
        if (count2(squares) > 0n) found[c].set(k, squares);
      }
    });
    var fits = CONVENTIONS.filter(function (c) { return found[c].size > 0; });
    var merged = new Map();
    NEAREST.forEach(function (c) {
      found[c].forEach(function (squares, k) {
        var key = String(k);
        if (!merged.has(key)) merged.set(key, { k: k, parts: [] });
        merged.get(key).parts.push(squares);
      });
    });
    var candidates = Array.from(merged.values()).sort(function (a, b) {
      return a.k < b.k ? -1 : a.k > b.k ? 1 : 0;
    }).map(function (entry) { return { k: entry.k, squares: mergeSquares(entry.parts) }; });
    var consistent = candidates.length > 0;
    var who = people(n);
    var message, text;
    if (consistent) {
      var pick = candidates[Math.floor(candidates.length / 2)];
      var q2 = nth(pick.squares, count2(pick.squares) / 2n);
      var variance = div(sub(frac(q2), frac(pick.k * pick.k, BigInt(n))), frac(BigInt(n - 1)));
      message = "grimmer.possible";
      text = fill(message, {
        mean: reported.text, sd: spread.text, who: who, k: pick.k, q: q2,
        mean_value: decimalText(frac(pick.k, BigInt(n)), reported.decimals + 2),
        sd_value: sqrtText(variance, spread.decimals + 2)
      });
      if (BigInt(n) >= pow10(reported.decimals)) {
        text += fill("grim.uncatchable", {
          total: n, decimals: plural(reported.decimals, DATA.texts.decimal)
        });
      }
    } else {
      var meanFits = NEAREST.some(function (c) { return size(sums[c]) > 0n; });
      message = meanFits ? "grimmer.impossible.parity" : "grimmer.impossible.mean";
      text = fill(message, {
        mean: reported.text, sd: spread.text, who: who, n: n, lowest: "", highest: ""
      }) + otherConventions(fits);
    }
    var cut = false;
    decided.forEach(function (value) { if (value === null) cut = true; });
    if (cut) text += DATA.texts["grimmer.cut_short"];
    return result("GRIMMER", consistent, fits, text, message);
  }

  function mergeSquares(parts) {
    if (parts.every(function (p) { return !p.values; })) {
      var start = parts[0].start, stop = parts[0].stop;
      parts.forEach(function (p) {
        if (p.start < start) start = p.start;
        if (p.stop > stop) stop = p.stop;
      });
      return { start: start, stop: stop, step: 2n };
    }
    var all = new Set();
    parts.forEach(function (p) {
      if (p.values) p.values.forEach(function (q) { all.add(q); });
      else for (var q = p.start; q < p.stop; q += 2n) all.add(q);
    });
    return { values: Array.from(all).sort(function (a, b) { return a < b ? -1 : a > b ? 1 : 0; }) };
  }

  // ------------------------------------------------------ percentages, DEBIT

  function countsFor(reported, n, per) {
    var out = {};
    CONVENTIONS.forEach(function (c) {
      var ks = integersIn(scaled(roundingInterval(reported, c, false), frac(BigInt(n), per)));
      out[c] = clampRange(ks, 0n, BigInt(n) + 1n);
    });
    return out;
  }

  function percentPossible(percent, n, count) {
    var reported = parseReported(percent, "percentage", true);
    if (cmp(reported.value, frac(100n)) > 0) {
      throw new InputError("a percentage cannot be above 100; got " + reported.text);
    }
    checkCount(n, "sample size n", 1);
    var every = countsFor(reported, n, 100n);
    var ks = every;
    if (count !== null) {
      checkCount(count, "count", 0);
      if (count > n) throw new InputError("the count " + count + " is larger than n = " + n);
      ks = {};
      CONVENTIONS.forEach(function (c) {
        var k = BigInt(count);
        ks[c] = k >= every[c].start && k < every[c].stop ? { start: k, stop: k + 1n } :
          { start: 0n, stop: 0n };
      });
    }
    var fits = CONVENTIONS.filter(function (c) { return size(ks[c]) > 0n; });
    var candidates = unionRanges(NEAREST.map(function (c) { return ks[c]; }));
    var consistent = size(candidates) > 0n;
    var places = reported.decimals + 2;
    var big = BigInt(n);
    function share(k) {
      return fill("percent.share", { k: k, n: n, value: decimalText(frac(100n * k, big), places) });
    }
    var message, text, others = unionRanges(NEAREST.map(function (c) { return every[c]; }));
    if (consistent) {
      message = "percent.possible";
      text = fill(message, { percent: reported.text, n: n, share: share(candidates.start) });
    } else if (count !== null && size(others) > 0n) {
      var words = [];
      for (var k = others.start; k < others.stop; k += 1n) words.push(String(k));
      message = "percent.count";
      text = fill(message, {
        share: share(BigInt(count)), percent: reported.text, n: n, others: either(words)
      });
    } else {
      var below = floorDiv(mul(reported.value, frac(big)).n, mul(reported.value, frac(big)).d * 100n);
      below = below < 0n ? 0n : below > big ? big : below;
      var near = [below, below + 1n].filter(function (kk) { return kk <= big; }).map(function (kk) {
        return fill("percent.near", { k: kk, n: n, value: decimalText(frac(100n * kk, big), places) });
      });
      if (fits.length === 1 && fits[0] === "truncation") {
        message = "percent.truncated";
        text = fill(message, {
          percent: reported.text, n: n, near: either(near, "and"),
          share: share(ks.truncation.start)
        });
      } else {
        message = "percent.impossible";
        text = fill(message, {
          percent: reported.text, n: n, each: decimalText(frac(100n, big), places),
          near: either(near, "and")
        });
      }
    }
    if (!consistent && message !== "percent.truncated") text += otherConventions(fits);
    return result("percentage", consistent, fits, text, message);
  }

  function debit(mean, sd, n) {
    var reported = parseReported(mean, "mean", false);
    if (cmp(reported.value, ZERO) < 0 || cmp(reported.value, frac(1n)) > 0) {
      throw new InputError("the mean of a yes/no variable coded 0 and 1 lies between 0 and 1; " +
        "got " + reported.text);
    }
    var spread = parseReported(sd, "SD", true);
    checkCount(n, "sample size n", 1);
    if (n < 2) throw new InputError("a sample SD needs at least 2 values; got n = 1");
    var big = BigInt(n);
    var ks = countsFor(reported, n, 1n);
    function binarySd(k, population) {
      return frac(k * (big - k), population ? big * big : big * (big - 1n));
    }
    var found = {};
    CONVENTIONS.forEach(function (c) {
      var band = roundingInterval(spread, c, true);
      var squared = {
        lo: mul(band.lo, band.lo), hi: mul(band.hi, band.hi),
        loClosed: band.loClosed, hiClosed: band.hiClosed
      };
      found[c] = [];
      for (var k = ks[c].start; k < ks[c].stop; k += 1n) {
        if (contains(squared, binarySd(k))) found[c].push(k);
      }
    });
    var fits = CONVENTIONS.filter(function (c) { return found[c].length > 0; });
    var all = new Set();
    NEAREST.forEach(function (c) { found[c].forEach(function (k) { all.add(k); }); });
    var candidates = Array.from(all).sort(function (a, b) { return a < b ? -1 : a > b ? 1 : 0; });
    var consistent = candidates.length > 0;
    function described(k, population) {
      return fill("debit.count", {
        k: k, n: n, mean_value: decimalText(frac(k, big), reported.decimals + 1),
        sd_value: sqrtText(binarySd(k, population), spread.decimals + 1)
      });
    }
    var population = null;
    NEAREST.forEach(function (c) {
      var band = roundingInterval(spread, c, true);
      var squared = {
        lo: mul(band.lo, band.lo), hi: mul(band.hi, band.hi),
        loClosed: band.loClosed, hiClosed: band.hiClosed
      };
      for (var k = ks[c].start; k < ks[c].stop; k += 1n) {
        if (contains(squared, binarySd(k, true)) && (population === null || k < population)) {
          population = k;
        }
      }
    });
    var words = { intro: DATA.texts["debit.intro"], mean: reported.text, sd: spread.text, n: n };
    var message, text;
    if (consistent) {
      message = "debit.fits";
      text = fill(message, Object.assign({ counts: described(candidates[0]) }, words));
    } else {
      var nearest = unionRanges(NEAREST.map(function (c) { return ks[c]; }));
      if (size(nearest) > 0n) {
        message = "debit.impossible.sd";
        var ends = nearest.start === nearest.stop - 1n ? [nearest.start] :
          [nearest.start, nearest.stop - 1n];
        text = fill(message, Object.assign({ counts: either(ends.map(described)) }, words));
      } else {
        message = "debit.impossible.mean";
        text = fill(message, words);
      }
      if (population !== null) {
        text += fill("debit.population", { counts: described(population, true) });
      } else {
        text += otherConventions(fits);
      }
    }
    var out = result("DEBIT", consistent, fits, text, message);
    if (!consistent && population !== null) out.alternative = "verdict.population_sd";
    return out;
  }

  // ------------------------------------------------ distributions for p-values

  var LANCZOS = [0.99999999999980993, 676.5203681218851, -1259.1392167224028,
    771.32342877765313, -176.61502916214059, 12.507343278686905,
    -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];

  function logGamma(x) {
    if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
    x -= 1;
    var a = LANCZOS[0], t = x + 7.5;
    for (var i = 1; i < 9; i++) a += LANCZOS[i] / (x + i);
    return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
  }

  /** Regularised upper incomplete gamma Q(a, x). */
  function gammaQ(a, x) {
    if (x <= 0) return 1;
    var front = Math.exp(-x + a * Math.log(x) - logGamma(a));
    if (x < a + 1) { // series for P, then 1 - P
      var term = 1 / a, sum = term;
      for (var n = 1; n < 10000; n++) {
        term *= x / (a + n);
        sum += term;
        if (Math.abs(term) < Math.abs(sum) * 1e-16) break;
      }
      return Math.max(0, 1 - sum * front);
    }
    var b = x + 1 - a, c = 1 / 1e-300, d = 1 / b, h = d; // Lentz's continued fraction
    for (var i = 1; i < 10000; i++) {
      var an = -i * (i - a);
      b += 2;
      d = an * d + b; if (Math.abs(d) < 1e-300) d = 1e-300;
      c = b + an / c; if (Math.abs(c) < 1e-300) c = 1e-300;
      d = 1 / d;
      var delta = d * c;
      h *= delta;
      if (Math.abs(delta - 1) < 1e-16) break;
    }
    return front * h;
  }

  function betaFraction(a, b, x) {
    var qab = a + b, qap = a + 1, qam = a - 1, c = 1, d = 1 - qab * x / qap;
    if (Math.abs(d) < 1e-300) d = 1e-300;
    d = 1 / d;
    var h = d;
    for (var m = 1; m < 10000; m++) {
      var m2 = 2 * m;
      var aa = m * (b - m) * x / ((qam + m2) * (a + m2));
      d = 1 + aa * d; if (Math.abs(d) < 1e-300) d = 1e-300;
      c = 1 + aa / c; if (Math.abs(c) < 1e-300) c = 1e-300;
      d = 1 / d; h *= d * c;
      aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
      d = 1 + aa * d; if (Math.abs(d) < 1e-300) d = 1e-300;
      c = 1 + aa / c; if (Math.abs(c) < 1e-300) c = 1e-300;
      d = 1 / d;
      var delta = d * c;
      h *= delta;
      if (Math.abs(delta - 1) < 1e-16) break;
    }
    return h;
  }

  /** Regularised incomplete beta I_x(a, b). */
  function betaI(a, b, x) {
    if (x <= 0) return 0;
    if (x >= 1) return 1;
    var front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) +
      a * Math.log(x) + b * Math.log(1 - x));
    if (x < (a + 1) / (a + b + 2)) return front * betaFraction(a, b, x) / a;
    return 1 - front * betaFraction(b, a, 1 - x) / b;
  }

  function normalSf(x) { return x >= 0 ? 0.5 * gammaQ(0.5, x * x / 2) : 1 - normalSf(-x); }
  function tSf(x, df) {
    var tail = 0.5 * betaI(df / 2, 0.5, df / (df + x * x));
    return x >= 0 ? tail : 1 - tail;
  }
  function fSf(x, d1, d2) { return x <= 0 ? 1 : betaI(d2 / 2, d1 / 2, d2 / (d2 + d1 * x)); }
  function chi2Sf(x, k) { return x <= 0 ? 1 : gammaQ(k / 2, x / 2); }

  // ------------------------------------------------------------- p-values

  var TESTS = { z: "z", t: "t", f: "F", chi2: "chi2", "chi²": "chi2", "χ2": "chi2",
    "χ²": "chi2", x2: "chi2", r: "r" };
  var LABEL = { z: "Z", t: "t", F: "F", chi2: "chi-squared", r: "r" };

  function positive(value, what) {
    if (!(value > 0)) {
      throw new InputError("the " + what + " must be a positive number; got " + pyNumber(value));
    }
    return value;
  }

  function degrees(name, df) {
    var example = { t: "t(28) = 2.1: df=28", chi2: "chi2(1) = 3.9: df=1", r: "r(31) = .35: df=31" };
    if (name === "z") {
      if (df !== null) throw new InputError("a z test has no degrees of freedom; got df=" + pyNumber(df));
      return [];
    }
    if (name === "F") {
      if (!Array.isArray(df)) {
        throw new InputError("an F test needs its two degrees of freedom as a pair, as in " +
          "F(2, 30) = 3.4: df=(2, 30); got df=" + pyNumber(df));
      }
      return [positive(df[0], "first F degrees of freedom"), positive(df[1], "second F df")];
    }
    if (df === null || Array.isArray(df)) {
      throw new InputError("a " + LABEL[name] + " test needs one number of degrees of freedom, " +
        "as in " + example[name] + "; got df=" + pyNumber(df));
    }
    return [positive(df, "degrees of freedom")];
  }

  function pFunction(name, df, tails) {
    if (name === "z") return function (x) { return Math.min(1, tails * normalSf(x)); };
    if (name === "t") return function (x) { return Math.min(1, tails * tSf(x, df[0])); };
    if (name === "F") return function (x) { return fSf(x, df[0], df[1]); };
    if (name === "chi2") return function (x) { return chi2Sf(x, df[0]); };
    return function (x) {
      if (x >= 1) return 0;
      return Math.min(1, tails * tSf(x * Math.sqrt(df[0] / (1 - x * x)), df[0]));
    };
  }

  var P_TEXT = /^\s*(?:p\s*)?(<=|>=|≤|≥|<|>|=)?\s*(\S+)\s*$/i;

  function parseP(text) {
    var match = P_TEXT.exec(text);
    if (!match) {
      throw new InputError("could not read the p-value " + pyRepr(text) + ': expected text ' +
        'such as "0.095", "= .04", "< 0.001" or "p < .05"');
    }
    var comparator = { "≤": "<=", "≥": ">=" }[match[1]] || match[1] || "=";
    var value = parseReported(match[2], "p-value", true);
    if (cmp(value.value, frac(1n)) > 0) {
      throw new InputError("a p-value cannot be above 1; got " + pyRepr(text));
    }
    return { comparator: comparator, value: value };
  }

  function printedRange(comparator, p, convention) {
    if (comparator === "=") {
      var band = roundingInterval(p, convention, true);
      return [toFloat(band.lo), Math.min(toFloat(band.hi), 1)];
    }
    var value = toFloat(p.value);
    return comparator === "<" || comparator === "<=" ? [0, value] : [value, 1];
  }

  function pText(x) { return x < 0.0001 ? DATA.texts["p.small"] : x.toFixed(4); }

  function compare(name, df, tails, printed, comparator, reportedP, alpha) {
    var pAt = pFunction(name, df, tails);
    var size = { value: fabs(printed.value), decimals: printed.decimals, text: printed.text };
    var ranges = {};
    CONVENTIONS.forEach(function (c) {
      var band = roundingInterval(size, c, true);
      var hi = name === "r" && cmp(band.hi, frac(1n)) > 0 ? frac(1n) : band.hi;
      ranges[c] = [pAt(toFloat(hi)), pAt(toFloat(band.lo))];
    });
    var fits = CONVENTIONS.filter(function (c) {
      var other = printedRange(comparator, reportedP, c);
      return ranges[c][0] <= other[1] && other[0] <= ranges[c][1];
    });
    var consistent = NEAREST.some(function (c) { return fits.indexOf(c) >= 0; });
    var range = [Math.min.apply(null, NEAREST.map(function (c) { return ranges[c][0]; })),
      Math.max.apply(null, NEAREST.map(function (c) { return ranges[c][1]; }))];
    var value = toFloat(reportedP.value);
    var said = { "=": value <= alpha, "<": true, "<=": true, ">": false, ">=": false }[comparator];
    if (((comparator === "<" || comparator === "<=") && value > alpha) ||
        ((comparator === ">" || comparator === ">=") && value < alpha)) said = null;
    var foundSide = range[1] <= alpha ? true : range[0] > alpha ? false : null;
    return {
      sameSide: said !== null && said === foundSide,
      consistent: consistent,
      fits: fits,
      range: range,
      exact: pAt(toFloat(size.value)),
      decisionError: !consistent && said !== null && foundSide !== null && said !== foundSide
    };
  }

  function pFromStatistic(test, statistic, p, df) {
    var name = TESTS[test.trim().toLowerCase()];
    if (!name) {
      throw new InputError("unknown test " + pyRepr(test) + ': expected "z", "t", "F", "chi2" or "r"');
    }
    var dfs = degrees(name, df);
    var tails = 2, alpha = 0.05;
    var printed = parseReported(statistic, LABEL[name] + " statistic", false);
    if ((name === "F" || name === "chi2") && printed.value.n < 0n) {
      throw new InputError((name === "F" ? "an " : "a ") + LABEL[name] +
        " statistic cannot be negative; got " + pyRepr(statistic));
    }
    if (name === "r" && cmp(fabs(printed.value), frac(1n)) > 0) {
      throw new InputError("a correlation r lies between -1 and 1; got " + pyRepr(statistic));
    }
    var parsed = parseP(p);
    var found = compare(name, dfs, tails, printed, parsed.comparator, parsed.value, alpha);
    var shownDf = dfs.map(pyG).join(", ");
    var label = fill("p.label", {
      name: LABEL[name], df: shownDf ? "(" + shownDf + ")" : "", statistic: printed.text
    });
    var oneTail = name !== "F" && name !== "chi2";
    var recomputed = fill("p.recomputed", {
      label: label,
      sided: oneTail ? fill("p.sided", { tails: DATA.texts["tails." + tails] }) : "",
      p: pText(found.exact), lowest: pText(found.range[0]), highest: pText(found.range[1])
    });
    var message = found.consistent ? "p.agrees" : found.decisionError ? "p.decision" :
      found.sameSide ? "p.same_side" : "p.disagrees";
    var text = fill(message, {
      recomputed: recomputed, comparator: parsed.comparator, printed: parsed.value.text,
      side: DATA.texts[found.range[1] <= alpha ? "p.significant" : "p.not_significant"],
      alpha: pyG(alpha)
    });
    var alternative = "";
    if (!found.consistent) {
      text += otherConventions(found.fits, "subject.agree");
      if (oneTail && compare(name, dfs, 1, printed, parsed.comparator, parsed.value, alpha).consistent) {
        text += DATA.texts["p.one_sided"];
        alternative = "verdict.one_sided";
      }
    }
    var out = result("p-value", found.consistent, found.fits, text, message);
    out.decision_error = found.decisionError;
    out.alternative = alternative;
    return out;
  }

  function result(check, consistent, fits, explanation, message) {
    return {
      check: check, consistent: consistent, conventions: fits,
      explanation: explanation, message: message, decision_error: null, alternative: ""
    };
  }

  /** The verdict in words (_results.verdict). */
  function verdict(res) {
    if (res.consistent) return DATA.texts["verdict.possible"];
    if (res.alternative) return DATA.texts[res.alternative];
    if (res.conventions.length === 1 && res.conventions[0] === "truncation") {
      return DATA.texts["verdict.truncation"];
    }
    if (res.conventions.length) return fill("verdict.other", { conventions: either(res.conventions) });
    return DATA.texts["verdict.impossible"];
  }

  // -------------------------------------------------------------- reading

  var PATTERNS = null;

  function compile(pattern) { return new RegExp(pattern.source, pattern.flags); }

  /** A number of degrees of freedom as Python's float() reads it (text._number). */
  function readNumber(text) { return parseFloat(text); }

  function unreadable(text, why) {
    var shown = DATA.examples.map(function (e) { return '"' + e + '"'; }).join("; ");
    var reason = DATA.reasons[why];
    return new InputError("could not read " + pyRepr(text) + ": " + reason +
      ". Text that can be read: " + shown, "unreadable", reason);
  }

  function spacedP(p) { return p.replace(/^(<=|>=|≤|≥|<|>|=)/, "$1 "); }

  /** Read one printed result and run the check that fits it (text.check_text). */
  function checkText(text) {
    if (typeof text !== "string" || !text.trim()) throw unreadable(String(text), "empty");
    var clean = text;
    Object.keys(DATA.replace).forEach(function (from) {
      clean = clean.split(from).join(DATA.replace[from]);
    });
    clean = clean.trim().split(/\s+/).join(" ");
    var match = PATTERNS.statistic.exec(clean);
    if (match) return statistic(match.groups);
    for (var i = 0; i < PATTERNS.percent.length; i++) {
      match = PATTERNS.percent[i].exec(clean);
      if (match) return percentage(match.groups);
    }
    var nMatch = PATTERNS.n.exec(clean);
    var rest = nMatch ? clean.slice(0, nMatch.index) + clean.slice(nMatch.index + nMatch[0].length) :
      clean;
    for (var j = 0; j < PATTERNS.mean_sd.length; j++) {
      match = PATTERNS.mean_sd[j].exec(rest);
      if (match) {
        if (!nMatch) throw unreadable(text, "mean_sd_n");
        var values = { mean: match.groups.mean, sd: match.groups.sd, n: parseInt(nMatch.groups.n, 10) };
        if (PATTERNS.binary.test(rest)) {
          return checked("debit", fill("read.debit", values), debit(values.mean, values.sd, values.n));
        }
        return checked("grimmer", fill("read.grimmer", values),
          grimmer(values.mean, values.sd, values.n));
      }
    }
    match = PATTERNS.mean.exec(rest);
    if (match) {
      if (!nMatch) throw unreadable(text, "mean_n");
      var n = parseInt(nMatch.groups.n, 10);
      return checked("grim", fill("read.grim", { mean: match.groups.mean, n: n }),
        grim(match.groups.mean, n));
    }
    throw unreadable(text, "no_form");
  }

  function checked(check, readAs, res) { return { check: check, read_as: readAs, result: res }; }

  function statistic(groups) {
    var test = groups.test.toLowerCase();
    if (test === "f") test = "F";
    var p = groups.p.replace(/ /g, "");
    var df = null;
    if (groups.df2 !== undefined) df = [readNumber(groups.df1), readNumber(groups.df2)];
    else if (groups.df1 !== undefined) df = readNumber(groups.df1);
    var hasDf = df !== null && !(typeof df === "number" && df === 0);
    var shownDf = hasDf ? "(" + groups.df1 + (groups.df2 ? ", " + groups.df2 : "") + ")" : "";
    var name = { z: "Z", t: "t", F: "F", r: "r" }[test] || "chi2";
    var readAs = fill("read.statistic", {
      test: test === "z" ? "z" : name, name: name, df: shownDf, statistic: groups.stat,
      p: spacedP(p)
    });
    return checked("p_from_statistic", readAs, pFromStatistic(test, groups.stat, p, df));
  }

  function percentage(groups) {
    var count = groups.k !== undefined ? parseInt(groups.k, 10) : null;
    var n = parseInt(groups.n, 10);
    var readAs = count === null ? fill("read.percent", { percent: groups.pct, n: n }) :
      fill("read.percent_count", { count: count, n: n, percent: groups.pct });
    return checked("percent_possible", readAs, percentPossible(groups.pct, n, count));
  }

  /** Load the exported data (the first form's); the checks need it. */
  function setUp(data) {
    DATA = data;
    CONVENTIONS = data.conventions;
    NEAREST = data.nearest;
    PATTERNS = {
      statistic: compile(data.patterns.statistic),
      percent: data.patterns.percent.map(compile),
      n: compile(data.patterns.n),
      mean_sd: data.patterns.mean_sd.map(compile),
      binary: compile(data.patterns.binary),
      mean: compile(data.patterns.mean)
    };
  }

  /** What the form shows (the live widget's consistency_view): verdict line and paragraph. */
  function view(text) {
    try {
      var found = checkText(text);
      var said = verdict(found.result);
      return {
        verdict: said, check: found.check, read_as: found.read_as, result: found.result,
        line: { verdict: said.charAt(0).toUpperCase() + said.slice(1), check: found.result.check,
          read_as: found.read_as }
      };
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      return { error: error.kind, reason: error.reason, message: error.message };
    }
  }

  // ------------------------------------------------------------------ forms

  var VERDICT_CLASS = {};

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function show(form, text) {
    var line = form.querySelector(".site-consistency-verdict");
    var body = form.querySelector(".site-consistency-explanation");
    var shown = view(text);
    line.textContent = "";
    body.textContent = "";
    if (shown.error) {
      var box = el("div", "site-consistency-message");
      var words = shown.error === "unreadable" ? fill("form.unreadable", { reason: shown.reason }) :
        fill("form.invalid", { reason: shown.message });
      box.appendChild(el("p", "", words));
      box.appendChild(el("p", "", DATA.texts["form.examples"]));
      var list = el("ul", "site-consistency-examples");
      DATA.examples.forEach(function (example) {
        var item = el("li");
        item.appendChild(el("code", "", example));
        list.appendChild(item);
      });
      box.appendChild(list);
      body.appendChild(box);
      form.setAttribute("data-error", shown.error);
      form.removeAttribute("data-verdict");
      return;
    }
    // The verdict line is the template "line"; its verdict is bold and coloured.
    var parts = DATA.texts.line.split(/(\{\w+\})/);
    parts.forEach(function (part) {
      var field = /^\{(\w+)\}$/.exec(part);
      if (!field) { line.appendChild(document.createTextNode(part)); return; }
      if (field[1] === "verdict") {
        line.appendChild(el("b", "site-consistency-" + (VERDICT_CLASS[shown.verdict] || "other"),
          shown.line.verdict));
      } else {
        line.appendChild(document.createTextNode(shown.line[field[1]]));
      }
    });
    body.appendChild(el("p", "", shown.result.explanation));
    form.removeAttribute("data-error");
    form.setAttribute("data-verdict", shown.verdict);
    form.setAttribute("data-message", shown.result.message);
  }

  function start() {
    var sections = document.querySelectorAll(".site-consistency");
    sections.forEach(function (section) {
      var data = JSON.parse(section.querySelector(".site-consistency-data").textContent);
      if (!DATA) setUp(data);
      VERDICT_CLASS[DATA.texts["verdict.possible"]] = "possible";
      VERDICT_CLASS[DATA.texts["verdict.truncation"]] = "truncation";
      VERDICT_CLASS[DATA.texts["verdict.one_sided"]] = "truncation";
      VERDICT_CLASS[DATA.texts["verdict.population_sd"]] = "truncation";
      VERDICT_CLASS[DATA.texts["verdict.impossible"]] = "impossible";
      var form = section.querySelector("form");
      var box = section.querySelector("textarea");
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        show(section, box.value);
      });
      box.addEventListener("keydown", function (event) {
        if (event.key === "Enter" && !event.shiftKey) {
          event.preventDefault();
          show(section, box.value);
        }
      });
      if (box.value.trim()) show(section, box.value);
    });
  }

  window.siteConsistency = { setUp: setUp, checkText: checkText, view: view, verdict: verdict };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
