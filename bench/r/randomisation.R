# Base R comparison for bench/randomisation.ts: stratified permuted blocks (2:1, block sizes 3, 6, 9) for
# 1,000,000 households across 200 strata, one sample() per block inside each stratum, the way an R script
# would do it. Prints the elapsed seconds (median of 3 runs) as JSON.
set.seed(20260701)
n <- 1e6
strata <- 200
arms <- c("mediation", "usual_care")
ratios <- c(2, 1)
sizes <- c(3, 6, 9)
stratum <- sample.int(strata, n, replace = TRUE)

allocate <- function() {
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

times <- replicate(3, system.time(a <<- allocate())[["elapsed"]])
stopifnot(abs(mean(a == "mediation") - 2 / 3) < 0.01)
cat(sprintf('{"r_version": "%s", "seconds_median": %.3f, "seconds_runs": [%s]}\n',
            paste(R.version$major, R.version$minor, sep = "."), median(times), paste(sprintf("%.3f", times), collapse = ", ")))
