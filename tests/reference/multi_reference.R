# Reference values for the multi-select tables of a weighted, stratified, clustered wave, from R's survey.
# Each option's share among those who answered the question (ticked at least one option): svymean and
# svyciprop(method = "logit") on the option's 0/1 column within the answered domain (subset), overall and
# by role (svyby); and the mean number of options ticked in the same domain.
# Command (from the repository root):
#   Rscript tests/reference/multi_reference.R > tests/reference/multi_reference.csv
suppressMessages(library(survey))
d <- read.csv("tests/reference/multi_fixture.csv")
d$role <- factor(d$role, levels = c("DSL", "Head"))
d$ticked <- d$T1 + d$T2 + d$T3 + d$T4
des <- svydesign(ids = ~school, strata = ~nation, weights = ~weight, fpc = ~schools_in_nation, nest = TRUE, data = d)
answered <- subset(des, ticked > 0)
out <- data.frame()
row <- function(variable, group, s, what = "share") {
  f <- as.formula(paste0("~", variable))
  m <- svymean(f, s)
  lo <- if (what == "share") attr(svyciprop(f, s, method = "logit"), "ci") else confint(m)
  data.frame(variable = variable, group = group, n = nrow(s$variables),
             estimate = sprintf("%.17g", coef(m)[1]), se = sprintf("%.17g", SE(m)[1]),
             lower = sprintf("%.17g", lo[1]), upper = sprintf("%.17g", lo[2]))
}
for (v in c("T1", "T2", "T3", "T4", "ticked")) {
  what <- if (v == "ticked") "mean" else "share"
  out <- rbind(out, row(v, "All", answered, what))
  for (g in levels(d$role)) out <- rbind(out, row(v, g, subset(answered, role == g), what))
}
write.csv(out, stdout(), row.names = FALSE, quote = FALSE)
