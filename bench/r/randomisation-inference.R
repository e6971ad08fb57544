# Base R counterparts of bench/randomisation-inference.ts: Monte Carlo randomisation inference under complete
# randomisation (number treated kept), difference in means, on the assignment and outcomes written by the
# TypeScript side. Only the re-randomisation loop is timed. Variants:
# - treated_sum_loop: one sample.int(n, n1) per draw; the statistic from the treated sum alone
#   (S1 / n1 - (T - S1) / n0), so each draw is one C-level sample and one sum: the fastest base R we could write;
# - index_matrix_colsums: draws in chunks of 1,000 as an n1 x 1,000 index matrix, then colSums(y[idx])
#   (first outcome only: its speed does not depend on the outcome);
# - permute_and_mean: replicate(sample(t)) and mean(y[z == 1]) - mean(y[z == 0]), as scripts usually do (run once).
# Usage: Rscript randomisation-inference.R <file> <n> <simulations> <warmups> <repeats> <name,name,...>
# The file holds n doubles of assignment (0/1) followed by n doubles per named outcome. Prints JSON.
args <- commandArgs(trailingOnly = TRUE)
file <- args[1]; n <- as.integer(args[2]); sims <- as.integer(args[3])
warmups <- as.integer(args[4]); repeats <- as.integer(args[5])
outcomes <- strsplit(args[6], ",", fixed = TRUE)[[1]]
suppressPackageStartupMessages(library(jsonlite))
values <- readBin(file, "double", n = (1 + length(outcomes)) * n, endian = "little")
t <- values[seq_len(n)]
n1 <- sum(t); n0 <- n - n1
set.seed(20240601)

timed <- function(draw, observed, warmups, repeats) {
  for (i in seq_len(warmups)) draw()
  runs <- numeric(repeats)
  for (i in seq_len(repeats)) runs[i] <- system.time(stat <- draw())[["elapsed"]]
  list(seconds_median = median(runs), seconds_runs = runs, warmups = warmups,
       p_value = mean(abs(stat) >= abs(observed) - 1e-12))
}

run_outcome <- function(y, with_matrix) {
  total <- sum(y)
  observed <- mean(y[t == 1]) - mean(y[t == 0])
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
  out <- list(observed = observed, distinct_values = length(unique(y)),
              treated_sum_loop = timed(treated_sum_loop, observed, warmups, repeats))
  if (with_matrix) out$index_matrix_colsums <- timed(index_matrix_colsums, observed, warmups, repeats)
  out$permute_and_mean <- timed(permute_and_mean, observed, 0, 1)
  out
}

results <- lapply(seq_along(outcomes), function(k) run_outcome(values[k * n + seq_len(n)], k == 1))
names(results) <- outcomes
out <- list(r_version = paste(R.version$major, R.version$minor, sep = "."),
            households = n, simulations = sims, treated = n1, outcomes = results)
cat(toJSON(out, auto_unbox = TRUE, digits = NA), "\n")
