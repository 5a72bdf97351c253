# Reference values from R's survival package for tests/test_reference_r.py.
#
# Regenerate from the repository root with
#     Rscript tests/reference/make_reference.R
# (Debian/Ubuntu: apt-get install r-base-core r-cran-survival). Base R and survival
# only, no other package: the JSON is written by the small writer below.
#
# The script writes the input data sets as CSV (the Python tests read exactly what R
# read) and every value into r_values.json, with the R and survival versions. The two
# cohort frames (cohort_os.csv, cohort_dfs_event_at_start.csv) are written by
# export_cohort.py from the project's own data and only read here.
#
# Conventions: Kaplan-Meier with Greenwood variance and conf.type = "log-log" (95 %);
# Cox models with Efron ties; each binary Cox model codes the grouping as a factor, so
# the reference level is R's first level (for numeric labels, the smallest number).

suppressPackageStartupMessages(library(survival))

here <- local({
  args <- commandArgs(trailingOnly = FALSE)
  file <- sub("^--file=", "", args[grep("^--file=", args)])
  if (length(file)) dirname(normalizePath(file)) else file.path(getwd(), "tests", "reference")
})
CONF <- 0.95
Z_CHISQ <- qchisq(CONF, 1)

# ------------------------------------------------------------------ JSON writer

as_array <- function(x) {
  attr(x, "json_array") <- TRUE
  x
}

json_atom <- function(x) {
  if (length(x) == 0) return(character(0))
  if (is.logical(x)) return(ifelse(is.na(x), "null", ifelse(x, "true", "false")))
  if (is.numeric(x)) {
    x <- as.double(x)
    out <- sprintf("%.17g", x)
    out[is.infinite(x) & x > 0] <- '"Inf"'
    out[is.infinite(x) & x < 0] <- '"-Inf"'
    out[is.na(x)] <- "null"  # NA and NaN
    return(out)
  }
  x <- as.character(x)
  out <- paste0('"', gsub('"', '\\\\"', gsub("\\\\", "\\\\\\\\", x)), '"')
  out[is.na(x)] <- "null"
  out
}

to_json <- function(x, indent = 0) {
  pad <- strrep(" ", indent + 2)
  if (is.data.frame(x)) x <- lapply(as.list(x), as_array)
  if (is.factor(x)) x <- as.character(x)
  if (is.list(x)) {
    if (length(x) == 0) return(if (is.null(names(x))) "[]" else "{}")
    items <- vapply(x, to_json, "", indent = indent + 2)
    if (!is.null(names(x))) items <- paste0(json_atom(names(x)), ": ", items)
    brackets <- if (is.null(names(x))) c("[", "]") else c("{", "}")
    return(paste0(brackets[1], "\n", pad, paste(items, collapse = paste0(",\n", pad)),
                  "\n", strrep(" ", indent), brackets[2]))
  }
  if (is.null(x)) return("null")
  atoms <- json_atom(x)
  if (length(x) == 1 && is.null(attr(x, "json_array"))) return(atoms)
  paste0("[", paste(atoms, collapse = ", "), "]")
}

# ------------------------------------------------------------------ data sets

write_input <- function(df, file) {
  out <- df
  for (col in names(out)) {
    if (is.numeric(out[[col]])) {
      v <- sprintf("%.17g", as.double(out[[col]]))
      v[is.na(out[[col]])] <- "NA"
      out[[col]] <- v
    }
  }
  write.csv(out, file.path(here, file), row.names = FALSE, quote = FALSE, na = "NA")
}

aml_df <- data.frame(time = aml$time, status = aml$status, x = as.character(aml$x))
aml_df$arm_number <- ifelse(aml_df$x == "Maintained", 9, 10)  # R's reference: 9
veteran_df <- data.frame(time = veteran$time, status = veteran$status, trt = veteran$trt,
                         celltype = as.character(veteran$celltype))
lung_df <- data.frame(time = lung$time, status = lung$status - 1, sex = lung$sex)
ovarian_df <- data.frame(futime = ovarian$futime, fustat = ovarian$fustat, rx = ovarian$rx)
heart_df <- data.frame(id = heart$id, start = heart$start, stop = heart$stop,
                       event = heart$event, transplant = heart$transplant)
