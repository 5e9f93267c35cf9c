# Reference values for the weighted SPSS export with user-missing codes written by
# tests/waves/sav_export.py (n = 400, seed 12), from R's survey package (4.1.1) via haven.
# haven reads the user-missing codes (nation 9 = "No answer", conf 8 = "Don't know") as NA,
# so nobody who answered "No answer" is a nation group.
# Command (from the repository root):
#   .venv/bin/python -c "from pathlib import Path; from tests.waves.sav_export import write_weighted_sav; \
#     write_weighted_sav(Path('/tmp/weighted.sav'), n=400)"
#   Rscript tests/reference/weighted_sav_reference.R /tmp/weighted.sav > tests/reference/weighted_sav_reference.csv
suppressMessages({library(survey); library(haven)})
path <- commandArgs(trailingOnly = TRUE)[1]
d <- as.data.frame(read_sav(path))            # user_na = FALSE: user-missing codes become NA
d$notconf <- ifelse(is.na(d$conf), NA, as.numeric(d$conf %in% c(1, 2)))
d$nation_f <- factor(d$nation, levels = c(1, 2), labels = c("England", "Scotland"))
des <- svydesign(ids = ~1, weights = ~WEIGHT, data = d)
out <- data.frame()
num <- function(x) sprintf("%.17g", x)
put <- function(case, group, quantity, value) {
  out <<- rbind(out, data.frame(case = case, group = group, quantity = quantity, value = num(value)))
}
answered <- subset(des, !is.na(notconf))
# the test across nations: only England and Scotland, "No answer" left out
both <- subset(answered, !is.na(nation_f))
rf <- svychisq(~nation_f + notconf, both, statistic = "F")
put("nations", "nation", "F", rf$statistic); put("nations", "nation", "F_ndf", rf$parameter[1])
put("nations", "nation", "F_ddf", rf$parameter[2]); put("nations", "nation", "F_p", rf$p.value)
# the same test with "No answer" as a third group: what a user-missing code read as a group gives
d$nation_9 <- factor(as.numeric(read_sav(path, user_na = TRUE)$nation))
des9 <- svydesign(ids = ~1, weights = ~WEIGHT, data = d)
r9 <- svychisq(~nation_9 + notconf, subset(des9, !is.na(notconf)), statistic = "F")
put("nations_with_no_answer", "nation", "F_p", r9$p.value)
# weighted shares with svyciprop's default (logit) interval, and Kish's effective n
for (g in c("All", "England", "Scotland")) {
  s <- if (g == "All") answered else subset(answered, nation_f == g)
  ci <- svyciprop(~notconf, s)
  w <- weights(s); w <- w[w > 0]
  put("shares", g, "proportion", coef(ci)[1])
  put("shares", g, "ci_lower", confint(ci)[1]); put("shares", g, "ci_upper", confint(ci)[2])
  put("shares", g, "n", length(w)); put("shares", g, "effective_n", sum(w)^2 / sum(w^2))
}
put("shares", "All", "unweighted_proportion", mean(d$notconf, na.rm = TRUE))
write.csv(out, stdout(), row.names = FALSE, quote = FALSE)
