# Base R counterparts of bench/randomisation.ts: stratified permuted blocks (2:1, block sizes 3, 6, 9) for
# 1,000,000 households across 200 strata.
# - per_stratum_sample: one sample() per block inside each stratum, the way an R script usually does it;
# - vectorised: every block of every stratum at once, shuffled by order(block, runif()), no R-level loop.
# Each is checked for the 2:1 split. Usage: Rscript randomisation.R <warmups> <repeats>; prints JSON.
args <- commandArgs(trailingOnly = TRUE)
warmups <- as.integer(args[1]); repeats <- as.integer(args[2])
suppressPackageStartupMessages(library(jsonlite))
set.seed(20260701)
n <- 1e6
strata <- 200
arms <- c("mediation", "usual_care")
ratios <- c(2, 1)
sizes <- c(3, 6, 9)
stratum <- sample.int(strata, n, replace = TRUE)

per_stratum_sample <- function() {
  arm <- character(n)
  for (s in seq_len(strata)) {
    rows <- which(stratum == s)
    need <- length(rows)
    # Enough blocks for the stratum even if every block had the smallest size.
    block_sizes <- sizes[sample.int(length(sizes), ceiling(need / min(sizes)), replace = TRUE)]
    out <- unlist(lapply(block_sizes, function(size) {
      block <- rep(arms, ratios * size / sum(ratios))
      block[sample.int(size)]
    }), use.names = FALSE)
    arm[rows] <- out[seq_len(need)]
  }
  arm
}

vectorised <- function() {
  counts <- tabulate(stratum, strata)
  blocks_per_stratum <- ceiling(counts / min(sizes))
  block_size <- sizes[sample.int(length(sizes), sum(blocks_per_stratum), replace = TRUE)]
  block_of_slot <- rep(seq_along(block_size), block_size)
  position <- sequence(block_size)
  # First ratio[1]/sum(ratios) of each block's slots are arm 1, then shuffle slots within each block.
  arm_of_slot <- ifelse(position <= rep(block_size, block_size) * ratios[1] / sum(ratios), 1L, 2L)
  arm_of_slot <- arm_of_slot[order(block_of_slot, runif(length(block_of_slot)), method = "radix")]
  slots_per_stratum <- tabulate(rep(rep(seq_len(strata), blocks_per_stratum), block_size), strata)
  first_slot <- c(0, cumsum(slots_per_stratum))[seq_len(strata)]
  rows <- order(stratum, method = "radix")
  arm <- character(n)
  arm[rows] <- arms[arm_of_slot[first_slot[stratum[rows]] + sequence(counts)]]
  arm
}

timed <- function(allocate) {
  for (i in seq_len(warmups)) allocate()
  runs <- numeric(repeats)
  for (i in seq_len(repeats)) runs[i] <- system.time(a <- allocate())[["elapsed"]]
  # Every stratum follows 2:1 within one block, so the overall split is 2:1 to within 200 blocks' remainders.
  stopifnot(abs(mean(a == "mediation") - 2 / 3) < 0.001)
  list(seconds_median = median(runs), seconds_runs = runs)
}

out <- list(
  r_version = paste(R.version$major, R.version$minor, sep = "."),
  households = n, strata = strata,
  per_stratum_sample = timed(per_stratum_sample),
  vectorised = timed(vectorised)
)
cat(toJSON(out, auto_unbox = TRUE, digits = NA), "\n")