# One row per patient, the form helpers.survival.time_varying_cox takes: follow-up to the
# last stop, the last interval's event, and the start of the transplanted interval.
heart_subjects <- do.call(rbind, lapply(split(heart_df, heart_df$id), function(d) {
  d <- d[order(d$start), ]
  tx <- d$start[d$transplant == 1]
  data.frame(id = d$id[1], futime = max(d$stop), fustat = d$event[nrow(d)],
             transplant_time = if (length(tx)) tx[1] else NA_real_)
}))
# Small constructed cases at the boundaries of the median and its interval.
toy_df <- rbind(
  data.frame(case = "one_patient", time = 5, status = 1, group = "A"),
  data.frame(case = "one_patient_group", time = c(1, 3, 4, 6, 8, 5),
             status = c(1, 0, 1, 1, 0, 1), group = c("A", "A", "A", "A", "A", "B")),
  data.frame(case = "flat_half", time = c(1, 2, 3, 4, 7, 9), status = c(1, 1, 1, 0, 1, 1),
             group = "A"),
  data.frame(case = "flat_half_to_end", time = c(1, 2, 3, 4), status = c(1, 1, 0, 0),
             group = "A"),
  data.frame(case = "all_die", time = c(1, 2, 3, 4, 5), status = 1, group = "A"),
  # reverse KM (censoring as the event): 3/4 at 1, 1/2 from 2 until 5, then 0
  data.frame(case = "reverse_flat_half", time = c(1, 2, 3, 5), status = c(0, 0, 1, 0),
             group = "A")
)

write_input(aml_df, "aml.csv")
write_input(veteran_df, "veteran.csv")
write_input(lung_df, "lung.csv")
write_input(ovarian_df, "ovarian.csv")
write_input(heart_df, "heart.csv")
write_input(heart_subjects, "heart_subjects.csv")
write_input(toy_df, "toy.csv")

cohort_os <- read.csv(file.path(here, "cohort_os.csv"))
cohort_dfs <- read.csv(file.path(here, "cohort_dfs_event_at_start.csv"))

# The cohort split at transplant, as helpers.survival.to_counting_process does: a child
# transplanted at 0 < t < follow-up contributes (0, t] untransplanted and (t, end]
# transplanted, carrying the event.
counting_process <- function(d, time, event, exposure) {
  rows <- lapply(seq_len(nrow(d)), function(i) {
    t <- d[[time]][i]; e <- d[[event]][i]; x <- d[[exposure]][i]
    if (!is.na(x) && x > 0 && x < t) {
      data.frame(id = d$case_id[i], start = c(0, x), stop = c(x, t), event = c(0, e),
                 exposed = c(0, 1))
    } else {
      data.frame(id = d$case_id[i], start = 0, stop = t, event = e,
                 exposed = as.numeric(!is.na(x) && x == 0))
    }
  })
  do.call(rbind, rows)
}
cohort_tv_all <- counting_process(cohort_os, "os_time", "os_event", "hsct_time")
cohort_tv_cr <- counting_process(cohort_os[cohort_os$complete_remission == 1, ],
                                 "os_time", "os_event", "hsct_time")

# ------------------------------------------------------------------ case list
# Every case names its CSV, the columns, the grouping and (optionally) a row filter, so
# the Python test rebuilds the same frame from the same file.

datasets <- list(
  aml = list(frame = aml_df, file = "aml.csv"),
  veteran = list(frame = veteran_df, file = "veteran.csv"),
  lung = list(frame = lung_df, file = "lung.csv"),
  ovarian = list(frame = ovarian_df, file = "ovarian.csv"),
  cohort_os = list(frame = cohort_os, file = "cohort_os.csv"),
  cohort_dfs = list(frame = cohort_dfs, file = "cohort_dfs_event_at_start.csv"),
  toy = list(frame = toy_df, file = "toy.csv")
)

case <- function(dataset, time, event, group = NULL, filter = NULL) {
  list(dataset = dataset, time = time, event = event, group = group, filter = filter)
}

