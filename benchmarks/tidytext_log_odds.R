# The tidytext pipeline of benchmarks/bench_log_odds.py: a folder of texts -> weighted log odds per framing.
#
# Usage: Rscript benchmarks/tidytext_log_odds.R <corpus folder>
# Prints one line: {"seconds": <wall time of the pipeline after the libraries are loaded>, "cpu_seconds": <its CPU
# time, user + system>, "rows": <rows>}.
#
# unnest_tokens -> anti_join(stop_words) -> count(framing, word) -> bind_log_odds. tidylo is not packaged
# for Debian, so bind_log_odds is written out below: the formula of tidylo's R/bind_log_odds.R
# (Silge, Hayes & Schloerke; Monroe, Colaresi & Quinn 2008, eqs. 15, 18, 21), with its default empirical
# Bayes prior (alpha_w = the word's count over all framings).
suppressPackageStartupMessages({
  library(dplyr)
  library(tidytext)
})

bind_log_odds <- function(tbl) {
  pseudo <- tbl %>%
    group_by(word) %>% mutate(alpha = sum(n)) %>% ungroup() %>%
    mutate(y_wi = n + alpha)
  pseudo %>%
    group_by(word) %>% mutate(y_w = sum(y_wi)) %>% ungroup() %>%
    group_by(framing) %>% mutate(n_i = sum(y_wi)) %>% ungroup() %>%
    mutate(omega_wi = y_wi / (n_i - y_wi),
           omega_w = y_w / (sum(y_wi) - y_w),
           delta_wi = log(omega_wi) - log(omega_w),
           sigma2_wi = 1 / y_wi + 1 / y_w,
           log_odds_weighted = delta_wi / sqrt(sigma2_wi)) %>%
    select(framing, word, n, log_odds_weighted)
}

folder <- commandArgs(trailingOnly = TRUE)[1]
data(stop_words, package = "tidytext")
started <- Sys.time()
cpu_started <- proc.time()
meta <- read.csv(file.path(folder, "metadata.csv"), stringsAsFactors = FALSE, colClasses = "character")
texts <- vapply(meta$file, function(f) paste(readLines(file.path(folder, "raw", f), encoding = "UTF-8",
                                                       warn = FALSE), collapse = "\n"), character(1))
result <- tibble(framing = meta$framing, text = texts) %>%
  unnest_tokens(word, text) %>%
  anti_join(stop_words, by = "word") %>%
  count(framing, word) %>%
  bind_log_odds()
seconds <- as.numeric(difftime(Sys.time(), started, units = "secs"))
cpu <- proc.time() - cpu_started
cat(sprintf('{"seconds": %.4f, "cpu_seconds": %.4f, "rows": %d}\n', seconds,
            cpu[["user.self"]] + cpu[["sys.self"]], nrow(result)))
