# estimatr::lm_robust (HC2) on the data written by bench/ols-hc2.ts, and base R's lm() with
# sandwich::vcovHC(type = "HC2") as a second reference. Only the estimation is timed: the data are read
# once from raw doubles (columns arm, x1..xk, y) before the clock starts.
# Usage: Rscript ols-hc2.R <file> <rows> <covariates> <warmups> <repeats>
args <- commandArgs(trailingOnly = TRUE)
file <- args[1]; n <- as.integer(args[2]); k <- as.integer(args[3])
warmups <- as.integer(args[4]); repeats <- as.integer(args[5])
suppressPackageStartupMessages({ library(estimatr); library(sandwich); library(jsonlite) })

values <- readBin(file, "double", n = n * (k + 2), endian = "little")
stopifnot(length(values) == n * (k + 2))
d <- as.data.frame(matrix(values, nrow = n))
names(d) <- c("arm", paste0("x", seq_len(k)), "y")
rm(values); invisible(gc())
f <- reformulate(c("arm", paste0("x", seq_len(k))), response = "y")

timed <- function(fit) {
  for (i in seq_len(warmups)) fit()
  runs <- numeric(repeats)
  for (i in seq_len(repeats)) {
    invisible(gc())
    runs[i] <- system.time(result <- fit())[["elapsed"]]
  }
  list(seconds_median = median(runs), seconds_runs = runs, result = result)
}

lmr <- timed(function() {
  m <- lm_robust(f, data = d, se_type = "HC2")
  c(estimate = unname(coef(m)["arm"]), std_error = unname(m$std.error["arm"]))
})
sand <- timed(function() {
  m <- lm(f, data = d)
  c(estimate = unname(coef(m)["arm"]), std_error = unname(sqrt(diag(vcovHC(m, type = "HC2")))["arm"]))
})

out <- list(
  r_version = paste(R.version$major, R.version$minor, sep = "."),
  estimatr_version = as.character(packageVersion("estimatr")),
  sandwich_version = as.character(packageVersion("sandwich")),
  # lm() runs LINPACK's QR, lm_robust RcppEigen; the BLAS only touches the sandwich products.
  blas = unname(extSoftVersion()["BLAS"]), lapack = La_library(),
  lm_robust = list(seconds_median = lmr$seconds_median, seconds_runs = lmr$seconds_runs,
                   estimate = lmr$result[["estimate"]], std_error = lmr$result[["std_error"]]),
  lm_vcovHC = list(seconds_median = sand$seconds_median, seconds_runs = sand$seconds_runs,
                   estimate = sand$result[["estimate"]], std_error = sand$result[["std_error"]])
)
cat(toJSON(out, auto_unbox = TRUE, digits = NA), "\n")