cases <- list(
  aml_all = case("aml", "time", "status"),
  aml_by_x = case("aml", "time", "status", "x"),
  aml_by_arm_number = case("aml", "time", "status", "arm_number"),
  veteran_by_trt = case("veteran", "time", "status", "trt"),
  veteran_by_celltype = case("veteran", "time", "status", "celltype"),
  lung_by_sex = case("lung", "time", "status", "sex"),
  ovarian_by_rx = case("ovarian", "futime", "fustat", "rx"),
  ovarian_all = case("ovarian", "futime", "fustat"),
  cohort_os_all = case("cohort_os", "os_time", "os_event"),
  cohort_os_by_cr = case("cohort_os", "os_time", "os_event", "complete_remission"),
  cohort_dfs_by_cr = case("cohort_dfs", "dfs_time", "dfs_event", "complete_remission"),
  toy_one_patient = case("toy", "time", "status", filter = "one_patient"),
  toy_one_patient_group = case("toy", "time", "status", "group", filter = "one_patient_group"),
  toy_flat_half = case("toy", "time", "status", filter = "flat_half"),
  toy_flat_half_to_end = case("toy", "time", "status", filter = "flat_half_to_end"),
  toy_all_die = case("toy", "time", "status", filter = "all_die"),
  toy_reverse_flat_half = case("toy", "time", "status", filter = "reverse_flat_half")
)

case_frame <- function(cs) {
  d <- datasets[[cs$dataset]]$frame
  if (!is.null(cs$filter)) d <- d[d$case == cs$filter, ]
  g <- if (is.null(cs$group)) factor(rep("All", nrow(d))) else factor(d[[cs$group]])
  data.frame(time = d[[cs$time]], status = d[[cs$event]], g = g)
}

case_spec <- function(cs, extra = list()) {
  c(list(dataset = cs$dataset, file = datasets[[cs$dataset]]$file, time = cs$time,
         event = cs$event, group = cs$group, filter = cs$filter), extra)
}

# ------------------------------------------------------------------ Kaplan-Meier

strata_levels <- function(fit, d) {
  if (is.null(fit$strata)) return(list(levels = levels(d$g), sizes = length(fit$time)))
  list(levels = sub("^g=", "", names(fit$strata)), sizes = as.integer(fit$strata))
}

km_values <- function(cs) {
  d <- case_frame(cs)
  fit <- survfit(Surv(time, status) ~ g, data = d, conf.type = "log-log", conf.int = CONF)
  st <- strata_levels(fit, d)
  index <- rep(seq_along(st$levels), st$sizes)
  curves <- lapply(seq_along(st$levels), function(k) {
    i <- index == k
    data.frame(time = fit$time[i], n_risk = fit$n.risk[i], n_event = fit$n.event[i],
               n_censor = fit$n.censor[i], surv = fit$surv[i],
               std_err_cumhaz = fit$std.err[i], std_err = fit$surv[i] * fit$std.err[i],
               lower = fit$lower[i], upper = fit$upper[i])
  })
  names(curves) <- st$levels

  probs <- c(0.25, 0.5, 0.75)
  q <- quantile(fit, probs = probs)
  tab <- summary(fit)$table
  if (is.null(dim(tab))) tab <- matrix(tab, nrow = 1, dimnames = list(NULL, names(tab)))
  quant <- lapply(seq_along(st$levels), function(k) {
    row <- function(m) as_array(if (is.null(dim(m))) unname(m) else unname(m[k, ]))
    list(probs = as_array(probs), quantile = row(q$quantile), lower = row(q$lower),
         upper = row(q$upper), print_median = unname(tab[k, "median"]),
         print_lcl = unname(tab[k, "0.95LCL"]), print_ucl = unname(tab[k, "0.95UCL"]))
  })
  names(quant) <- st$levels

  rev <- survfit(Surv(time, 1 - status) ~ g, data = d, conf.type = "log-log")
  rtab <- summary(rev)$table
  if (is.null(dim(rtab))) rtab <- matrix(rtab, nrow = 1, dimnames = list(NULL, names(rtab)))
  rq <- quantile(rev, probs = 0.5)
  reverse <- lapply(seq_along(st$levels), function(k) {
    pick <- function(m) unname(if (is.null(dim(m))) m else m[k, ])
    list(n = unname(rtab[k, "records"]), median = unname(rtab[k, "median"]),
         quantile_median = pick(rq$quantile))
  })
  names(reverse) <- st$levels
  list(spec = case_spec(cs, list(levels = as_array(st$levels))), curves = curves,
       quantiles = quant, reverse_km = reverse)
}

# ------------------------------------------------------------------ log-rank

logrank_values <- function(cs) {
  d <- case_frame(cs)
  sd <- survdiff(Surv(time, status) ~ g, data = d)
  df <- length(sd$n) - 1
  list(spec = case_spec(cs, list(levels = as_array(levels(d$g)))), chisq = sd$chisq,
       df = df, p = pchisq(sd$chisq, df, lower.tail = FALSE),
       n = as_array(as.numeric(sd$n)), observed = as_array(as.numeric(sd$obs)),
       expected = as_array(as.numeric(sd$exp)))
}

