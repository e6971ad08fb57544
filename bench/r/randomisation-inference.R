# Base-R counterpart of bench/randomisation-inference.ts: 10,000 re-randomisations of 10,000 households,
# complete randomisation keeping the number treated, difference in means. Prints JSON with the seconds taken.
set.seed(20240601)
n <- 10000; sims <- 10000
y <- rlnorm(n, 3, 0.8); t <- sample(rep(c(0, 1), each = n / 2))
obs <- mean(y[t == 1]) - mean(y[t == 0])
n1 <- sum(t); total <- sum(y)
naive <- system.time(stat <- replicate(sims, { idx <- sample.int(n, n1); mean(y[idx]) - mean(y[-idx]) }))[["elapsed"]]
sums <- system.time(s1 <- replicate(sims, sum(y[sample.int(n, n1)])))[["elapsed"]]
stat2 <- s1 / n1 - (total - s1) / (n - n1)
cat(sprintf('{"r_version": "%s", "naive_seconds": %.3f, "treated_sum_seconds": %.3f, "p_value": %.6f}\n',
  paste(R.version$major, R.version$minor, sep = "."), naive, sums, mean(abs(stat2) >= abs(obs) - 1e-12)))
