# Base R counterparts of bench/randomisation-inference.ts: Monte Carlo randomisation inference under complete
# randomisation (number treated kept), difference in means, on the outcome and assignment written by the
# TypeScript side. Only the re-randomisation loop is timed. Variants, fastest idiomatic first:
# - treated_sum_loop: one sample.int(n, n1) per draw; the statistic from the treated sum alone
#   (S1 / n1 - (T - S1) / n0), so each draw is one C-level sample and one sum;
# - index_matrix_colsums: draws in chunks of 1,000 as an n1 x 1,000 index matrix, then colSums(y[idx]);
# - permute_and_mean: replicate(sample(t)) and mean(y[z == 1]) - mean(y[z == 0]), as scripts usually do.
# Usage: Rscript randomisation-inference.R <file> <n> <simulations> <warmups> <repeats>; prints JSON.
args <- commandArgs(trailingOnly = TRUE)
file <- args[1]; n <- as.integer(args[2]); sims <- as.integer(args[3])
warmups <- as.integer(args[4]); repeats <- as.integer(args[5])
suppressPackageStartupMessages(library(jsonlite))
values <- readBin(file, "double", n = 2 * n, endian = "little")
y <- values[seq_len(n)]; t <- values[n + seq_len(n)]
n1 <- sum(t); n0 <- n - n1; total <- sum(y)
observed <- mean(y[t == 1]) - mean(y[t == 0])
set.seed(20240601)

treated_sum_loop <- function() {
  s1 <- vapply(seq_len(sims), function(i) sum(y[sample.int(n, n1)]), numeric(1))
  s1 / n1 - (total - s1) / n0
}
index_matrix_colsums <- function() {
  chunk <- 1000L
  unlist(lapply(split(seq_len(sims), ceiling(seq_len(sims) / chunk)), function(draws) {
    idx <- vapply(draws, function(i) sample.int(n, n1), integer(n1))
    s1 <- colSums(matrix(y[idx], nrow = n1))
    s1 / n1 - (total - s1) / n0
  }), use.names = FALSE)
}
permute_and_mean <- function() {
  replicate(sims, { z <- sample(t); mean(y[z == 1]) - mean(y[z == 0]) })
}

timed <- function(draw, warmups, repeats) {
  for (i in seq_len(warmups)) draw()
  runs <- numeric(repeats)
  for (i in seq_len(repeats)) runs[i] <- system.time(stat <- draw())[["elapsed"]]
  list(seconds_median = median(runs), seconds_runs = runs, warmups = warmups,
       p_value = mean(abs(stat) >= abs(observed) - 1e-12))
}

out <- list(
  r_version = paste(R.version$major, R.version$minor, sep = "."),
  households = n, simulations = sims, treated = n1, observed = observed,
  treated_sum_loop = timed(treated_sum_loop, warmups, repeats),
  index_matrix_colsums = timed(index_matrix_colsums, warmups, repeats),
  # The slowest variant runs once: it only shows what a typical script costs.
  permute_and_mean = timed(permute_and_mean, 0, 1)
)
cat(toJSON(out, auto_unbox = TRUE, digits = NA), "\n")