# ------------------------------------------------------------------ Cox

quiet_fit <- function(expr) {
  notes <- character(0)
  value <- withCallingHandlers(expr, warning = function(w) {
    notes <<- c(notes, conditionMessage(w))
    invokeRestart("muffleWarning")
  })
  list(value = value, warnings = notes)
}

loglik_at <- function(y, x, b) {
  fit <- suppressWarnings(coxph(y ~ x, ties = "efron", init = b,
                                control = coxph.control(iter.max = 0)))
  c(loglik = fit$loglik[2], information = 1 / fit$var[1, 1])
}

# Both ends of {b : f(b) >= f_max - qchisq(0.95, 1) / 2} by bisection-free root finding;
# an end not reached within 60 units of log hazard ratio is -Inf / Inf.
profile_limits <- function(f, b_hat, f_max) {
  target <- f_max - Z_CHISQ / 2
  g <- function(b) f(b) - target
  one_side <- function(direction) {
    inner <- b_hat
    for (step in 1:60) {
      outer <- b_hat + direction * step
      if (g(outer) < 0) {
        lo <- min(inner, outer); hi <- max(inner, outer)
        return(uniroot(g, c(lo, hi), tol = 1e-13, maxiter = 1000)$root)
      }
      inner <- outer
    }
    direction * Inf
  }
  c(lower = one_side(-1), upper = one_side(1))
}

cox_values <- function(y, x, levels, spec) {
  # eps = 1e-11: the default 1e-9 leaves the coefficient up to a few 1e-9 short of
  # the maximum (lung: 2.4e-9), more than the tests allow
  control <- coxph.control(eps = 1e-11, iter.max = 100)
  fitted <- quiet_fit(coxph(y ~ x, ties = "efron", control = control))
  fit <- fitted$value
  s <- summary(fit)
  b <- unname(coef(fit))
  ll <- function(beta) loglik_at(y, x, beta)[["loglik"]]
  prof <- profile_limits(ll, b, fit$loglik[2])
  wald_ci <- unname(exp(confint(fit, level = CONF)))
  list(
    spec = c(spec, list(levels = as_array(levels), reference = levels[1],
                        comparison = paste(levels[2], "vs", levels[1]))),
    n_rows = fit$n, n_events = fit$nevent, coef = b, se = unname(sqrt(fit$var[1, 1])),
    hazard_ratio = exp(b), wald_z = unname(s$coefficients[1, "z"]),
    wald_p_coef = unname(s$coefficients[1, "Pr(>|z|)"]),
    wald_ci_lower = wald_ci[1], wald_ci_upper = wald_ci[2],
    # summary() rounds the printed Wald statistic to 2 decimals; fit$wald.test is exact.
    wald_test = unname(fit$wald.test), wald_test_printed = unname(s$waldtest[["test"]]),
    wald_p = unname(s$waldtest[["pvalue"]]),
    lr_test = unname(s$logtest[["test"]]), lr_p = unname(s$logtest[["pvalue"]]),
    score_test = unname(s$sctest[["test"]]), score_p = unname(s$sctest[["pvalue"]]),
    loglik_null = fit$loglik[1], loglik = fit$loglik[2], iterations = fit$iter,
    profile_ci_lower = exp(unname(prof["lower"])), profile_ci_upper = exp(unname(prof["upper"])),
    warnings = as_array(fitted$warnings)
  )
}

# Firth's penalised partial likelihood log L(b) + 1/2 log I(b) (Heinze & Schemper 2001),
# evaluated with coxph's own Efron log-likelihood and information at a fixed b.
firth_values <- function(y, x, levels, spec) {
  pl <- function(beta) {
    v <- loglik_at(y, x, beta)
    v[["loglik"]] + 0.5 * log(v[["information"]])
  }
  opt <- optimize(pl, c(-30, 30), maximum = TRUE, tol = 1e-12)
  b <- opt$maximum
  prof <- profile_limits(pl, b, opt$objective)
  lr <- 2 * (opt$objective - pl(0))
  list(
    spec = c(spec, list(levels = as_array(levels), reference = levels[1])),
    coef = b, hazard_ratio = exp(b), penalized_loglik = opt$objective,
    penalized_loglik_null = pl(0), lr_test = lr, lr_p = pchisq(lr, 1, lower.tail = FALSE),
    profile_ci_lower = exp(unname(prof["lower"])), profile_ci_upper = exp(unname(prof["upper"])),
    tolerance_note = "optimize(tol = 1e-12): the maximiser is accurate to about 1e-7"
  )
}

binary_design <- function(cs) {
  d <- case_frame(cs)
  if (nlevels(d$g) != 2) stop("a binary Cox case needs two levels")
  list(y = Surv(d$time, d$status), x = as.numeric(d$g == levels(d$g)[2]),
       levels = levels(d$g), spec = case_spec(cs))
}

counting_design <- function(long, spec) {
  spec$n_subjects <- length(unique(long$id))
  list(y = Surv(long$start, long$stop, long$event), x = as.numeric(long$exposed),
       levels = c("not exposed", "exposed"), spec = spec)
}

cox_cases <- list(
  aml_by_x = binary_design(cases$aml_by_x),
  aml_by_arm_number = binary_design(cases$aml_by_arm_number),
  veteran_by_trt = binary_design(cases$veteran_by_trt),
  lung_by_sex = binary_design(cases$lung_by_sex),
  ovarian_by_rx = binary_design(cases$ovarian_by_rx),
  cohort_os_by_cr = binary_design(cases$cohort_os_by_cr),
  cohort_dfs_by_cr = binary_design(cases$cohort_dfs_by_cr),
  toy_one_patient_group = binary_design(cases$toy_one_patient_group),
  heart_transplant = counting_design(
    data.frame(id = heart_df$id, start = heart_df$start, stop = heart_df$stop,
               event = heart_df$event, exposed = heart_df$transplant),
    list(dataset = "heart", file = "heart_subjects.csv", counting_file = "heart.csv",
         id = "id", time = "futime", event = "fustat", exposure_time = "transplant_time")),
  cohort_os_transplant = counting_design(
    cohort_tv_all,
    list(dataset = "cohort_os", file = "cohort_os.csv", id = "case_id", time = "os_time",
         event = "os_event", exposure_time = "hsct_time")),
  cohort_os_cr_transplant = counting_design(
    cohort_tv_cr,
    list(dataset = "cohort_os", file = "cohort_os.csv", id = "case_id", time = "os_time",
         event = "os_event", exposure_time = "hsct_time", filter_cr = TRUE))
)

# ------------------------------------------------------------------ run and write

km_cases <- cases
logrank_cases <- cases[!vapply(cases, function(cs) is.null(cs$group), TRUE)]
firth_names <- c("aml_by_x", "cohort_os_by_cr", "cohort_dfs_by_cr", "toy_one_patient_group",
                 "heart_transplant", "cohort_os_transplant", "cohort_os_cr_transplant")

values <- list(
  generated_by = "tests/reference/make_reference.R",
  r_version = R.version.string,
  survival_version = as.character(packageVersion("survival")),
  conventions = list(
    kaplan_meier = "survfit(Surv(time, status) ~ g, conf.type = 'log-log', conf.int = 0.95)",
    quantiles = "quantile(fit, c(0.25, 0.5, 0.75)); print's median/LCL/UCL from summary(fit)$table",
    reverse_km = "survfit(Surv(time, 1 - status) ~ g): median of the censoring distribution",
    logrank = "survdiff(Surv(time, status) ~ g), rho = 0",
    cox = paste("coxph(..., ties = 'efron', control = coxph.control(eps = 1e-11));",
                "tests from summary(coxph); profile interval by",
                "uniroot on the partial log-likelihood at fixed b (init = b, iter.max = 0)"),
    firth = paste("maximum of loglik(b) + 0.5 log information(b), both from coxph at fixed b",
                  "(Efron ties); profile penalised-likelihood interval by uniroot"),
    missing = "null is R's NA (a limit not reached); \"Inf\" and \"-Inf\" are infinities"
  ),
  km = lapply(km_cases, km_values),
  logrank = lapply(logrank_cases, logrank_values),
  cox = lapply(cox_cases, function(cc) cox_values(cc$y, cc$x, cc$levels, cc$spec)),
  firth = lapply(cox_cases[firth_names],
                 function(cc) firth_values(cc$y, cc$x, cc$levels, cc$spec))
)

writeLines(to_json(values), file.path(here, "r_values.json"))
cat("wrote", file.path(here, "r_values.json"), "\n")
